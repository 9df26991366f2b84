import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog, communes, provinces } from '../../src/lib/server/db/schema';
import {
	type AdministrativeUnitsInput,
	type TableSource,
	importAdministrativeUnits,
	importOfficialUnits
} from '../../src/lib/server/org';
import { testDatabase } from '../helpers/db';
import { UNIT_FIXTURES, fileSource, orgSnapshot, sharedUnits, source } from '../helpers/org';

/** Every unit as the database holds it, comparable between imports. */
function unitsIn(db: AppDatabase) {
	return {
		provinces: db.$client.prepare('SELECT code, name, type FROM provinces ORDER BY code').all(),
		communes: db.$client
			.prepare(
				'SELECT c.code, c.name, c.type, p.code AS province FROM communes c JOIN provinces p ON p.id = c.province_id ORDER BY c.code'
			)
			.all()
	};
}

function communeCount(db: AppDatabase, provinceCode: string): unknown {
	return db.$client
		.prepare('SELECT count(*) FROM communes c JOIN provinces p ON p.id = c.province_id WHERE p.code = ?')
		.pluck()
		.get(provinceCode);
}

async function imported(input: AdministrativeUnitsInput) {
	const db = testDatabase();
	const result = await importAdministrativeUnits(db, input);
	expect(result).toMatchObject({ ok: true });
	return db;
}

/** One row per unit under the GSO's Vietnamese titles, each province followed by its communes. */
function gsoExportRows(): string[][] {
	const { provinces: provinceFile, communes: communeFile } = sharedUnits();
	const provinceRows: Record<string, string>[] = parse(Buffer.from(provinceFile.bytes), { columns: true });
	const communeRows: Record<string, string>[] = parse(Buffer.from(communeFile.bytes), { columns: true });
	const rows = [['Mã', 'Tên', 'Cấp', 'Mã TP']];
	for (const p of provinceRows) {
		rows.push([p.province_code ?? '', p.province_name ?? '', p.type === 'Thành phố' ? 'Thành phố Trung ương' : 'Tỉnh', '']);
		for (const c of communeRows.filter((c) => c.province_code === p.province_code)) {
			rows.push([c.commune_code ?? '', c.commune_name ?? '', c.type ?? '', c.province_code ?? '']);
		}
	}
	return rows;
}

async function gsoExportXlsx(rows: string[][]): Promise<TableSource> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Danh mục');
	sheet.addRows(rows);
	return source('danh-muc.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
}

const PROVINCES_HEADER = 'province_code,province_name,type\n';
const COMMUNES_HEADER = 'commune_code,commune_name,type,province_code\n';

describe('importing the official files', () => {
	let db: AppDatabase;
	let result: Awaited<ReturnType<typeof importAdministrativeUnits>>;

	beforeAll(async () => {
		db = testDatabase();
		result = await importAdministrativeUnits(db, sharedUnits());
	});

	it('creates 34 provinces and 3,321 communes', () => {
		expect(result).toEqual({
			ok: true,
			created: 3355,
			updated: 0,
			unchanged: 0,
			provinces: { created: 34, updated: 0, unchanged: 0 },
			communes: { created: 3321, updated: 0, unchanged: 0 }
		});
		expect(db.$client.prepare('SELECT count(*) FROM provinces').pluck().get()).toBe(34);
		expect(db.$client.prepare('SELECT count(*) FROM communes').pluck().get()).toBe(3321);
	});

	it('gives each province its published number of communes', () => {
		expect(communeCount(db, '25')).toBe(148);
		expect(communeCount(db, '01')).toBe(126);
		expect(communeCount(db, '79')).toBe(168);
	});

	it('keeps leading zeros and maps the types', () => {
		expect(db.select().from(provinces).where(eq(provinces.code, '01')).get()).toMatchObject({
			name: 'Thành phố Hà Nội',
			type: 'thanh_pho'
		});
		expect(db.select().from(communes).where(eq(communes.code, '00004')).get()).toMatchObject({
			name: 'Phường Ba Đình',
			type: 'phuong'
		});
		const types = db.$client.prepare('SELECT type, count(*) AS n FROM communes GROUP BY type ORDER BY type').all();
		expect(types).toEqual([
			{ type: 'dac_khu', n: 13 },
			{ type: 'phuong', n: 687 },
			{ type: 'xa', n: 2621 }
		]);
	});

	it('records one audit entry for the system', () => {
		expect(db.select().from(auditLog).all()).toEqual([
			expect.objectContaining({
				action: 'units.import',
				actorId: null,
				details: {
					files: ['provinces_2025.csv', 'communes_2025.csv'],
					provinces: { created: 34, updated: 0, unchanged: 0 },
					communes: { created: 3321, updated: 0, unchanged: 0 }
				}
			})
		]);
	});

	it('takes well under a second once the code is loaded', async () => {
		const [fresh, files] = [testDatabase(), sharedUnits()];
		const started = performance.now();
		await importAdministrativeUnits(fresh, files);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('reports everything unchanged when imported again, and writes nothing', async () => {
		const before = orgSnapshot(db);
		const again = await importAdministrativeUnits(db, sharedUnits());
		expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3355 });
		expect(orgSnapshot(db)).toEqual(before);
	});

	it('ships the same files for start-up, importing them synchronously', () => {
		const fresh = testDatabase();
		expect(importOfficialUnits(fresh)).toMatchObject({ created: 3355 });
		expect(unitsIn(fresh)).toEqual(unitsIn(db));
	});
});

describe('importing changes', () => {
	it('updates only the rows that changed, and stamps only those', async () => {
		const db = await imported(sharedUnits());
		const stamp = (code: string) =>
			db.$client.prepare('SELECT updated_at FROM communes WHERE code = ?').pluck().get(code);
		const untouched = stamp('00008');
		await new Promise((resolve) => setTimeout(resolve, 5));
		const result = await importAdministrativeUnits(db, {
			provinces: source('tinh.csv', `${PROVINCES_HEADER}25,Tỉnh Phú Thọ,Thành phố\n01,Thành phố Hà Nội,Thành phố\n`),
			communes: source('xa.csv', `${COMMUNES_HEADER}00004,Phường Ba Đình mới,Phường,01\n00008,Phường Ngọc Hà,Phường,01\n`)
		});
		expect(result).toMatchObject({
			ok: true,
			provinces: { created: 0, updated: 1, unchanged: 1 },
			communes: { created: 0, updated: 1, unchanged: 1 }
		});
		expect(db.select().from(provinces).where(eq(provinces.code, '25')).get()?.type).toBe('thanh_pho');
		expect(stamp('00004')).toBeGreaterThan(untouched as number);
		expect(stamp('00008')).toBe(untouched);
		expect(db.select().from(auditLog).all()).toHaveLength(2);
	});

	it('accepts communes whose province is only in the database', async () => {
		const db = await imported(sharedUnits());
		const result = await importAdministrativeUnits(db, {
			provinces: source('tinh.csv', `${PROVINCES_HEADER}01,Thành phố Hà Nội,Thành phố\n`),
			communes: source('xa.csv', `${COMMUNES_HEADER}04792,Phường Tân Hòa mới,Phường,25\n`)
		});
		expect(result).toMatchObject({ ok: true, updated: 1 });
	});

	it('stores names in NFC whatever form the file used', async () => {
		const db = await imported({
			provinces: source('tinh.csv', `${PROVINCES_HEADER}25,${'Tỉnh Phú Thọ'.normalize('NFD')},Tỉnh\n`),
			communes: source('xa.csv', `${COMMUNES_HEADER}04831,${'Xã Đà Bắc'.normalize('NFD')},Xã,25\n`)
		});
		const names = unitsIn(db);
		expect(names.provinces).toEqual([{ code: '25', name: 'Tỉnh Phú Thọ'.normalize('NFC'), type: 'tinh' }]);
		expect(names.communes).toEqual([
			{ code: '04831', name: 'Xã Đà Bắc'.normalize('NFC'), type: 'xa', province: '25' }
		]);
	});

	it('reads a provinces file saved by Excel as UTF-16 Unicode text', async () => {
		const db = await imported({
			provinces: fileSource(UNIT_FIXTURES, 'provinces-utf16le.csv'),
			communes: source('xa.csv', `${COMMUNES_HEADER}00004,Phường Ba Đình,Phường,01\n`)
		});
		expect(unitsIn(db).provinces).toHaveLength(3);
	});
});

describe('importing a GSO export', () => {
	let twoFiles: ReturnType<typeof unitsIn>;

	beforeAll(async () => {
		twoFiles = unitsIn(await imported(sharedUnits()));
	});

	it('gives the same units from one CSV file', async () => {
		const csv = gsoExportRows()
			.map((row) => row.join(','))
			.join('\r\n');
		const db = await imported({ gsoExport: source('danh-muc.csv', csv) });
		expect(unitsIn(db)).toEqual(twoFiles);
	});

	it('gives the same units from one XLSX file', async () => {
		const db = await imported({ gsoExport: await gsoExportXlsx(gsoExportRows()) });
		expect(unitsIn(db)).toEqual(twoFiles);
	});

	it('understands levels whatever their case or Unicode form', async () => {
		const db = await imported({
			gsoExport: source(
				'danh-muc.csv',
				[
					'Mã,Tên,Cấp,Mã cấp trên',
					'01,Thành phố Hà Nội,THÀNH PHỐ TRUNG ƯƠNG,',
					`25,Tỉnh Phú Thọ,${'tỉnh'.normalize('NFD')},`,
					'00004,Phường Ba Đình,phường,01',
					'04831,Xã Đà Bắc,XÃ,25',
					'06994,Đặc khu Vân Đồn,đặc khu,25'
				].join('\n')
			)
		});
		expect(unitsIn(db).provinces.map((p) => (p as { type: string }).type)).toEqual(['thanh_pho', 'tinh']);
		expect(unitsIn(db).communes.map((c) => (c as { type: string }).type)).toEqual(['phuong', 'xa', 'dac_khu']);
	});
});

describe('refusing bad files', () => {
	let db: AppDatabase;
	const goodProvinces = source('tinh.csv', `${PROVINCES_HEADER}25,Tỉnh Phú Thọ (đổi tên),Tỉnh\n`);
	const goodCommunes = `04792,Phường Tân Hòa (đổi tên),Phường,25\n`;

	beforeAll(async () => {
		db = await imported(sharedUnits());
	});

	it.each([
		[
			'a missing column',
			{ provinces: goodProvinces, communes: source('xa.csv', `commune_code,commune_name,province_code\n04792,Tân Hòa,25\n`) },
			{ file: 'xa.csv', line: 1, code: 'missing_column', params: { column: 'type', accepted: 'type, loại, cấp, level' } }
		],
		[
			'an unknown province code',
			{ provinces: goodProvinces, communes: source('xa.csv', `${COMMUNES_HEADER}${goodCommunes}04793,Xã Mới,Xã,99\n`) },
			{ file: 'xa.csv', line: 3, column: 'province_code', code: 'unknown_province', params: { code: '99' } }
		],
		[
			'a code used twice',
			{ provinces: goodProvinces, communes: source('xa.csv', `${COMMUNES_HEADER}${goodCommunes}04792,Xã Khác,Xã,25\n`) },
			{ file: 'xa.csv', line: 3, column: 'commune_code', code: 'duplicate_code', params: { code: '04792', firstLine: 2 } }
		],
		[
			'an empty name',
			{ provinces: goodProvinces, communes: source('xa.csv', `${COMMUNES_HEADER}${goodCommunes}04795, ,Phường,25\n`) },
			{ file: 'xa.csv', line: 3, column: 'commune_name', code: 'value_missing', params: {} }
		],
		[
			'a code that lost its leading zeros',
			{ provinces: goodProvinces, communes: source('xa.csv', `${COMMUNES_HEADER}${goodCommunes}4,Phường Ba Đình,Phường,01\n`) },
			{ file: 'xa.csv', line: 3, column: 'commune_code', code: 'code_format', params: { value: '4', digits: 5 } }
		],
		[
			'an unknown type',
			{ provinces: goodProvinces, communes: source('xa.csv', `${COMMUNES_HEADER}${goodCommunes}04795,Huyện Cũ,Huyện,25\n`) },
			{ file: 'xa.csv', line: 3, column: 'type', code: 'unknown_choice', params: { value: 'Huyện', allowed: 'Xã, Phường, Đặc khu' } }
		],
		[
			'a file that is not UTF-8',
			{ provinces: goodProvinces, communes: fileSource(UNIT_FIXTURES, 'communes-windows1258.csv') },
			{ file: 'communes-windows1258.csv', line: 2, code: 'file_not_utf8', params: {} }
		],
		[
			'an empty file',
			{ provinces: goodProvinces, communes: source('xa.csv', '') },
			{ file: 'xa.csv', code: 'file_empty', params: {} }
		],
		[
			'an image renamed to .csv',
			{ provinces: goodProvinces, communes: fileSource(UNIT_FIXTURES, 'communes-image.csv') },
			{ file: 'communes-image.csv', code: 'file_binary', params: {} }
		],
		[
			'a GSO export without its level column',
			{ gsoExport: source('danh-muc.csv', 'Mã,Tên,Mã TP\n25,Tỉnh Phú Thọ (đổi tên),\n') },
			{ file: 'danh-muc.csv', line: 1, code: 'missing_column', params: { column: 'level', accepted: 'level, cấp, type, loại' } }
		],
		[
			'a GSO export with a district',
			{ gsoExport: source('danh-muc.csv', 'Mã,Tên,Cấp,Mã TP\n25,Tỉnh Phú Thọ (đổi tên),Tỉnh,\n227,Huyện Cũ,Huyện,25\n') },
			{
				file: 'danh-muc.csv',
				line: 3,
				column: 'Cấp',
				code: 'unknown_choice',
				params: { value: 'Huyện', allowed: 'Tỉnh, Thành phố, Xã, Phường, Đặc khu' }
			}
		]
	] as const)('reports %s with its place and changes nothing', async (_, input, problem) => {
		const before = orgSnapshot(db);
		const result = await importAdministrativeUnits(db, input);
		expect(result).toEqual({ ok: false, problems: [expect.objectContaining(problem)] });
		expect(orgSnapshot(db)).toEqual(before);
	});

	it('reports every problem of both files at once, in reading order', async () => {
		const result = await importAdministrativeUnits(db, {
			provinces: source('tinh.csv', `${PROVINCES_HEADER}1,Hà Nội,Thủ đô\n`),
			communes: source('xa.csv', `${COMMUNES_HEADER}00004,,Phường,1\n04792,Phường Tân Hòa,Phường,98\n`)
		});
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problems.map((p) => [p.file, p.line, p.code])).toEqual([
			['tinh.csv', 2, 'unknown_choice'],
			['tinh.csv', 2, 'code_format'],
			['xa.csv', 2, 'value_missing'],
			['xa.csv', 2, 'code_format'],
			['xa.csv', 3, 'unknown_province']
		]);
	});
});
