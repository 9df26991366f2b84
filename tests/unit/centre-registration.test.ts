import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/schemas/admin';
import { parsePersonIds, registrationSchema } from '../../src/lib/schemas/centre';
import {
	ACTIVATION_LIFETIME_MS,
	CONSENT_PURPOSE,
	CONSENT_TEXT_VERSION,
	centreCommunes,
	findPossibleDuplicates,
	registerResident
} from '../../src/lib/server/centre';
import { redeemActivationCode } from '../../src/lib/server/auth/accounts';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { consentRecords, memberships, oneTimeCodes, people, roleGrants } from '../../src/lib/server/db/schema';
import type { RegistrationInput } from '../../src/lib/schemas/centre';
import { auditRowsFor, communeId, demoDatabase, personWithRole, provinceId, viewerOf } from '../helpers/admin';

let db: AppDatabase;
let hyCuong: number;
let vietTri: number;
let province: number;

beforeEach(async () => {
	db = await demoDatabase();
	province = provinceId(db, '25');
	hyCuong = communeId(db, '08515');
	vietTri = communeId(db, '07900');
});

const facilitatorOf = (commune: number) => viewerOf(db, personWithRole(db, province, 'facilitator', { communeId: commune }).id);

const input = (overrides: Partial<RegistrationInput> = {}): RegistrationInput => ({
	fullName: 'Khổng Thị Thử Nghiệm',
	phone: '+84961230001',
	birthYear: 1962,
	commune: hyCuong,
	hamlet: 'Thôn Đồng Lạc',
	consent: 'on',
	createAnyway: false,
	...overrides
});

function registered(outcome: ReturnType<typeof registerResident>) {
	if (outcome.status !== 'done') throw new Error(`expected a registration, got ${outcome.status}`);
	return outcome;
}

describe('assisted registration', () => {
	it('creates the learner of the commune, living there from now, with their consent, a 30-day activation code and an audit row', () => {
		const facilitator = facilitatorOf(hyCuong);
		const now = new Date('2026-03-02T03:00:00Z');
		const done = registered(registerResident(db, facilitator, input(), now));

		expect(done.username).toBe('khongthithunghiem');
		expect(done.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(done.expiresAt.getTime()).toBe(now.getTime() + ACTIVATION_LIFETIME_MS);
		const person = db.select().from(people).where(eq(people.id, done.personId)).get()!;
		expect(person).toMatchObject({
			fullName: 'Khổng Thị Thử Nghiệm',
			searchName: 'khong thi thu nghiem',
			phone: '+84961230001',
			birthYear: 1962,
			communeId: hyCuong,
			hamlet: 'Thôn Đồng Lạc',
			passwordHash: null,
			provinceId: province
		});
		expect(db.select().from(roleGrants).where(eq(roleGrants.personId, done.personId)).all()).toEqual([
			expect.objectContaining({ role: 'learner', communeId: hyCuong, agencyId: null, grantedById: facilitator.personId, revokedAt: null })
		]);
		expect(db.select().from(memberships).where(eq(memberships.personId, done.personId)).all()).toEqual([
			expect.objectContaining({ kind: 'residence', communeId: hyCuong, startedAt: now, endedAt: null, recordedById: facilitator.personId })
		]);
		expect(db.select().from(consentRecords).where(eq(consentRecords.personId, done.personId)).all()).toEqual([
			expect.objectContaining({ purpose: CONSENT_PURPOSE, textVersion: CONSENT_TEXT_VERSION, givenAt: now, recordedById: facilitator.personId, withdrawnAt: null })
		]);
		const codes = db.select().from(oneTimeCodes).where(eq(oneTimeCodes.personId, done.personId)).all();
		expect(codes).toHaveLength(1);
		expect(codes[0]).toMatchObject({ purpose: 'activation', issuedById: facilitator.personId, usedAt: null });
		// Only the hash is stored.
		expect(JSON.stringify(codes)).not.toContain(done.code.replaceAll('-', ''));
		const audit = auditRowsFor(db, 'centre.register');
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: facilitator.personId, targetId: String(done.personId), communeId: hyCuong, provinceId: province, requestId: 'test-request' });
	});

	it('gives the new person a card that signs them in once, with a password to choose', () => {
		const done = registered(registerResident(db, facilitatorOf(hyCuong), input()));
		expect(redeemActivationCode(db, done.username, done.code.toLowerCase(), null)).toBe(done.personId);
		expect(db.select({ must: people.mustChangePassword }).from(people).where(eq(people.id, done.personId)).get()?.must).toBe(true);
		expect(redeemActivationCode(db, done.username, done.code, null)).toBeNull();
	});

	it("refuses a commune the facilitator does not look after, writing nothing (a forged form)", () => {
		const facilitator = facilitatorOf(vietTri);
		const before = db.select().from(people).all().length;
		const outcome = registerResident(db, facilitator, input());
		expect(outcome).toEqual({ status: 'invalid', errors: { commune: expect.any(String) } });
		expect(db.select().from(people).all()).toHaveLength(before);
		expect(auditRowsFor(db, 'centre.register')).toHaveLength(0);
	});

	it('lets a province admin register into any commune of the province', () => {
		const admin = viewerOf(db, personWithRole(db, province, 'province_admin').id);
		expect(registered(registerResident(db, admin, input({ commune: vietTri }))).commune).toBe('Phường Việt Trì');
	});

	it('refuses people who only read reports, even for their own commune', () => {
		const manager = viewerOf(db, personWithRole(db, province, 'unit_manager', { communeId: hyCuong }).id);
		expect(registerResident(db, manager, input()).status).toBe('invalid');
		expect(centreCommunes(db, manager)).toEqual([]);
	});

	it('makes usernames unique from the folded name', () => {
		const facilitator = facilitatorOf(hyCuong);
		const first = registered(registerResident(db, facilitator, input({ fullName: 'Lò Văn Đức', phone: null })));
		const second = registered(registerResident(db, facilitator, input({ fullName: 'Lò Văn Đức', phone: null, birthYear: 1990 })));
		expect([first.username, second.username]).toEqual(['lovanduc', 'lovanduc2']);
	});
});

describe('possible duplicates', () => {
	it('stop a second registration with the same phone, and go ahead when the facilitator says it is someone else', () => {
		const facilitator = facilitatorOf(hyCuong);
		const first = registered(registerResident(db, facilitator, input()));
		const again = registerResident(db, facilitator, input({ fullName: 'Khổng Văn Chồng', birthYear: 1960 }));
		expect(again).toMatchObject({ status: 'duplicates', elsewhere: 0, matches: [{ id: first.personId, samePhone: true, canCard: true, phone: '0961 230 001' }] });
		const anyway = registered(registerResident(db, facilitator, input({ fullName: 'Khổng Văn Chồng', birthYear: 1960, createAnyway: true })));
		expect(anyway.personId).not.toBe(first.personId);
		expect(auditRowsFor(db, 'centre.register').at(-1)?.details).toMatchObject({ possibleDuplicates: 1 });
	});

	it('match the same name typed without diacritics and the same birth year in the same commune', () => {
		const facilitator = facilitatorOf(hyCuong);
		const first = registered(registerResident(db, facilitator, input({ phone: null })));
		const check = (fullName: string, birthYear: number, commune = hyCuong) =>
			findPossibleDuplicates(db, facilitator, { fullName, birthYear, phone: null, commune }).matches.map((match) => match.id);
		expect(check('khong thi thu nghiem', 1962)).toEqual([first.personId]);
		expect(check('KHỔNG  THỊ THỬ NGHIỆM', 1962)).toEqual([first.personId]);
		expect(check('Khổng Thị Thử Nghiệm', 1963)).toEqual([]);
		expect(check('Khổng Thị Thử Nghiệm', 1962, vietTri)).toEqual([]);
	});

	it("count a same-phone account in another commune without naming it to the facilitator", () => {
		registered(registerResident(db, facilitatorOf(vietTri), input({ commune: vietTri, fullName: 'Người Ở Việt Trì' })));
		const found = findPossibleDuplicates(db, facilitatorOf(hyCuong), { fullName: 'Người Khác', birthYear: 1970, phone: '+84961230001', commune: hyCuong });
		expect(found).toEqual({ matches: [], elsewhere: 1 });
		const outcome = registerResident(db, facilitatorOf(hyCuong), input({ fullName: 'Người Khác' }));
		expect(JSON.stringify(outcome)).not.toContain('Người Ở Việt Trì');
	});

	it('ignore anonymised people', () => {
		const facilitator = facilitatorOf(hyCuong);
		const first = registered(registerResident(db, facilitator, input()));
		db.update(people).set({ anonymisedAt: new Date() }).where(eq(people.id, first.personId)).run();
		expect(findPossibleDuplicates(db, facilitator, input())).toEqual({ matches: [], elsewhere: 0 });
	});
});

describe('the communes a centre worker registers into', () => {
	it('are a facilitator’s own and every commune of an admin’s province', () => {
		expect(centreCommunes(db, facilitatorOf(hyCuong))).toEqual([{ id: hyCuong, name: 'Xã Hy Cương' }]);
		const admin = viewerOf(db, personWithRole(db, province, 'province_admin').id);
		expect(centreCommunes(db, admin)).toHaveLength(148);
	});
});

describe('the registration form', () => {
	const read = (fields: Record<string, string>) => (name: string) => fields[name] ?? '';
	const complete = { fullName: '  Hà   Thị  Lan ', phone: '0912.345.678', birthYear: '1958', commune: '12', hamlet: 'Tổ 5', consent: 'on' };

	it('reads a complete form, the phone in its stored form and the name with single spaces', () => {
		const parsed = parseForm(registrationSchema, read(complete));
		expect(parsed.ok && parsed.data).toEqual({ fullName: 'Hà Thị Lan', phone: '+84912345678', birthYear: 1958, commune: 12, hamlet: 'Tổ 5', consent: 'on', createAnyway: false });
	});

	it('needs the consent box ticked, a birth year and a hamlet; the phone may be left empty', () => {
		const parsed = parseForm(registrationSchema, read({ ...complete, consent: '', birthYear: '', hamlet: '', phone: '' }));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['birthYear', 'consent', 'hamlet']);
	});

	it('refuses a forged commune value and a phone that is not a Vietnamese mobile', () => {
		const parsed = parseForm(registrationSchema, read({ ...complete, commune: '1 OR 1=1', phone: '024 3825 1234' }));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['commune', 'phone']);
	});

	it('turns ticked people into ids, dropping anything else', () => {
		expect(parsePersonIds(['3', '3', '12', 'abc', '0', '-1', '1e3'])).toEqual([3, 12]);
	});
});

it('keeps registrations to the province of the commune', () => {
	const done = registered(registerResident(db, facilitatorOf(hyCuong), input()));
	expect(db.select().from(roleGrants).where(and(eq(roleGrants.personId, done.personId), eq(roleGrants.provinceId, province))).all()).toHaveLength(1);
});
