import { generateTOTP } from '@oslojs/otp';
import type { APIRequest, APIRequestContext } from '@playwright/test';
import { encodeTotpKey } from '../../../src/lib/server/auth/totp';
import type { Role } from '../../../src/lib/server/db/schema';
import { type TestAccount, createAccount, e2eDatabase } from '../support';

/**
 * People whose names must never reach anyone outside their units. Each name is unique, so a
 * response body that contains it has leaked that person.
 */
export const CANARIES = {
	residentA: { fullName: 'Ứng Thị Dân Hy Cương', role: 'learner', commune: '08515' },
	residentB: { fullName: 'Ứng Thị Dân Việt Trì', role: 'learner', commune: '07900' },
	staffA: { fullName: 'Ứng Văn Cán Bộ Hy Cương', role: 'civil_servant', agency: 'UBND-08515' },
	staffB: { fullName: 'Ứng Văn Cán Bộ Việt Trì', role: 'civil_servant', agency: 'UBND-07900' },
	staffDepartment: { fullName: 'Ứng Văn Chuyên Viên Sở', role: 'civil_servant', agency: 'SKHCN-VP' }
} as const satisfies Record<string, { fullName: string; role: Role; commune?: string; agency?: string }>;
export type CanaryName = keyof typeof CANARIES;

/** Every kind of visitor the matrix tries: each role in its own unit and in another, and a guest. */
export const ACTORS = {
	guest: null,
	learnerA: { role: 'learner', commune: '08515' },
	civilServant: { role: 'civil_servant', agency: 'SKHCN-VP' },
	facilitatorA: { role: 'facilitator', commune: '08515' },
	facilitatorB: { role: 'facilitator', commune: '07900' },
	managerA: { role: 'unit_manager', commune: '08515' },
	managerB: { role: 'unit_manager', commune: '07900' },
	managerDepartment: { role: 'unit_manager', agency: 'SKHCN' },
	managerProvince: { role: 'unit_manager' },
	provinceAdmin: { role: 'province_admin' },
	systemAdmin: { role: 'system_admin' }
} as const satisfies Record<string, { role: Role; commune?: string; agency?: string } | null>;
export type ActorName = keyof typeof ACTORS;

/** Which canaries each actor may see when managing people or reading reports (the canSee rules). */
export const MAY_SEE: Record<ActorName, readonly CanaryName[]> = {
	guest: [],
	learnerA: [],
	civilServant: [],
	facilitatorA: ['residentA'],
	facilitatorB: ['residentB'],
	managerA: ['residentA', 'staffA'],
	managerB: ['residentB', 'staffB'],
	managerDepartment: ['staffDepartment'],
	managerProvince: ['residentA', 'residentB', 'staffA', 'staffB', 'staffDepartment'],
	provinceAdmin: ['residentA', 'residentB', 'staffA', 'staffB', 'staffDepartment'],
	systemAdmin: ['residentA', 'residentB', 'staffA', 'staffB', 'staffDepartment']
};

/**
 * Whose password each actor may reset with a recovery code: facilitators their commune's
 * residents, managers their unit's staff, admins anyone below them.
 */
export const MAY_RECOVER: Record<ActorName, readonly CanaryName[]> = {
	guest: [],
	learnerA: [],
	civilServant: [],
	facilitatorA: ['residentA'],
	facilitatorB: ['residentB'],
	managerA: ['staffA'],
	managerB: ['staffB'],
	managerDepartment: ['staffDepartment'],
	managerProvince: ['staffA', 'staffB', 'staffDepartment'],
	provinceAdmin: ['residentA', 'residentB', 'staffA', 'staffB', 'staffDepartment'],
	systemAdmin: ['residentA', 'residentB', 'staffA', 'staffB', 'staffDepartment']
};

/** Actors whose roles reach the staff pages. */
export const STAFF_ACTORS: readonly ActorName[] = [
	'facilitatorA',
	'facilitatorB',
	'managerA',
	'managerB',
	'managerDepartment',
	'managerProvince',
	'provinceAdmin',
	'systemAdmin'
];

export interface SignedIn {
	account: TestAccount | null;
	request: APIRequestContext;
}

const KNOWN_KEY = new Uint8Array(20).fill(7);

/**
 * A request context signed in as the actor through the real forms: password, then for staff the
 * second factor, with an authenticator key set beforehand in the test database.
 */
export async function signInActor(playwright: { request: APIRequest }, baseURL: string, name: ActorName, address: string): Promise<SignedIn> {
	const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': address, origin: baseURL, accept: 'text/html' } });
	const spec = ACTORS[name];
	if (spec === null) return { account: null, request };
	const account = await createAccount({ ...spec, fullName: `Người thử ma trận ${name}` });
	const staff = spec.role !== 'learner' && spec.role !== 'civil_servant';
	if (staff) {
		e2eDatabase().prepare('INSERT INTO totp_credentials (person_id, secret, created_at) VALUES (?, ?, ?)').run(account.id, encodeTotpKey(KNOWN_KEY), Date.now());
	}
	const signIn = await request.post('/sign-in', { form: { identifier: account.username, password: account.password }, maxRedirects: 0 });
	if (signIn.status() !== 303) throw new Error(`${name} could not sign in: ${signIn.status()}`);
	if (staff) {
		const second = await request.post('/sign-in/two-factor', { form: { code: generateTOTP(KNOWN_KEY, 30, 6) }, maxRedirects: 0 });
		if (second.status() !== 303) throw new Error(`${name} failed the second factor: ${second.status()}`);
	}
	return { account, request };
}

export async function createCanaries(): Promise<Record<CanaryName, TestAccount>> {
	const entries = await Promise.all(
		(Object.keys(CANARIES) as CanaryName[]).map(async (name) => {
			const spec = CANARIES[name];
			return [name, await createAccount(spec)] as const;
		})
	);
	return Object.fromEntries(entries) as Record<CanaryName, TestAccount>;
}
