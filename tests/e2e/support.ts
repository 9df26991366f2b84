import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import AxeBuilder from '@axe-core/playwright';
import { type Page, test as base, expect } from '@playwright/test';
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/lib/server/auth/password';
import { decodeTotpKey, encodeTotpKey } from '../../src/lib/server/auth/totp';
import type { Role } from '../../src/lib/server/db/schema';
import { foldForSearch } from '../../src/lib/search-name';

export { expect };

/** Resolves once the page's scripts have taken over (the root layout marks it), or at once without JavaScript. */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForFunction(() => !document.querySelector('script[nonce]') || document.documentElement.dataset.hydrated !== undefined, null, { timeout: 15_000 }).catch(() => undefined);
}

/**
 * Each test signs in from its own client address, so per-address limits never leak between
 * tests; and `page.goto`/`reload` wait for hydration, so a test never types into a field that
 * hydration is about to reset.
 */
export const test = base.extend({
	extraHTTPHeaders: async ({}, use, testInfo) => {
		const n = createHash('sha256').update(testInfo.testId + testInfo.project.name).digest();
		await use({ 'x-forwarded-for': `10.${n[0]}.${n[1]}.${n[2]}` });
	},
	page: async ({ page, javaScriptEnabled }, use) => {
		if (javaScriptEnabled) {
			const goto = page.goto.bind(page);
			const reload = page.reload.bind(page);
			page.goto = async (...args) => {
				const response = await goto(...args);
				await hydrated(page);
				return response;
			};
			page.reload = async (...args) => {
				const response = await reload(...args);
				await hydrated(page);
				return response;
			};
		}
		await use(page);
	}
});

export const DEMO_PASSWORD = 'hocvuso-demo-2026';

let database: Database.Database | undefined;
/** The end-to-end server's own throwaway database, for arranging data and reading secrets. */
export function e2eDatabase(): Database.Database {
	const file = process.env.E2E_DATABASE_URL;
	if (!file) throw new Error('E2E_DATABASE_URL is not set: run the tests through playwright.config.ts');
	database ??= new Database(file);
	database.pragma('busy_timeout = 5000');
	return database;
}

export interface TestAccount {
	id: number;
	username: string;
	password: string;
	fullName: string;
}

const unitId = (table: 'communes' | 'agencies', code: string) =>
	(e2eDatabase().prepare(`SELECT id FROM ${table} WHERE code = ?`).get(code) as { id: number } | undefined)?.id ??
	(() => {
		throw new Error(`no ${table} with code ${code}`);
	})();

/**
 * A fresh account of the test's own, so tests never share sign-in counters or second factors.
 * Units by code: communes by GSO code (08515 Hy Cương, 07900 Việt Trì), agencies by demo code.
 */
export async function createAccount(options: {
	role: Role;
	commune?: string;
	agency?: string;
	residence?: string;
	phone?: string;
	fullName?: string;
	/** Makes a civil servant count in reports: staff group and membership histories, from yesterday. */
	staffGroup?: 'can_bo' | 'cong_chuc' | 'vien_chuc';
}): Promise<TestAccount> {
	const db = e2eDatabase();
	const username = `e2e.${randomBytes(5).toString('hex')}`;
	const password = `mat khau ${randomBytes(4).toString('hex')}`;
	const fullName = options.fullName ?? `Người Thử ${username.slice(4)}`;
	const passwordHash = await hashPassword(password);
	const provinceId = (db.prepare("SELECT id FROM provinces WHERE code = '25'").get() as { id: number }).id;
	const residence = options.residence ?? (options.role === 'learner' ? options.commune : undefined);
	const { id } = db
		.prepare(
			`INSERT INTO people (province_id, username, full_name, search_name, phone, commune_id, agency_id, password_hash)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		)
		.get(
			provinceId,
			username,
			fullName,
			foldForSearch(fullName),
			options.phone ?? null,
			residence ? unitId('communes', residence) : null,
			options.agency ? unitId('agencies', options.agency) : null,
			passwordHash
		) as { id: number };
	db.prepare('INSERT INTO role_grants (person_id, role, province_id, commune_id, agency_id, granted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
		id,
		options.role,
		provinceId,
		options.commune ? unitId('communes', options.commune) : null,
		options.agency && options.role !== 'learner' ? unitId('agencies', options.agency) : null,
		Date.now()
	);
	const since = Date.now() - 24 * 3600_000;
	if (options.staffGroup && options.agency) {
		db.prepare('UPDATE people SET staff_group = ? WHERE id = ?').run(options.staffGroup, id);
		db.prepare("INSERT INTO memberships (person_id, kind, agency_id, staff_group, started_at) VALUES (?, 'agency', ?, ?, ?)").run(id, unitId('agencies', options.agency), options.staffGroup, since);
	}
	if (options.staffGroup && residence) db.prepare("INSERT INTO memberships (person_id, kind, commune_id, started_at) VALUES (?, 'residence', ?, ?)").run(id, unitId('communes', residence), since);
	return { id, username, password, fullName };
}

/** The code an authenticator app would show now for this person. */
export function totpCode(personId: number): string {
	const row = e2eDatabase().prepare('SELECT secret FROM totp_credentials WHERE person_id = ?').get(personId) as { secret: string } | undefined;
	if (!row) throw new Error(`person ${personId} has no authenticator`);
	return generateTOTP(decodeTotpKey(row.secret), 30, 6);
}

/** The code for a key read off the set-up page ("ABCD EFGH …"), as an authenticator app would. */
export function totpCodeForShownKey(shown: string): string {
	return generateTOTP(decodeBase32IgnorePadding(shown.replace(/\s/g, '')), 30, 6);
}

export async function fillSignIn(page: Page, identifier: string, password: string, options: { shared?: boolean } = {}) {
	await page.getByLabel(/Tên đăng nhập hoặc số điện thoại|Username or phone number/).fill(identifier);
	await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
	if (options.shared) await page.getByRole('checkbox').check();
	// Wait for the answer, so the next step never races a submission still in flight.
	await Promise.all([
		page.waitForResponse((response) => response.request().method() === 'POST'),
		page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).last().click()
	]);
}

/**
 * Signs in by posting the sign-in, second-factor and authenticator set-up forms as a browser
 * would, then opens the page the server sends the person to: each journey saves the page loads,
 * and the forms themselves are tested through the pages in auth/sign-in.spec.ts.
 */
export async function signIn(page: Page, account: TestAccount, options: { shared?: boolean } = {}) {
	const origin = process.env.E2E_BASE_URL;
	if (!origin) throw new Error('E2E_BASE_URL is not set: run the tests through playwright.config.ts');
	const post = async (path: string, form: Record<string, string>, status = 303) => {
		const response = await page.request.post(path, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
		if (response.status() !== status) throw new Error(`${account.username}: POST ${path} answered ${response.status()}, not ${status}`);
		return response.headers()['location'] ?? '';
	};
	let next = await post('/sign-in', { identifier: account.username, password: account.password, ...(options.shared ? { shared: 'on' } : {}) });
	if (next.includes('/account/two-factor/setup')) {
		// As the set-up page does: a new key in the form, and the code an authenticator shows for it.
		const key = new Uint8Array(randomBytes(20));
		const carried = new URL(next, origin).searchParams.get('next') ?? '';
		await post('/account/two-factor/setup?/enrol', { key: encodeTotpKey(key), code: generateTOTP(key, 30, 6), next: carried }, 200);
		next = carried || '/me';
	} else if (next.includes('/sign-in/two-factor')) {
		next = await post('/sign-in/two-factor', { code: totpCode(account.id) });
	}
	await page.goto(next);
}

/** No serious or critical WCAG 2.1 A/AA problem on the page, as axe finds them, with where they are. */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const blocking = results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => ({ rule: violation.id, impact: violation.impact, where: violation.nodes.map((node) => node.target.join(' ')) }));
	expect(blocking, label ?? page.url()).toEqual([]);
}
