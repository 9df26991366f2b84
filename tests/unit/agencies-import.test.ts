import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/db/schema';
import { importAdministrativeUnits, importAgencies } from '../../src/lib/server/org';
import { testDatabase } from '../helpers/db';
import { UNIT_FIXTURES, fileSource, orgSnapshot, source } from '../helpers/org';

const PHU_THO = { provinceCode: '25' };
const HEADER = 'code,name,level,commune_code,parent_code\n';
const goodFile = () => fileSource(UNIT_FIXTURES, 'agencies-phu-tho.csv');

/** Hà Nội and Phú Thọ with a few of their communes: enough for agencies to refer to. */
async function databaseWithUnits(): Promise<AppDatabase> {
	const db = testDatabase();
	const result = await importAdministrativeUnits(db, {
		provinces: source('tinh.csv', 'province_code,province_name,type\n01,Thành phố Hà Nội,Thành phố\n25,Tỉnh Phú Thọ,Tỉnh\n'),
		communes: source(
			'xa.csv',
			'commune_code,commune_name,type,province_code\n' +
				'00004,Phường Ba Đình,Phường,01\n04792,Phường Tân Hòa,Phường,25\n04831,Xã Đà Bắc,Xã,25\n'
		)
	});
	expect(result.ok).toBe(true);
	return db;
}

/** Each agency with its commune and parent by code, as the province sees it. */
function agenciesIn(db: AppDatabase) {
	return db.$client
		.prepare(
			`SELECT a.code, a.name, a.level, c.code AS commune, parent.code AS parent
			 FROM agencies a
			 LEFT JOIN communes c ON c.id = a.commune_id
			 LEFT JOIN agencies parent ON parent.id = a.parent_agency_id
			 ORDER BY a.code`
		)
		.all();
}

describe('importing agencies', () => {
	let db: AppDatabase;

	beforeEach(async () => {
		db = await databaseWithUnits();
	});

	it('creates agencies with their communes and parents, parents before children', async () => {
		expect(await importAgencies(db, goodFile(), PHU_THO)).toEqual({ ok: true, created: 5, updated: 0, unchanged: 0 });
		expect(agenciesIn(db)).toEqual([
			{ code: 'SO-GDDT', name: 'Sở Giáo dục và Đào tạo', level: 'province', commune: null, parent: 'UBND-TINH' },
			{ code: 'THCS-TANHOA', name: 'Trường THCS Tân Hòa', level: 'commune', commune: '04792', parent: 'UBND-TANHOA' },
			{ code: 'UBND-DABAC', name: 'Ủy ban nhân dân xã Đà Bắc', level: 'commune', commune: '04831', parent: null },
			{ code: 'UBND-TANHOA', name: 'Ủy ban nhân dân phường Tân Hòa', level: 'commune', commune: '04792', parent: 'UBND-TINH' },
			{ code: 'UBND-TINH', name: 'Ủy ban nhân dân tỉnh Phú Thọ', level: 'province', commune: null, parent: null }
		]);
	});

	it('records the import for the province', async () => {
		await importAgencies(db, goodFile(), PHU_THO);
		const province = db.$client.prepare("SELECT id FROM provinces WHERE code = '25'").pluck().get();
		const entries = db.select().from(auditLog).all().filter((entry) => entry.action === 'agencies.import');
		expect(entries).toEqual([
			expect.objectContaining({
				actorId: null,
				provinceId: province,
				details: { file: 'agencies-phu-tho.csv', created: 5, updated: 0, unchanged: 0 }
			})
		]);
	});

	it('reports everything unchanged when imported again, and writes nothing', async () => {
		await importAgencies(db, goodFile(), PHU_THO);
		const before = orgSnapshot(db);
		expect(await importAgencies(db, goodFile(), PHU_THO)).toEqual({ ok: true, created: 0, updated: 0, unchanged: 5 });
		expect(orgSnapshot(db)).toEqual(before);
	});

	it('updates a renamed or moved agency and refers to parents already in the database', async () => {
		await importAgencies(db, goodFile(), PHU_THO);
		const changes = source(
			'thay-doi.csv',
			HEADER +
				'SO-GDDT,Sở Giáo dục và Đào tạo tỉnh Phú Thọ,cấp tỉnh,,UBND-TINH\n' +
				'THCS-TANHOA,Trường THCS Tân Hòa,cấp xã,04792,\n' +
				'MN-DABAC,Trường Mầm non Đà Bắc,xã,04831,UBND-DABAC\n'
		);
		expect(await importAgencies(db, changes, PHU_THO)).toEqual({ ok: true, created: 1, updated: 2, unchanged: 0 });
		expect(agenciesIn(db)).toContainEqual(expect.objectContaining({ code: 'MN-DABAC', parent: 'UBND-DABAC' }));
		expect(agenciesIn(db)).toContainEqual(expect.objectContaining({ code: 'THCS-TANHOA', parent: null }));
	});

	it('reads an XLSX file', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Cơ quan').addRows([
			['Mã', 'Tên', 'Cấp', 'Mã xã', 'Mã cấp trên'],
			['UBND-TINH', 'Ủy ban nhân dân tỉnh Phú Thọ', 'Tỉnh', null, null],
			['UBND-DABAC', 'Ủy ban nhân dân xã Đà Bắc', 'Xã', '04831', 'UBND-TINH']
		]);
		const file = source('co-quan.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		expect(await importAgencies(db, file, PHU_THO)).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0 });
	});
});

describe('refusing bad agency files', () => {
	let db: AppDatabase;

	beforeEach(async () => {
		db = await databaseWithUnits();
		await importAgencies(db, goodFile(), PHU_THO);
	});

	const renamed = 'UBND-TINH,Ủy ban nhân dân tỉnh (đổi tên),cấp tỉnh,,\n';

	it.each([
		[
			'a missing column',
			'code,name,commune_code\nUBND-TINH,Ủy ban,\n',
			{ line: 1, code: 'missing_column', params: { column: 'level', accepted: 'level, cấp' } }
		],
		[
			'a code used twice',
			`${HEADER}${renamed}UBND-TINH,Ủy ban khác,cấp tỉnh,,\n`,
			{ line: 3, column: 'code', code: 'duplicate_code', params: { code: 'UBND-TINH', firstLine: 2 } }
		],
		[
			'an empty name',
			`${HEADER}${renamed}SO-NV,,cấp tỉnh,,\n`,
			{ line: 3, column: 'name', code: 'value_missing', params: {} }
		],
		[
			'an unknown level',
			`${HEADER}${renamed}PHONG-GD,Phòng Giáo dục,cấp huyện,,\n`,
			{ line: 3, column: 'level', code: 'unknown_choice', params: { value: 'cấp huyện', allowed: 'cấp tỉnh, cấp xã' } }
		],
		[
			'a commune-level agency without its commune',
			`${HEADER}${renamed}UBND-X,Ủy ban xã,cấp xã,,\n`,
			{ line: 3, column: 'commune_code', code: 'commune_required', params: {} }
		],
		[
			'a province-level agency with a commune',
			`${HEADER}${renamed}SO-NV,Sở Nội vụ,cấp tỉnh,04792,\n`,
			{ line: 3, column: 'commune_code', code: 'commune_for_province_level', params: {} }
		],
		[
			'an unknown commune',
			`${HEADER}${renamed}UBND-X,Ủy ban xã,cấp xã,99999,\n`,
			{ line: 3, column: 'commune_code', code: 'unknown_commune', params: { code: '99999' } }
		],
		[
			'a commune of another province',
			`${HEADER}${renamed}UBND-BADINH,Ủy ban phường Ba Đình,cấp xã,00004,\n`,
			{
				line: 3,
				column: 'commune_code',
				code: 'commune_other_province',
				params: { code: '00004', commune: 'Phường Ba Đình', province: 'Tỉnh Phú Thọ' }
			}
		],
		[
			'an unknown parent',
			`${HEADER}${renamed}SO-NV,Sở Nội vụ,cấp tỉnh,,UBND-HUYEN\n`,
			{ line: 3, column: 'parent_code', code: 'unknown_parent', params: { code: 'UBND-HUYEN' } }
		],
		[
			'parents in a loop within the file',
			`${HEADER}${renamed}A,Cơ quan A,cấp tỉnh,,B\nB,Cơ quan B,cấp tỉnh,,C\nC,Cơ quan C,cấp tỉnh,,A\n`,
			{ line: 3, column: 'parent_code', code: 'parent_cycle', params: { chain: 'A → B → C → A' } }
		],
		[
			'an agency that is its own parent',
			`${HEADER}${renamed}SO-NV,Sở Nội vụ,cấp tỉnh,,SO-NV\n`,
			{ line: 3, column: 'parent_code', code: 'parent_cycle', params: { chain: 'SO-NV → SO-NV' } }
		],
		[
			'a loop through an agency already in the database',
			`${HEADER}UBND-TINH,Ủy ban nhân dân tỉnh Phú Thọ,cấp tỉnh,,SO-GDDT\n`,
			{ line: 2, column: 'parent_code', code: 'parent_cycle', params: { chain: 'UBND-TINH → SO-GDDT → UBND-TINH' } }
		]
	] as const)('reports %s with its place and changes nothing', async (_, text, problem) => {
		const before = orgSnapshot(db);
		const result = await importAgencies(db, source('co-quan.csv', text), PHU_THO);
		expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ file: 'co-quan.csv', ...problem })] });
		expect(orgSnapshot(db)).toEqual(before);
	});

	it.each([
		['an image renamed to .csv', fileSource(UNIT_FIXTURES, 'communes-image.csv'), 'file_binary'],
		['a file that is not UTF-8', fileSource(UNIT_FIXTURES, 'communes-windows1258.csv'), 'file_not_utf8'],
		['an empty file', source('co-quan.csv', ''), 'file_empty']
	])('refuses %s and changes nothing', async (_, file, code) => {
		const before = orgSnapshot(db);
		const result = await importAgencies(db, file, PHU_THO);
		expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ file: file.name, code })] });
		expect(orgSnapshot(db)).toEqual(before);
	});

	it('refuses a province that is not in the system', async () => {
		const result = await importAgencies(db, goodFile(), { provinceCode: '99' });
		expect(result).toEqual({
			ok: false,
			problems: [{ file: 'agencies-phu-tho.csv', code: 'province_not_in_system', params: { code: '99' } }]
		});
	});
});
