import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consumeCode } from '../../src/lib/server/auth/codes';
import type { Grant } from '../../src/lib/server/auth/scope';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { MAX_TABLE_BYTES } from '../../src/lib/server/org';
import { type RosterScope, importRoster, rosterScope, rosterTemplate } from '../../src/lib/server/people/roster-import';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { fileSource, source } from '../helpers/org';

const FIXTURES = path.resolve('tests/fixtures/roster');
const HEADER = 'Họ và tên,Số điện thoại,Email,Mã cơ quan,Chức vụ,Nhóm\n';
const JANUARY = new Date('2026-01-15T03:00:00Z');
const MARCH = new Date('2026-03-02T03:00:00Z');

interface World {
	db: AppDatabase;
	provinceId: number;
	agency: Record<'science' | 'office' | 'school' | 'health', number>;
	admin: RosterScope;
	manager: RosterScope;
}

/** Phú Thọ with the department of science (its office, and a school coded 0123 under it) and the department of health. */
function world(): World {
	const db = testDatabase();
	const province = makeProvince(db);
	const science = makeAgency(db, province.id, { code: 'SO-KHCN', name: 'Sở Khoa học và Công nghệ' });
	const office = makeAgency(db, province.id, { code: 'SO-KHCN-VP', name: 'Văn phòng Sở KH&CN', parentAgencyId: science.id });
	const school = makeAgency(db, province.id, { code: '0123', name: 'Trường thử 0123', parentAgencyId: science.id });
	const health = makeAgency(db, province.id, { code: 'SO-YTE', name: 'Sở Y tế' });
	const adminPerson = makePerson(db, province.id, { fullName: 'Quản Trị Tỉnh' });
	const managerPerson = makePerson(db, province.id, { fullName: 'Quản Lý Sở' });
	return {
		db,
		provinceId: province.id,
		agency: { science: science.id, office: office.id, school: school.id, health: health.id },
		admin: { personId: adminPerson.id, provinceId: province.id, agencyIds: null, requestId: 'req-admin' },
		manager: { personId: managerPerson.id, provinceId: province.id, agencyIds: [science.id], requestId: 'req-manager' }
	};
}

const fixture = (name: string) => fileSource(FIXTURES, name);

const personBy = (db: AppDatabase, column: 'phone' | 'email', value: string) =>
	db.$client.prepare(`SELECT * FROM people WHERE ${column} = ?`).get(value) as Record<string, unknown> | undefined;

/** Everything an import may write. */
function written(db: AppDatabase) {
	const all = (table: string) => db.$client.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
	return {
		people: all('people'),
		memberships: all('memberships'),
		grants: all('role_grants'),
		codes: all('one_time_codes'),
		audit: all('audit_log')
	};
}

type Row = { line?: number; column?: string; code: string };
const problemsOf = (result: Awaited<ReturnType<typeof importRoster>>): Row[] =>
	result.ok ? [] : result.problems.map(({ line, column, code }) => ({ line, column, code }));

describe('who may import a roster', () => {
	const grant = (role: Grant['role'], unit: { communeId?: number; agencyId?: number } = {}): Grant => ({
		role,
		provinceId: 1,
		communeId: unit.communeId ?? null,
		agencyId: unit.agencyId ?? null
	});

	it('lets an admin enrol staff of every agency of the province', () => {
		expect(rosterScope({ personId: 5, grants: [grant('province_admin')] })).toMatchObject({ provinceId: 1, agencyIds: null });
		expect(rosterScope({ personId: 5, grants: [grant('system_admin')] })).toMatchObject({ agencyIds: null });
	});

	it('keeps an agency’s manager to the agencies they were granted', () => {
		expect(rosterScope({ personId: 5, grants: [grant('unit_manager', { agencyId: 7 }), grant('unit_manager', { agencyId: 9 })] })).toMatchObject({
			agencyIds: [7, 9]
		});
	});

	it('refuses a commune’s manager, the read-only province manager, facilitators and learners', () => {
		for (const grants of [[grant('unit_manager', { communeId: 3 })], [grant('unit_manager')], [grant('facilitator', { communeId: 3 })], [grant('civil_servant', { agencyId: 7 })]]) {
			expect(rosterScope({ personId: 5, grants })).toBeNull();
		}
	});
});

describe('importing a roster', () => {
	let w: World;

	beforeEach(() => {
		w = world();
	});

	it('creates each account with its agency membership, civil-servant role and a hashed activation code shown once', async () => {
		const result = await importRoster(w.db, fixture('roster-vi.csv'), w.manager, JANUARY);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
		expect(result.accounts.map(({ line, fullName, username, agency }) => ({ line, fullName, username, agency }))).toEqual([
			{ line: 2, fullName: 'Nguyễn Văn An', username: 'nguyenvanan', agency: 'Sở Khoa học và Công nghệ' },
			{ line: 3, fullName: 'Trần Thị Bình', username: 'tranthibinh', agency: 'Trường thử 0123' },
			{ line: 4, fullName: 'Lê Hoàng, Cường', username: 'lehoangcuong', agency: 'Văn phòng Sở KH&CN' }
		]);
		expect(personBy(w.db, 'phone', '+84912345678')).toMatchObject({
			full_name: 'Nguyễn Văn An',
			search_name: 'nguyen van an',
			agency_id: w.agency.science,
			position: 'Chuyên viên',
			staff_group: 'cong_chuc',
			password_hash: null
		});
		expect(personBy(w.db, 'email', 'binh.tran@phutho.gov.vn')).toMatchObject({ phone: null, agency_id: w.agency.school, staff_group: 'vien_chuc' });
		expect(personBy(w.db, 'phone', '+84983111222')).toMatchObject({ email: 'cuong.le@phutho.gov.vn', staff_group: 'can_bo' });

		const { memberships, grants, codes, audit } = written(w.db);
		expect(memberships).toHaveLength(3);
		expect(memberships[2]).toMatchObject({ kind: 'agency', agency_id: w.agency.office, staff_group: 'can_bo', position: 'Phó Chánh Văn phòng', ended_at: null });
		expect(grants.map((g: any) => [g.role, g.agency_id])).toEqual([
			['civil_servant', w.agency.science],
			['civil_servant', w.agency.school],
			['civil_servant', w.agency.office]
		]);
		expect(codes.map((c: any) => c.purpose)).toEqual(['activation', 'activation', 'activation']);
		for (const [index, account] of result.accounts.entries()) {
			const stored = codes[index] as { person_id: number; code_hash: string };
			expect(stored.code_hash).not.toContain(account.code.replaceAll('-', ''));
			expect(consumeCode(w.db, stored.person_id, 'activation', account.code, JANUARY)).toBe(true);
		}
		expect(audit.map((a: any) => [a.action, a.actor_id, a.agency_id, JSON.parse(a.details)])).toEqual([
			['roster.import', w.manager.personId, w.agency.science, { file: 'roster-vi.csv', created: 3, updated: 0, unchanged: 0 }]
		]);
	});

	it('reports everyone unchanged when the same file comes again, and writes only its audit entry', async () => {
		await importRoster(w.db, fixture('roster-vi.csv'), w.manager, JANUARY);
		const before = written(w.db);
		const again = await importRoster(w.db, fixture('roster-vi.csv'), w.manager, MARCH);
		expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3, accounts: [] });
		const after = written(w.db);
		expect({ ...after, audit: [] }).toEqual({ ...before, audit: [] });
		expect(after.audit).toHaveLength(2);
	});

	it('updates the account with the same phone or email: a new agency closes the old membership and role, a new position changes it in place', async () => {
		await importRoster(w.db, fixture('roster-vi.csv'), w.manager, JANUARY);
		const file = source(
			'doi.csv',
			`${HEADER}Nguyễn Văn An,,,SO-KHCN-VP,Chuyên viên,công chức\n` +
				`Trần Thị Bình,0912000999,binh.tran@phutho.gov.vn,0123,Tổ trưởng,viên chức\n` +
				`"Lê Hoàng, Cường",0983111222,,SO-KHCN-VP,Phó Chánh Văn phòng,cán bộ\n`
		);
		// The first row has neither phone nor email left: it cannot be matched, and is refused.
		expect(problemsOf(await importRoster(w.db, file, w.manager, MARCH))).toEqual([{ line: 2, column: 'Số điện thoại', code: 'roster_contact_missing' }]);

		const fixed = source('doi.csv', new TextDecoder().decode(file.bytes).replace('Nguyễn Văn An,,', 'Nguyễn Văn An,0912345678,'));
		expect(await importRoster(w.db, fixed, w.manager, MARCH)).toMatchObject({ ok: true, created: 0, updated: 2, unchanged: 1 });
		const an = personBy(w.db, 'phone', '+84912345678') as { id: number; agency_id: number };
		expect(an.agency_id).toBe(w.agency.office);
		const history = w.db.$client.prepare('SELECT agency_id, started_at, ended_at FROM memberships WHERE person_id = ? ORDER BY id').all(an.id);
		expect(history).toEqual([
			{ agency_id: w.agency.science, started_at: JANUARY.getTime(), ended_at: MARCH.getTime() },
			{ agency_id: w.agency.office, started_at: MARCH.getTime(), ended_at: null }
		]);
		const roles = w.db.$client.prepare('SELECT agency_id, revoked_at FROM role_grants WHERE person_id = ? ORDER BY id').all(an.id);
		expect(roles).toEqual([
			{ agency_id: w.agency.science, revoked_at: MARCH.getTime() },
			{ agency_id: w.agency.office, revoked_at: null }
		]);
		const binh = personBy(w.db, 'email', 'binh.tran@phutho.gov.vn') as { id: number; phone: string; position: string };
		expect(binh).toMatchObject({ phone: '+84912000999', position: 'Tổ trưởng' });
		expect(w.db.$client.prepare('SELECT position, ended_at FROM memberships WHERE person_id = ?').all(binh.id)).toEqual([{ position: 'Tổ trưởng', ended_at: null }]);
		// Updated accounts keep their codes: only new accounts get one.
		expect(w.db.$client.prepare('SELECT count(*) FROM one_time_codes').pluck().get()).toBe(3);
	});

	it('reads an XLSX file with English titles, keeping a code’s leading zero shown by the cell format', async () => {
		const result = await importRoster(w.db, fixture('roster-en.xlsx'), w.admin, JANUARY);
		expect(result).toMatchObject({ ok: true, created: 3 });
		expect(personBy(w.db, 'phone', '+84356000222')).toMatchObject({ agency_id: w.agency.school, staff_group: 'vien_chuc' });
		expect(personBy(w.db, 'email', 'khanh.bui@phutho.gov.vn')).toMatchObject({ agency_id: w.agency.science, staff_group: 'cong_chuc', position: 'Trưởng phòng' });
	});

	it('reads a UTF-16 file with tabs, as Excel saves “Unicode text”', async () => {
		const result = await importRoster(w.db, fixture('roster-utf16le.csv'), w.manager, JANUARY);
		expect(result).toMatchObject({ ok: true, created: 2 });
		expect(personBy(w.db, 'phone', '+84977000111')).toMatchObject({ full_name: 'Phạm Thị Dung', agency_id: w.agency.science });
		expect(personBy(w.db, 'email', 'em.do@phutho.gov.vn')).toMatchObject({ full_name: 'Đỗ Văn Em', agency_id: w.agency.school });
	});

	it('writes Vietnamese names in NFC whatever form the file uses', async () => {
		const decomposed = 'Nguyễn Thị Ánh'.normalize('NFD');
		await importRoster(w.db, source('nfd.csv', `${HEADER}${decomposed},0912888777,,SO-KHCN,,công chức\n`), w.manager, JANUARY);
		expect(personBy(w.db, 'phone', '+84912888777')?.full_name).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
	});

	describe('refuses a file it cannot read, naming why, and writes nothing', () => {
		const bigFile = () => {
			const folder = mkdtempSync(path.join(tmpdir(), 'roster-'));
			const line = 'Nguyễn Văn An,0912345678,,SO-KHCN,Chuyên viên,công chức\n';
			writeFileSync(path.join(folder, 'roster-big.csv'), HEADER + line.repeat(Math.ceil(MAX_TABLE_BYTES / Buffer.byteLength(line)) + 1));
			return fileSource(folder, 'roster-big.csv');
		};
		it.each([
			['an empty file', () => fixture('roster-empty.csv'), [{ code: 'file_empty' }]],
			['a photo renamed to .csv', () => fixture('roster-photo.csv'), [{ code: 'file_binary' }]],
			['a Word document', () => fixture('roster.docx'), [{ code: 'file_unreadable_xlsx' }]],
			['a Windows-1258 file', () => fixture('roster-windows1258.csv'), [{ line: 1, code: 'file_not_utf8' }]],
			['a file mixing UTF-8 and Windows-1258 lines', () => fixture('roster-mixed-encodings.csv'), [{ line: 3, code: 'file_not_utf8' }]],
			['a workbook with a formula', () => fixture('roster-formula.xlsx'), [{ line: 3, column: 'Email', code: 'formula_cell' }]],
			['a file over 10 MB', bigFile, [{ code: 'file_too_large' }]]
		])('%s', async (_, file, expected) => {
			const before = written(w.db);
			expect(problemsOf(await importRoster(w.db, file(), w.manager, JANUARY))).toEqual(expected);
			expect(written(w.db)).toEqual(before);
		});
	});

	it('reports every bad row at once, with line, column and problem, and writes nothing', async () => {
		const before = written(w.db);
		expect(problemsOf(await importRoster(w.db, fixture('roster-problems.csv'), w.manager, JANUARY))).toEqual([
			{ line: 3, column: 'Số điện thoại', code: 'roster_duplicate_contact' },
			{ line: 4, column: 'Số điện thoại', code: 'roster_contact_missing' },
			{ line: 5, column: 'Số điện thoại', code: 'roster_phone_invalid' },
			{ line: 5, column: 'Nhóm', code: 'unknown_choice' },
			{ line: 5, column: 'Mã cơ quan', code: 'unknown_agency' },
			{ line: 6, column: 'Mã cơ quan', code: 'roster_agency_out_of_scope' },
			{ line: 7, column: 'Họ và tên', code: 'value_missing' },
			{ line: 7, column: 'Email', code: 'roster_duplicate_contact' },
			{ line: 8, column: 'Email', code: 'roster_email_invalid' }
		]);
		expect(written(w.db)).toEqual(before);
	});

	it('lets an admin enrol staff of an agency a department’s manager cannot', async () => {
		const file = source('yte.csv', `${HEADER}Đỗ Văn Em,,em@phutho.gov.vn,SO-YTE,Bác sĩ,viên chức\n`);
		expect(problemsOf(await importRoster(w.db, file, w.manager, JANUARY))).toEqual([{ line: 2, column: 'Mã cơ quan', code: 'roster_agency_out_of_scope' }]);
		expect(await importRoster(w.db, file, w.admin, JANUARY)).toMatchObject({ ok: true, created: 1 });
	});

	it('refuses to take over an account working outside the manager’s agencies, or one of several sharing a phone', async () => {
		makePerson(w.db, w.provinceId, { fullName: 'Bác Sĩ Khác', phone: '+84912111222', agencyId: w.agency.health });
		const commune = makeCommune(w.db, w.provinceId);
		makePerson(w.db, w.provinceId, { fullName: 'Mẹ', phone: '+84912333444', communeId: commune.id });
		makePerson(w.db, w.provinceId, { fullName: 'Con', phone: '+84912333444', communeId: commune.id });
		const file = source('lay.csv', `${HEADER}Bác Sĩ Khác,0912111222,,SO-KHCN,Chuyên viên,công chức\nMẹ,0912333444,,SO-KHCN,Chuyên viên,công chức\n`);
		const problems = problemsOf(await importRoster(w.db, file, w.manager, JANUARY));
		expect(problems).toEqual([
			{ line: 2, column: 'Số điện thoại', code: 'roster_person_out_of_scope' },
			{ line: 3, column: 'Số điện thoại', code: 'roster_phone_shared' }
		]);
	});

	it('refuses two rows that name the same account, one by phone and one by email', async () => {
		makePerson(w.db, w.provinceId, { fullName: 'Một Người', phone: '+84912555666', email: 'mot@phutho.gov.vn' });
		const file = source('hai.csv', `${HEADER}Một Người,0912555666,,SO-KHCN,,công chức\nMột Người,,mot@phutho.gov.vn,SO-KHCN-VP,,công chức\n`);
		expect(problemsOf(await importRoster(w.db, file, w.manager, JANUARY))).toEqual([{ line: 3, column: 'Email', code: 'roster_duplicate_contact' }]);
	});

	it('names new accounts as one by one, after the usernames taken before and earlier in the file', async () => {
		makePerson(w.db, w.provinceId, { username: 'nguyenvanan', fullName: 'Nguyễn Văn An' });
		makePerson(w.db, w.provinceId, { username: 'nguyenvanan3', fullName: 'Nguyễn Văn An' });
		const file = source(
			'trung.csv',
			`${HEADER}Nguyễn Văn An,0912000001,,SO-KHCN,,công chức\n` +
				`Nguyễn Văn An,0912000002,,SO-KHCN,,công chức\n` +
				`Nguyễn Văn An 2,0912000003,,SO-KHCN,,công chức\n` +
				`Nguyễn Văn Anh,0912000004,,SO-KHCN,,công chức\n` +
				`Nguyễn Văn Anh,0912000005,,SO-KHCN,,công chức\n` +
				`Ý,0912000006,,SO-KHCN,,công chức\n`
		);
		const result = await importRoster(w.db, file, w.manager, JANUARY);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.accounts.map((account) => account.username)).toEqual(['nguyenvanan2', 'nguyenvanan4', 'nguyenvanan22', 'nguyenvananh', 'nguyenvananh2', 'nguoidungy']);
		for (const account of result.accounts) {
			expect(w.db.$client.prepare('SELECT full_name FROM people WHERE username = ?').pluck().get(account.username)).toBe(account.fullName);
		}
	});

	const bigRoster = (count: number) => {
		const lines = Array.from({ length: count }, (_, i) => {
			const phone = `09${String(10_000_000 + i).slice(-8)}`;
			return `Nguyễn Văn Thử ${i},${phone},nguoi${i}@phutho.gov.vn,${i % 2 ? 'SO-KHCN' : 'SO-KHCN-VP'},Chuyên viên,công chức`;
		});
		return source('lon.csv', `${HEADER}${lines.join('\n')}\n`);
	};

	it('imports 10,000 rows in under 10 seconds', async () => {
		const file = bigRoster(10_000);
		const started = performance.now();
		const result = await importRoster(w.db, file, w.manager, JANUARY);
		const seconds = (performance.now() - started) / 1000;
		expect(result).toMatchObject({ ok: true, created: 10_000 });
		expect(seconds).toBeLessThan(10);
		const again = performance.now();
		expect(await importRoster(w.db, file, w.manager, MARCH)).toMatchObject({ ok: true, unchanged: 10_000 });
		expect((performance.now() - again) / 1000).toBeLessThan(10);
	}, 60_000);

	it('writes a big roster in a few statements per hundreds of rows, not several per row', async () => {
		const file = bigRoster(2_000);
		const prepare = vi.spyOn(w.db.$client, 'prepare');
		expect(await importRoster(w.db, file, w.manager, JANUARY)).toMatchObject({ ok: true, created: 2_000 });
		expect(prepare.mock.calls.length).toBeLessThan(50);
		prepare.mockClear();
		expect(await importRoster(w.db, file, w.manager, MARCH)).toMatchObject({ ok: true, unchanged: 2_000 });
		expect(prepare.mock.calls.length).toBeLessThan(50);
	});
});

describe('the roster template', () => {
	it('is a header row to fill in, as UTF-8 with a byte order mark, that imports as a file without rows', async () => {
		const { fileName, text } = rosterTemplate();
		expect(fileName).toBe('danh-sach-can-bo.csv');
		expect(text).toBe('\uFEFFHọ và tên,Số điện thoại,Email,Mã cơ quan,Chức vụ,Nhóm\r\n');
		const w = world();
		expect(problemsOf(await importRoster(w.db, source(fileName, text), w.manager))).toEqual([{ line: 1, code: 'no_rows' }]);
	});
});
