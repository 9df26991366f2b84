import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Criterion, criterionSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/db/schema';
import {
	criterionUnitCount,
	denominatorTemplate,
	enteredNumbers,
	importDenominators,
	parsePeople
} from '../../src/lib/server/reports/denominators';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { fileSource, source } from '../helpers/org';

function criterion(overrides: Record<string, unknown> = {}): Criterion {
	return criterionSchema.parse({
		id: '2026-thu-so-nguoi',
		title: { vi: 'Tiêu chí thử', en: 'Test criterion' },
		basis: [{ group: 'residents', text: { vi: 'Căn cứ', en: 'Basis' } }],
		appliesTo: { people: 'residents', communes: 'all', ageFrom: 15 },
		period: { from: '2026-01-01', to: '2026-12-31' },
		deadline: '2026-12-31',
		met: { rule: 'all', courses: ['khoa-thu'] },
		target: { percent: 50, denominator: 'entered' },
		...overrides
	});
}

const RESIDENTS = criterion();
const STAFF = criterion({
	id: '2026-thu-can-bo',
	basis: [{ group: 'cong_chuc', text: { vi: 'Căn cứ', en: 'Basis' } }],
	appliesTo: { people: 'civil_servants', agencies: 'all', staffGroups: ['cong_chuc'] }
});

const HEADER = 'Mã đơn vị,Tên đơn vị,Số người\n';
const JANUARY = new Date('2026-01-15T03:00:00Z');
const MARCH = new Date('2026-03-02T03:00:00Z');

interface World {
	db: AppDatabase;
	provinceId: number;
	adminId: number;
}

/** Phú Thọ with two communes and two agencies, a commune of Hà Nội, and the province's admin. */
function world(): World {
	const db = testDatabase();
	const province = makeProvince(db);
	const hanoi = makeProvince(db, '01', 'Thành phố Hà Nội');
	makeCommune(db, province.id, { code: '04792', name: 'Phường Tân Hòa', type: 'phuong' });
	makeCommune(db, province.id, { code: '04831', name: 'Xã Đà Bắc, vùng cao' });
	makeCommune(db, hanoi.id, { code: '00004', name: 'Phường Ba Đình', type: 'phuong' });
	const committee = makeAgency(db, province.id, { code: 'UBND-TINH', name: 'Ủy ban nhân dân tỉnh Phú Thọ' });
	makeAgency(db, province.id, { code: 'SO-GDDT', name: 'Sở Giáo dục và Đào tạo', parentAgencyId: committee.id });
	makeAgency(db, province.id, { code: 'SO-YTE', name: 'Sở Y tế' });
	const admin = makePerson(db, province.id, { fullName: 'Quản Trị Tỉnh' });
	return { db, provinceId: province.id, adminId: admin.id };
}

function run(w: World, file: ReturnType<typeof source>, options: { criterion?: Criterion; now?: Date } = {}) {
	return importDenominators(w.db, file, {
		criterion: options.criterion ?? RESIDENTS,
		provinceId: w.provinceId,
		actorId: w.adminId,
		requestId: 'req-1',
		now: options.now ?? JANUARY
	});
}

/** Everything an import may write: the numbers and the audit trail. */
function written(db: AppDatabase) {
	return {
		numbers: db.$client.prepare('SELECT * FROM criterion_denominators ORDER BY id').all(),
		audit: db.$client.prepare('SELECT * FROM audit_log ORDER BY id').all()
	};
}

const peopleOf = (w: World, c: Criterion = RESIDENTS) => enteredNumbers(w.db, c, w.provinceId).map((entry) => [entry.code, entry.people]);

describe('reading a number of people', () => {
	it.each([
		['0', 0],
		['980', 980],
		['1.234', 1234],
		['1,234,567', 1234567],
		['12 500', 12500],
		['100000000', 100_000_000]
	])('reads %s as %i', (text, value) => {
		expect(parsePeople(text)).toBe(value);
	});

	it.each(['-5', '12,5', '1.5', '1.23.4', 'nhiều', '100000001', '1e3', '12.0'])('refuses %s', (text) => {
		expect(parsePeople(text)).toBeUndefined();
	});
});

describe('importing the numbers of a criterion', () => {
	let w: World;

	beforeEach(() => {
		w = world();
	});

	it('sets each commune’s number, records who and when, and reports them created', async () => {
		const file = source('so-nguoi.csv', `${HEADER}04792,Phường Tân Hòa,1.234\n04831,"Xã Đà Bắc, vùng cao",980\n`);
		expect(await run(w, file)).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, skipped: 0 });
		expect(enteredNumbers(w.db, RESIDENTS, w.provinceId)).toEqual([
			{ code: '04792', name: 'Phường Tân Hòa', people: 1234, updatedAt: JANUARY, updatedBy: 'Quản Trị Tỉnh' },
			{ code: '04831', name: 'Xã Đà Bắc, vùng cao', people: 980, updatedAt: JANUARY, updatedBy: 'Quản Trị Tỉnh' }
		]);
	});

	it('updates a changed number, leaves an equal one as it was, and keeps units missing from the file', async () => {
		await run(w, source('thang-1.csv', `${HEADER}04792,,1234\n04831,,980\n`));
		const changes = source('thang-3.csv', `${HEADER}04792,Phường Tân Hòa,1300\n04831,Xã Đà Bắc,980\n`);
		expect(await run(w, changes, { now: MARCH })).toEqual({ ok: true, created: 0, updated: 1, unchanged: 1, skipped: 0 });
		const numbers = enteredNumbers(w.db, RESIDENTS, w.provinceId);
		expect(numbers.map((entry) => [entry.code, entry.people, entry.updatedAt])).toEqual([
			['04792', 1300, MARCH],
			['04831', 980, JANUARY]
		]);
		expect(await run(w, source('mot-xa.csv', `${HEADER}04831,,990\n`), { now: MARCH })).toMatchObject({ ok: true, updated: 1 });
		expect(peopleOf(w)).toEqual([
			['04792', 1300],
			['04831', 990]
		]);
	});

	it('reports everything unchanged when the same file comes again, and writes only the audit entry', async () => {
		const file = source('so-nguoi.csv', `${HEADER}04792,,1234\n04831,,980\n`);
		await run(w, file);
		const before = written(w.db);
		expect(await run(w, file, { now: MARCH })).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2, skipped: 0 });
		const after = written(w.db);
		expect(after.numbers).toEqual(before.numbers);
		expect(after.audit).toHaveLength(before.audit.length + 1);
	});

	it('takes English column titles in any order, and leaves rows without a number alone', async () => {
		await run(w, source('a.csv', `${HEADER}04831,,980\n`));
		const file = source('people.csv', 'people;unit code\n1500;04792\n;04831\n');
		expect(await run(w, file)).toEqual({ ok: true, created: 1, updated: 0, unchanged: 0, skipped: 1 });
		expect(peopleOf(w)).toEqual([
			['04792', 1500],
			['04831', 980]
		]);
	});

	it('writes one audit entry with the counts, for the admin and the province', async () => {
		await run(w, source('so-nguoi.csv', `${HEADER}04792,,1234\n04831,,\n`));
		expect(w.db.select().from(auditLog).all()).toEqual([
			expect.objectContaining({
				actorId: w.adminId,
				action: 'denominators.import',
				targetType: 'criterion',
				targetId: '2026-thu-so-nguoi',
				provinceId: w.provinceId,
				requestId: 'req-1',
				at: JANUARY,
				details: { criterion: '2026-thu-so-nguoi', file: 'so-nguoi.csv', created: 1, updated: 0, unchanged: 0, skipped: 1 }
			})
		]);
	});

	it('reads a UTF-16 file with tabs, as Excel saves “Unicode text”', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'so-nguoi-'));
		const text = '\uFEFFMã đơn vị\tTên đơn vị\tSố người\r\n04792\tPhường Tân Hòa\t1234\r\n04831\tXã Đà Bắc\t980\r\n';
		writeFileSync(path.join(folder, 'so-nguoi-utf16le.txt'), Buffer.from(text, 'utf16le'));
		const bigEndian = Buffer.from(text, 'utf16le').swap16();
		writeFileSync(path.join(folder, 'so-nguoi-utf16be.txt'), bigEndian);
		expect(await run(w, fileSource(folder, 'so-nguoi-utf16le.txt'))).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, skipped: 0 });
		expect(await run(w, fileSource(folder, 'so-nguoi-utf16be.txt'))).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2, skipped: 0 });
		expect(peopleOf(w)).toEqual([
			['04792', 1234],
			['04831', 980]
		]);
	});

	it('reads an XLSX file, with codes typed as text or shown with their zeros', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Số người');
		sheet.addRows([
			['Mã đơn vị', 'Tên đơn vị', 'Số người'],
			['04792', 'Phường Tân Hòa', 1234],
			[4831, 'Xã Đà Bắc', 980]
		]);
		sheet.getCell('A3').numFmt = '00000';
		const file = source('so-nguoi.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		expect(await run(w, file)).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, skipped: 0 });
		expect(peopleOf(w)).toEqual([
			['04792', 1234],
			['04831', 980]
		]);
	});

	it('sets the numbers of agencies for a civil servants’ criterion, apart from the residents’ numbers', async () => {
		await run(w, source('xa.csv', `${HEADER}04792,,1234\n`));
		const file = source('co-quan.csv', 'unit code,unit name,people\nSO-GDDT,Sở Giáo dục,85\nUBND-TINH,,120\n');
		expect(await run(w, file, { criterion: STAFF })).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, skipped: 0 });
		expect(peopleOf(w, STAFF)).toEqual([
			['SO-GDDT', 85],
			['UBND-TINH', 120]
		]);
		expect(peopleOf(w)).toEqual([['04792', 1234]]);
	});

	it('refuses a criterion that counts its people', async () => {
		const counted = criterion({ target: { percent: 50, denominator: 'counted' } });
		await expect(run(w, source('a.csv', `${HEADER}04792,,1\n`), { criterion: counted })).rejects.toThrow(/counts its denominator/);
	});
});

describe('refusing bad files', () => {
	let w: World;

	beforeEach(async () => {
		w = world();
		await run(w, source('truoc.csv', `${HEADER}04792,,1000\n`));
	});

	const good = '04831,Xã Đà Bắc,980\n';

	it.each([
		['a commune code nobody has', `${HEADER}${good}99999,Xã Không Có,10\n`, { line: 3, column: 'Mã đơn vị', code: 'unknown_commune', params: { code: '99999' } }],
		[
			'a commune of another province',
			`${HEADER}${good}00004,Phường Ba Đình,10\n`,
			{ line: 3, column: 'Mã đơn vị', code: 'commune_other_province', params: { code: '00004', commune: 'Phường Ba Đình', province: 'Tỉnh Phú Thọ' } }
		],
		[
			'an agency code for a residents’ criterion',
			`${HEADER}${good}UBND-TINH,Ủy ban,10\n`,
			{ line: 3, column: 'Mã đơn vị', code: 'code_is_agency', params: { code: 'UBND-TINH', name: 'Ủy ban nhân dân tỉnh Phú Thọ' } }
		],
		['a commune code that lost its leading zero', `${HEADER}${good}4792,Phường Tân Hòa,10\n`, { line: 3, column: 'Mã đơn vị', code: 'code_format', params: { value: '4792', digits: 5 } }],
		['a commune twice', `${HEADER}${good}04831,Xã Đà Bắc,990\n`, { line: 3, column: 'Mã đơn vị', code: 'duplicate_code', params: { code: '04831', firstLine: 2 } }],
		['a row without a code', `${HEADER}${good},Phường Tân Hòa,10\n`, { line: 3, column: 'Mã đơn vị', code: 'value_missing', params: {} }],
		['a negative number', `${HEADER}${good}04792,,-5\n`, { line: 3, column: 'Số người', code: 'people_invalid', params: { value: '-5' } }],
		['a decimal number', `${HEADER}${good}04792,,"12,5"\n`, { line: 3, column: 'Số người', code: 'people_invalid', params: { value: '12,5' } }],
		['words for a number', `${HEADER}${good}04792,,khoảng một nghìn\n`, { line: 3, column: 'Số người', code: 'people_invalid', params: { value: 'khoảng một nghìn' } }],
		['a number above 100 million', `${HEADER}${good}04792,,100000001\n`, { line: 3, column: 'Số người', code: 'people_invalid', params: { value: '100000001' } }],
		['no column of people', 'Mã đơn vị,Tên đơn vị\n04792,Phường Tân Hòa\n', { line: 1, code: 'missing_column', params: { column: 'Số người', accepted: 'Số người, people, number of people, mẫu số, denominator' } }]
	] as const)('reports %s with its place and writes nothing', async (_, text, problem) => {
		const before = written(w.db);
		const result = await run(w, source('so-nguoi.csv', text), { now: MARCH });
		expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ file: 'so-nguoi.csv', ...problem })] });
		expect(written(w.db)).toEqual(before);
	});

	it.each([
		['a commune code', 'UBND-TINH,,120\n04792,Phường Tân Hòa,10\n', { line: 3, code: 'code_is_commune', params: { code: '04792', name: 'Phường Tân Hòa' } }],
		['an agency code the province does not have', 'UBND-TINH,,120\nSO-XYZ,Sở gì đó,10\n', { line: 3, code: 'unknown_agency', params: { code: 'SO-XYZ' } }]
	] as const)('reports %s for a civil servants’ criterion and writes nothing', async (_, rows, problem) => {
		const before = written(w.db);
		const result = await run(w, source('co-quan.csv', HEADER + rows), { criterion: STAFF });
		expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ column: 'Mã đơn vị', ...problem })] });
		expect(written(w.db)).toEqual(before);
	});

	it('reports a unit the criterion does not apply to', async () => {
		const listedCommune = criterion({ appliesTo: { people: 'residents', communes: ['04792'] } });
		expect(await run(w, source('a.csv', `${HEADER}04831,Xã Đà Bắc,980\n`), { criterion: listedCommune })).toEqual({
			ok: false,
			problems: [expect.objectContaining({ line: 2, code: 'unit_not_in_criterion', params: { code: '04831', name: 'Xã Đà Bắc, vùng cao' } })]
		});
		// A listed agency counts the units under it, and nothing else.
		const listedAgency = criterion({ ...STAFF, appliesTo: { people: 'civil_servants', agencies: ['UBND-TINH'], staffGroups: ['cong_chuc'] } });
		expect(await run(w, source('b.csv', `${HEADER}SO-GDDT,,80\nSO-YTE,,60\n`), { criterion: listedAgency })).toEqual({
			ok: false,
			problems: [expect.objectContaining({ line: 3, code: 'unit_not_in_criterion', params: { code: 'SO-YTE', name: 'Sở Y tế' } })]
		});
	});

	it('reports every problem of the file at once, in line order, and writes nothing', async () => {
		const before = written(w.db);
		const text = `${HEADER}04792,,1.5\n99999,,10\n04792,,20\n04831,,980\nUBND-TINH,,x\n`;
		const result = await run(w, source('nhieu-loi.csv', text));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.map((p) => [p.line, p.column, p.code])).toEqual([
			[2, 'Số người', 'people_invalid'],
			[3, 'Mã đơn vị', 'unknown_commune'],
			[4, 'Mã đơn vị', 'duplicate_code'],
			[6, 'Số người', 'people_invalid'],
			[6, 'Mã đơn vị', 'code_is_agency']
		]);
		expect(written(w.db)).toEqual(before);
	});

	it.each([
		['a file that is not UTF-8', source('so-nguoi.csv', new Uint8Array([...new TextEncoder().encode(HEADER), 0x30, 0x34, 0x37, 0x39, 0x32, 0x2c, 0x50, 0x68, 0xf0, 0x2c, 0x31, 0x0a])), 'file_not_utf8'],
		['a picture', source('so-nguoi.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 'file_binary'],
		['an empty file', source('so-nguoi.csv', ''), 'file_empty'],
		['a header alone', source('so-nguoi.csv', HEADER), 'no_rows'],
		['a file over 10 MB', source('so-nguoi.csv', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x31)), 'file_too_large']
	])('refuses %s and writes nothing', async (_, file, code) => {
		const before = written(w.db);
		expect(await run(w, file)).toEqual({ ok: false, problems: [expect.objectContaining({ code })] });
		expect(written(w.db)).toEqual(before);
	});
});

describe('the template', () => {
	let w: World;

	beforeEach(() => {
		w = world();
	});

	it('lists every commune of the province with its current number, as UTF-8 with a byte order mark', async () => {
		await run(w, source('a.csv', `${HEADER}04831,,980\n`));
		const { fileName, text } = denominatorTemplate(w.db, RESIDENTS, w.provinceId);
		expect(fileName).toBe('so-nguoi-2026-thu-so-nguoi.csv');
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text.slice(1).split('\r\n')).toEqual(['Mã đơn vị,Tên đơn vị,Số người', '04792,Phường Tân Hòa,', '04831,"Xã Đà Bắc, vùng cao",980', '']);
		expect(criterionUnitCount(w.db, RESIDENTS, w.provinceId)).toBe(2);
	});

	it('lists every agency for a civil servants’ criterion, by name', () => {
		const { text } = denominatorTemplate(w.db, STAFF, w.provinceId);
		expect(text.slice(1).split('\r\n')).toEqual([
			'Mã đơn vị,Tên đơn vị,Số người',
			'SO-GDDT,Sở Giáo dục và Đào tạo,',
			'SO-YTE,Sở Y tế,',
			'UBND-TINH,Ủy ban nhân dân tỉnh Phú Thọ,',
			''
		]);
	});

	it('imports back as it is: rows with numbers unchanged, the empty ones left alone', async () => {
		await run(w, source('a.csv', `${HEADER}04831,,980\n`));
		const { fileName, text } = denominatorTemplate(w.db, RESIDENTS, w.provinceId);
		expect(await run(w, source(fileName, text))).toEqual({ ok: true, created: 0, updated: 0, unchanged: 1, skipped: 1 });
	});
});
