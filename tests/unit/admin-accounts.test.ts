import { type SQL, and, count, eq, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type NewAccountInput, newAccountSchema, parseForm } from '../../src/lib/schemas/admin';
import { foldForSearch } from '../../src/lib/search-name';
import { ACCOUNTS_PER_PAGE, createAccount, getAccount, listAccounts, setAccountDisabled, suggestUsername } from '../../src/lib/server/admin';
import { redeemPasswordRecoveryCode } from '../../src/lib/server/auth/accounts';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/session';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { memberships, people, roleGrants, sessions } from '../../src/lib/server/db/schema';
import { agencyId, auditRowsFor, communeId, demoDatabase, personWithRole, provinceId, viewerOf } from '../helpers/admin';
import { makePerson } from '../helpers/fixtures';

let db: AppDatabase;
let phuTho: number;
let hanoi: number;
let admin: ReturnType<typeof personWithRole>;

beforeEach(async () => {
	db = await demoDatabase();
	phuTho = provinceId(db, '25');
	hanoi = provinceId(db, '01');
	admin = personWithRole(db, phuTho, 'province_admin', {}, { fullName: 'Quản Trị Thử' });
});

const countOf = (table: typeof people | typeof sessions, where?: SQL) => db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;

const input = (fields: Partial<NewAccountInput> = {}): NewAccountInput => ({
	fullName: 'Hà Thị Mơ',
	username: null,
	phone: null,
	birthYear: null,
	commune: null,
	hamlet: null,
	agency: null,
	position: null,
	staffGroup: null,
	role: 'learner',
	scope: { commune: communeId(db, '08515') },
	...fields
});

describe('listing accounts', () => {
	it('finds "nguyen" as Nguyễn, in any case, with or without diacritics', () => {
		const found = listAccounts(db, admin.viewer, { query: 'NGUYEN' });
		expect(found.total).toBeGreaterThan(5);
		const names = found.rows.map((r) => foldForSearch(r.fullName));
		expect(names.every((name) => /(^| )nguyen/.test(name))).toBe(true);
		expect(found.rows.map((r) => r.fullName)).toContain('Nguyễn Thị Lan');
		expect(listAccounts(db, admin.viewer, { query: 'nguyễn' }).total).toBe(found.total);
	});

	it('pages 25 at a time, in the order of folded names', () => {
		const first = listAccounts(db, admin.viewer, {});
		expect(first.total).toBe(countOf(people, eq(people.provinceId, phuTho)));
		expect(first.rows).toHaveLength(ACCOUNTS_PER_PAGE);
		expect(first.pageCount).toBe(Math.ceil(first.total / ACCOUNTS_PER_PAGE));
		const last = listAccounts(db, admin.viewer, { page: first.pageCount });
		expect(last.rows).toHaveLength(first.total - (first.pageCount - 1) * ACCOUNTS_PER_PAGE);
		const names = [...first.rows, ...listAccounts(db, admin.viewer, { page: 2 }).rows].map((r) => foldForSearch(r.fullName));
		expect(names).toEqual([...names].sort());
		expect(listAccounts(db, admin.viewer, { page: first.pageCount + 1 }).rows).toEqual([]);
	});

	it('matches the start of each word of the name, so "lan" does not find "Hoàng Lân" twice over', () => {
		makePerson(db, phuTho, { fullName: 'Đỗ Thị Lan' });
		makePerson(db, phuTho, { fullName: 'Hoàng Văn Thanh' });
		const names = listAccounts(db, admin.viewer, { query: 'do lan' }).rows.map((r) => r.fullName);
		expect(names).toContain('Đỗ Thị Lan');
		expect(listAccounts(db, admin.viewer, { query: 'anh' }).rows.map((r) => r.fullName)).not.toContain('Hoàng Văn Thanh');
	});

	it('finds by the start of a username and by a phone number written any usual way', () => {
		makePerson(db, phuTho, { fullName: 'Người Có Số', username: 'co.so.dien.thoai', phone: '+84987650042' });
		expect(listAccounts(db, admin.viewer, { query: 'co.so' }).rows.map((r) => r.username)).toEqual(['co.so.dien.thoai']);
		expect(listAccounts(db, admin.viewer, { query: '0987 650 042' }).rows.map((r) => r.username)).toEqual(['co.so.dien.thoai']);
	});

	it('treats % and _ in a search as letters', () => {
		makePerson(db, phuTho, { fullName: 'Ai Đó', username: 'a_b_c' });
		expect(listAccounts(db, admin.viewer, { query: 'a_b' }).rows.map((r) => r.username)).toEqual(['a_b_c']);
		expect(listAccounts(db, admin.viewer, { query: '%' }).total).toBe(0);
	});

	it('filters by commune of residence, agency, role and status', () => {
		const hyCuong = communeId(db, '08515');
		const byCommune = listAccounts(db, admin.viewer, { unit: { commune: hyCuong } });
		expect(byCommune.total).toBe(countOf(people, eq(people.communeId, hyCuong)));
		const office = agencyId(db, 'SKHCN-VP');
		expect(listAccounts(db, admin.viewer, { unit: { agency: office } }).rows.map((r) => r.username)).toContain('congchuc');
		const facilitators = listAccounts(db, admin.viewer, { role: 'facilitator' }).rows.map((r) => r.username);
		expect(facilitators).toEqual(['hotro.hycuong']);
		const disabled = makePerson(db, phuTho, { fullName: 'Tài Khoản Khóa', disabledAt: new Date() });
		expect(listAccounts(db, admin.viewer, { status: 'disabled' }).rows.map((r) => r.id)).toEqual([disabled.id]);
		expect(listAccounts(db, admin.viewer, { status: 'active', query: 'tai khoan khoa' }).total).toBe(0);
	});

	it('does not count revoked roles', () => {
		const grant = db.select().from(roleGrants).where(eq(roleGrants.role, 'facilitator')).get()!;
		db.update(roleGrants).set({ revokedAt: new Date() }).where(eq(roleGrants.id, grant.id)).run();
		expect(listAccounts(db, admin.viewer, { role: 'facilitator' }).total).toBe(0);
	});

	it('shows each account with its units and active roles', () => {
		const [row] = listAccounts(db, admin.viewer, { query: 'hotro.hycuong' }).rows;
		expect(row).toMatchObject({ username: 'hotro.hycuong', commune: null, agency: 'Ủy ban nhân dân xã Hy Cương', disabled: false });
		expect(row?.roles).toEqual([{ role: 'facilitator', unit: 'Xã Hy Cương' }]);
	});

	it("keeps a province admin to their province; a system admin sees every province", () => {
		makePerson(db, hanoi, { fullName: 'Nguyễn Văn Hà Nội' });
		expect(listAccounts(db, admin.viewer, { query: 'nguyen van ha noi' }).total).toBe(0);
		const otherAdmin = personWithRole(db, hanoi, 'province_admin');
		expect(listAccounts(db, otherAdmin.viewer, { query: 'nguyen van ha noi' }).total).toBe(1);
		expect(listAccounts(db, otherAdmin.viewer, { query: 'hocvien' }).total).toBe(0);
		const system = personWithRole(db, phuTho, 'system_admin');
		expect(listAccounts(db, system.viewer, { query: 'nguyen van ha noi' }).total).toBe(1);
	});

	it('lists nothing to someone who is not an admin', () => {
		const manager = personWithRole(db, phuTho, 'unit_manager');
		expect(listAccounts(db, manager.viewer, {})).toEqual({ rows: [], total: 0, page: 1, pageCount: 0 });
	});

	/** The query plan of each statement a call prepares (parameters do not change SQLite's choice of index here). */
	function plansOf(run: () => void): string[] {
		const statements: string[] = [];
		const prepare = db.$client.prepare.bind(db.$client);
		const spy = vi.spyOn(db.$client, 'prepare').mockImplementation((sql: string) => {
			statements.push(sql);
			return prepare(sql);
		});
		try {
			run();
		} finally {
			spy.mockRestore();
		}
		return statements.map((sql) =>
			db.$client
				.prepare(`EXPLAIN QUERY PLAN ${sql}`)
				.all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null))
				.map((row) => (row as { detail: string }).detail)
				.join('\n')
		);
	}

	it.each([
		['the province', {}, /people_province_name/],
		['a search', { query: 'nguyen' }, /people_province_name/],
		['a commune', { unit: { commune: 7 } }, /people_commune_name/],
		['an agency', { unit: { agency: 3 } }, /people_agency_name/]
	])('reads a page of %s in name order from an index, without sorting', (_, filter, index) => {
		const [count, page] = plansOf(() => listAccounts(db, admin.viewer, filter));
		for (const plan of [count, page]) expect(plan).toMatch(index);
		expect(page).not.toMatch(/TEMP B-TREE/);
	});
});

describe('creating an account', () => {
	it('creates the person, their memberships and first role, and a one-time code', async () => {
		const hyCuong = communeId(db, '08515');
		const office = agencyId(db, 'SKHCN-VP');
		const result = createAccount(
			db,
			admin.viewer,
			input({ fullName: 'Lê Văn Tám', phone: '+84912000111', birthYear: 1990, commune: hyCuong, hamlet: 'Thôn 2', agency: office, position: 'Chuyên viên', staffGroup: 'cong_chuc', role: 'civil_servant', scope: { agency: office } })
		);
		if (result.status !== 'done') throw new Error(JSON.stringify(result));
		expect(result.username).toBe('levantam');
		expect(result.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(result.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
		expect(result.warning).toBeNull();
		const person = db.select().from(people).where(eq(people.id, result.personId)).get()!;
		expect(person).toMatchObject({ provinceId: phuTho, fullName: 'Lê Văn Tám', searchName: 'le van tam', phone: '+84912000111', birthYear: 1990, hamlet: 'Thôn 2', staffGroup: 'cong_chuc', passwordHash: null });
		expect(db.select().from(memberships).where(eq(memberships.personId, result.personId)).all().map((m) => m.kind).sort()).toEqual(['agency', 'residence']);
		expect(db.select().from(roleGrants).where(eq(roleGrants.personId, result.personId)).all()).toMatchObject([
			{ role: 'civil_servant', agencyId: office, communeId: null, provinceId: phuTho, grantedById: admin.id }
		]);
		const [audit] = auditRowsFor(db, 'account.create');
		expect(audit).toMatchObject({ actorId: admin.id, targetType: 'person', targetId: String(result.personId), provinceId: phuTho, requestId: 'test-request' });
		expect(audit?.details).toMatchObject({ username: 'levantam', role: 'civil_servant', unit: 'Văn phòng Sở Khoa học và Công nghệ' });

		// The person chooses their own password with the code, at /recover.
		expect(await redeemPasswordRecoveryCode(db, 'levantam', result.code.toLowerCase(), 'hoa sen nở sáng nay', null)).toBe(true);
	});

	it('suggests a username from the name, with a number when it is taken', () => {
		const first = createAccount(db, admin.viewer, input({ fullName: 'Đặng Thị Ánh' }));
		const second = createAccount(db, admin.viewer, input({ fullName: 'Đặng  thị ánh' }));
		const third = createAccount(db, admin.viewer, input({ fullName: 'ĐẶNG THỊ ÁNH' }));
		expect([first, second, third].map((r) => r.status === 'done' && r.username)).toEqual(['dangthianh', 'dangthianh2', 'dangthianh3']);
		expect(suggestUsername(db, 'Ý')).toBe('nguoidungy');
		expect(suggestUsername(db, 'Nguyễn Thị Lan (bà)')).toBe('nguyenthilanba');
	});

	it('refuses a username someone has, and offers a free one', () => {
		const result = createAccount(db, admin.viewer, input({ username: 'hocvien' }));
		expect(result).toEqual({ status: 'invalid', errors: { username: 'Tên đăng nhập này đã có người dùng. Bạn có thể dùng: hocvien2' } });
	});

	it('creates the account when the phone is shared, and warns', () => {
		makePerson(db, phuTho, { fullName: 'Mẹ', phone: '+84987650099' });
		const result = createAccount(db, admin.viewer, input({ phone: '+84987650099' }));
		expect(result).toMatchObject({ status: 'done', warning: expect.stringContaining('1 tài khoản khác cũng dùng số điện thoại này') });
	});

	it('refuses units outside the province and roles the admin may not grant, changing nothing', () => {
		const before = countOf(people);
		const hoanKiem = communeId(db, '00070');
		expect(createAccount(db, admin.viewer, input({ commune: hoanKiem, scope: { commune: hoanKiem } }))).toEqual({
			status: 'invalid',
			errors: { commune: 'Không tìm thấy đơn vị này trong tỉnh.', scopeCommune: 'Không tìm thấy đơn vị này trong tỉnh.' }
		});
		expect(createAccount(db, admin.viewer, input({ agency: 999_999 }))).toEqual({ status: 'invalid', errors: { agency: 'Không tìm thấy đơn vị này trong tỉnh.' } });
		expect(createAccount(db, admin.viewer, input({ role: 'province_admin', scope: 'province' }))).toEqual({
			status: 'invalid',
			errors: { role: 'Chỉ quản trị hệ thống mới được cấp hoặc thu hồi vai trò quản trị.' }
		});
		expect(countOf(people)).toBe(before);
		expect(auditRowsFor(db, 'account.create')).toEqual([]);
	});

	it('refuses anyone who is not an admin', () => {
		const facilitator = personWithRole(db, phuTho, 'facilitator', { communeId: communeId(db, '08515') });
		expect(createAccount(db, facilitator.viewer, input())).toEqual({ status: 'not_found' });
	});

	it('takes what the form parsed', () => {
		const parsed = parseForm(newAccountSchema, (name) => ({ fullName: 'Phan Văn Mười', role: 'facilitator', scopeCommune: String(communeId(db, '08515')) })[name] ?? '');
		if (!parsed.ok) throw new Error('form refused');
		expect(createAccount(db, admin.viewer, parsed.data)).toMatchObject({ status: 'done', username: 'phanvanmuoi' });
	});
});

describe('disabling and enabling an account', () => {
	const openSession = (personId: number) => {
		const token = generateSessionToken();
		createSession(db, token, personId, { sharedDevice: false, twoFactorVerified: true });
		return token;
	};

	it('disables the account and ends its sessions, with the reason in the log', () => {
		const resident = makePerson(db, phuTho, { fullName: 'Người Dân' });
		const token = openSession(resident.id);
		openSession(resident.id);
		expect(setAccountDisabled(db, admin.viewer, resident.id, true, 'Mất điện thoại')).toEqual({ status: 'done', endedSessions: 2 });
		expect(validateSessionToken(db, token)).toBeNull();
		expect(countOf(sessions, eq(sessions.personId, resident.id))).toBe(0);
		expect(db.select().from(people).where(eq(people.id, resident.id)).get()?.disabledAt).toBeInstanceOf(Date);
		expect(auditRowsFor(db, 'account.disable')).toMatchObject([{ actorId: admin.id, targetId: String(resident.id), details: { reason: 'Mất điện thoại', endedSessions: 2 } }]);

		expect(setAccountDisabled(db, admin.viewer, resident.id, true, 'again')).toEqual({ status: 'invalid', errors: { form: 'Tài khoản này đã bị khóa rồi.' } });
		expect(setAccountDisabled(db, admin.viewer, resident.id, false, 'Đã tìm lại')).toEqual({ status: 'done', endedSessions: 0 });
		expect(db.select().from(people).where(eq(people.id, resident.id)).get()?.disabledAt).toBeNull();
		expect(auditRowsFor(db, 'account.enable')).toMatchObject([{ details: { reason: 'Đã tìm lại' } }]);
	});

	it('does not let an admin disable themselves', () => {
		expect(setAccountDisabled(db, admin.viewer, admin.id, true, 'test')).toEqual({ status: 'invalid', errors: { form: 'Bạn không thể tự khóa tài khoản của mình.' } });
	});

	it('leaves admins to a system admin', () => {
		const peer = personWithRole(db, phuTho, 'province_admin');
		expect(setAccountDisabled(db, admin.viewer, peer.id, true, 'test')).toMatchObject({ status: 'invalid' });
		const system = personWithRole(db, phuTho, 'system_admin');
		expect(setAccountDisabled(db, system.viewer, peer.id, true, 'Nghỉ việc')).toMatchObject({ status: 'done' });
	});

	it("cannot reach another province's account", () => {
		const elsewhere = makePerson(db, hanoi);
		expect(setAccountDisabled(db, admin.viewer, elsewhere.id, true, 'test')).toEqual({ status: 'not_found' });
		expect(setAccountDisabled(db, admin.viewer, 987_654, true, 'test')).toEqual({ status: 'not_found' });
		expect(db.select().from(people).where(and(eq(people.id, elsewhere.id), isNull(people.disabledAt))).get()).toBeDefined();
	});
});

describe('one account', () => {
	it("shows an account of the province, never another province's", () => {
		const elsewhere = makePerson(db, hanoi);
		expect(getAccount(db, admin.viewer, elsewhere.id)).toBeNull();
		expect(getAccount(db, admin.viewer, 987_654)).toBeNull();
		const hocvien = db.select({ id: people.id }).from(people).where(eq(people.username, 'hocvien')).get()!;
		expect(getAccount(db, admin.viewer, hocvien.id)).toMatchObject({
			fullName: 'Nguyễn Thị Lan',
			commune: 'Xã Hy Cương',
			hamlet: 'Thôn 3',
			activated: true,
			canChangeStatus: true,
			grants: [{ role: 'learner', unit: 'Xã Hy Cương', revokedAt: null, canRevoke: true }]
		});
		expect(getAccount(db, viewerOf(db, admin.id), admin.id)).toMatchObject({ canChangeStatus: false, grants: [{ role: 'province_admin', canRevoke: false }] });
	});
});
