import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_BYTES, describeProblem } from '../../src/lib/server/org';
import { ProblemLog } from '../../src/lib/server/org/problems';
import { type TableSource, readTable } from '../../src/lib/server/org/tabular';
import { UNIT_FIXTURES, fileSource, source } from '../helpers/org';

const COLUMNS = {
	code: { names: ['province_code', 'mã tỉnh'] },
	name: { names: ['province_name', 'tên tỉnh'] },
	note: { names: ['note', 'ghi chú'], optional: true }
};

async function read(file: TableSource) {
	const log = new ProblemLog();
	const table = await readTable(file, COLUMNS, log);
	return { table, problems: log.problems };
}

async function xlsx(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Danh sách');
	for (const row of rows) sheet.addRow(row);
	edit?.(sheet);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('reading CSV', () => {
	it('keeps codes as text and numbers rows as a spreadsheet shows them', async () => {
		const text = '\uFEFFprovince_code,province_name\r\n01,"Hà Nội, thủ đô"\r\n\r\n04,"Cao\r\nBằng"\r\n08,Tuyên Quang\r\n';
		const { table, problems } = await read(source('p.csv', text));
		expect(problems).toEqual([]);
		expect(table?.rows).toEqual([
			{ line: 2, values: { code: '01', name: 'Hà Nội, thủ đô', note: '' } },
			{ line: 4, values: { code: '04', name: 'Cao\r\nBằng', note: '' } },
			{ line: 6, values: { code: '08', name: 'Tuyên Quang', note: '' } }
		]);
	});

	it('matches titles in either language, ignoring case, spaces and underscores', async () => {
		const { table, problems } = await read(source('p.csv', 'MÃ  TỈNH,Tên_Tỉnh,Ghi chú\n25,Phú Thọ,x\n'));
		expect(problems).toEqual([]);
		expect(table?.labels).toEqual({ code: 'MÃ  TỈNH', name: 'Tên_Tỉnh', note: 'Ghi chú' });
		expect(table?.rows[0]?.values).toEqual({ code: '25', name: 'Phú Thọ', note: 'x' });
	});

	it('normalises text to NFC and trims it', async () => {
		const nfd = 'Phú Thọ'.normalize('NFD');
		const { table } = await read(source('p.csv', `province_code,province_name\n 25 ,  ${nfd}  \n`));
		expect(table?.rows[0]?.values.name).toBe('Phú Thọ'.normalize('NFC'));
		expect(table?.rows[0]?.values.code).toBe('25');
	});

	it('reads semicolon-separated files from spreadsheets set to Vietnamese', async () => {
		const { table } = await read(source('p.csv', 'province_code;province_name\n25;Phú Thọ\n'));
		expect(table?.rows[0]?.values).toMatchObject({ code: '25', name: 'Phú Thọ' });
	});

	it('reads a UTF-16 LE file with a byte order mark (Excel "Unicode text")', async () => {
		const { table, problems } = await read(fileSource(UNIT_FIXTURES, 'provinces-utf16le.csv'));
		expect(problems).toEqual([]);
		expect(table?.rows.map((row) => row.values.name)).toEqual([
			'Thành phố Hà Nội',
			'Tỉnh Phú Thọ',
			'Thành phố Hồ Chí Minh'
		]);
	});

	it('refuses a file that is not UTF-8 and names the first line that is not', async () => {
		const { table, problems } = await read(fileSource(UNIT_FIXTURES, 'communes-windows1258.csv'));
		expect(table).toBeUndefined();
		expect(problems).toEqual([{ file: 'communes-windows1258.csv', line: 2, code: 'file_not_utf8', params: {} }]);
	});

	it.each([
		['an image renamed to .csv', fileSource(UNIT_FIXTURES, 'communes-image.csv'), 'file_binary'],
		['an empty file', source('empty.csv', ''), 'file_empty'],
		['a file holding only a byte order mark and blank lines', source('blank.csv', '\uFEFF\r\n ,, \r\n'), 'file_empty'],
		['an Excel 97-2003 file', source('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])), 'file_legacy_xls'],
		['a ZIP that is not a workbook', source('x.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'file_unreadable_xlsx'],
		['a file over the size limit', source('big.csv', new Uint8Array(MAX_TABLE_BYTES + 1).fill(0x41)), 'file_too_large']
	])('refuses %s', async (_, file, code) => {
		const { table, problems } = await read(file);
		expect(table).toBeUndefined();
		expect(problems).toEqual([expect.objectContaining({ file: file.name, code })]);
		expect(problems[0]?.line).toBeUndefined();
	});

	it('reports a header with no rows under it', async () => {
		const { problems } = await read(source('p.csv', 'province_code,province_name\n'));
		expect(problems).toEqual([{ file: 'p.csv', line: 1, code: 'no_rows', params: {} }]);
	});

	it('reports every missing or doubled column on the header line', async () => {
		const { table, problems } = await read(source('p.csv', 'mã tỉnh,province_code,note\n01,01,x\n'));
		expect(table).toBeUndefined();
		expect(problems).toEqual([
			{ file: 'p.csv', line: 1, code: 'duplicate_column', params: { column: 'province_code', titles: 'mã tỉnh, province_code' } },
			{ file: 'p.csv', line: 1, code: 'missing_column', params: { column: 'province_name', accepted: 'province_name, tên tỉnh' } }
		]);
	});

	it('reports the line of a quote that is never closed', async () => {
		const { problems } = await read(source('p.csv', 'province_code,province_name\n01,Hà Nội\n04,"Cao Bằng\n08,Tuyên Quang\n'));
		expect(problems).toEqual([{ file: 'p.csv', line: 3, code: 'csv_malformed', params: {} }]);
	});

	it('reports values under no title, which usually come from an unquoted comma', async () => {
		const { problems } = await read(source('p.csv', 'province_code,province_name\n01,Hà Nội\n79,Thành phố Hồ Chí Minh, TP.HCM\n'));
		expect(problems).toEqual([{ file: 'p.csv', line: 3, code: 'extra_cells', params: { count: 1 } }]);
	});
});

describe('reading XLSX', () => {
	it('is told apart from CSV by its content, whatever its name', async () => {
		const bytes = await xlsx([['province_code', 'province_name'], ['01', 'Thành phố Hà Nội']]);
		const { table, problems } = await read(source('tinh.csv', bytes));
		expect(problems).toEqual([]);
		expect(table?.rows).toEqual([{ line: 2, values: { code: '01', name: 'Thành phố Hà Nội', note: '' } }]);
	});

	it('shows numbers as the cell displays them: zero-padded only when the format pads', async () => {
		const bytes = await xlsx([['province_code', 'province_name'], [1, 'Hà Nội'], [4, 'Cao Bằng']], (sheet) => {
			sheet.getCell('A2').numFmt = '00';
		});
		const { table } = await read(source('tinh.xlsx', bytes));
		expect(table?.rows.map((row) => row.values.code)).toEqual(['01', '4']);
	});

	it('numbers rows as the spreadsheet does, skipping blank rows', async () => {
		const bytes = await xlsx([[], ['province_code', 'province_name'], [], ['25', 'Phú Thọ'.normalize('NFD')]]);
		const { table } = await read(source('tinh.xlsx', bytes));
		expect(table?.rows).toEqual([{ line: 4, values: { code: '25', name: 'Phú Thọ'.normalize('NFC'), note: '' } }]);
	});

	it('refuses formula cells, naming the row and the column', async () => {
		const bytes = await xlsx([['province_code', 'province_name'], ['01', 'Hà Nội']], (sheet) => {
			sheet.getCell('B2').value = { formula: 'UPPER("Hà Nội")', result: 'HÀ NỘI' };
		});
		const { problems } = await read(source('tinh.xlsx', bytes));
		expect(problems).toEqual([{ file: 'tinh.xlsx', line: 2, column: 'province_name', code: 'formula_cell', params: {} }]);
	});
});

describe('describeProblem', () => {
	const problem = { file: 'xa.csv', line: 7, column: 'commune_code', code: 'code_format', params: { value: '4', digits: 5 } } as const;

	it('writes file, line, column and message in Vietnamese', () => {
		expect(describeProblem(problem, 'vi')).toMatch(/^xa\.csv:7 \(commune_code\): Mã «4» phải gồm đúng 5 chữ số/);
	});

	it('writes the same in English, and leaves out what the problem does not have', () => {
		expect(describeProblem(problem, 'en')).toMatch(/^xa\.csv:7 \(commune_code\): Code "4" must have exactly 5 digits/);
		expect(describeProblem({ file: 'x.csv', code: 'file_empty', params: {} }, 'en')).toBe('x.csv: The file is empty.');
	});
});
