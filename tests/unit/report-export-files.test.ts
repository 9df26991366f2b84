import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cell, type ExportMeta, type ExportSheet, reportCsv, writeReportXlsx } from '../../src/lib/server/reports/export-files';

const folder = mkdtempSync(path.join(os.tmpdir(), 'report-export-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** 01:00 on 2 March in Vietnam, still 1 March in UTC. */
const LATE_EVENING_UTC = new Date('2026-03-01T18:00:00Z');

const meta: ExportMeta = {
	title: 'Báo cáo tiến độ học tập',
	lines: ['Tiêu chí: Hoàn thành khóa Kỹ năng số cơ bản', 'Đơn vị: Xã Hy Cương', 'Số liệu tính đến: 02/03/2026', 'Xuất lúc: 02/03/2026 08:15']
};
const HEADER_ROW = meta.lines.length + 3;

const summary: ExportSheet = {
	name: 'Tổng hợp',
	columns: [
		{ header: 'Mã đơn vị', width: 12 },
		{ header: 'Đơn vị', width: 28 },
		{ header: 'Số người học', width: 14, kind: 'number' },
		{ header: 'Tỷ lệ hoàn thành (%)', width: 16, kind: 'percent' },
		{ header: 'Cập nhật', width: 14, kind: 'date' }
	],
	rows: [
		['08515', 'Xã Hy Cương', 1234, 87.5, LATE_EVENING_UTC],
		['08521', 'Phường Nông Trang', 56, 100, null]
	]
};

const detail: ExportSheet = {
	name: 'Chi tiết',
	columns: [
		{ header: 'Họ và tên', width: 24 },
		{ header: 'Đơn vị', width: 20 },
		{ header: 'Kết quả', width: 12 },
		{ header: 'Ngày hoàn thành', width: 16, kind: 'date' }
	],
	rows: [
		['Nguyễn Thị Lan', 'Xã Hy Cương', 'Đạt', LATE_EVENING_UTC],
		['Trần Văn Bình', 'Xã Hy Cương', 'Quá hạn', null],
		['=HYPERLINK("http://example.com","x")', 'Xã Hy Cương', 'Đạt', null]
	]
};

async function writeFile(name: string, sheets: ExportSheet[]): Promise<string> {
	const file = path.join(folder, name);
	await writeReportXlsx(createWriteStream(file), meta, sheets);
	return file;
}

async function read(file: string) {
	return new ExcelJS.Workbook().xlsx.readFile(file);
}

const dayShown = (value: unknown) => {
	expect(value).toBeInstanceOf(Date);
	const date = value as Date;
	return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
};

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

function* generated(count: number, onRow?: (index: number) => void): Generator<Cell[]> {
	for (let i = 0; i < count; i++) {
		onRow?.(i);
		yield [
			String(i).padStart(6, '0'),
			`Nguyễn Thị Lan ${i}`,
			'Xã Hy Cương',
			i % 40,
			(i % 1001) / 10,
			new Date(Date.UTC(2026, 0, 1) + i * 60_000),
			i % 3 ? 'Đạt' : 'Quá hạn',
			i * 7,
			'Kỹ năng số cơ bản',
			`Ghi chú, dòng ${i}`
		];
	}
}

const bigColumns: ExportSheet['columns'] = [
	{ header: 'Mã', width: 10 },
	{ header: 'Họ và tên', width: 24 },
	{ header: 'Đơn vị', width: 18 },
	{ header: 'Số bài', width: 8, kind: 'number' },
	{ header: 'Tiến độ (%)', width: 10, kind: 'percent' },
	{ header: 'Ngày', width: 12, kind: 'date' },
	{ header: 'Kết quả', width: 10 },
	{ header: 'Điểm', width: 8, kind: 'number' },
	{ header: 'Khóa học', width: 20 },
	{ header: 'Ghi chú', width: 20 }
];

describe('report XLSX', () => {
	it('writes each sheet with the title and meta lines above a frozen, filtered header', async () => {
		const workbook = await read(await writeFile('two-sheets.xlsx', [summary, detail]));
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tổng hợp', 'Chi tiết']);

		for (const [sheet, source] of [
			[workbook.getWorksheet('Tổng hợp')!, summary],
			[workbook.getWorksheet('Chi tiết')!, detail]
		] as const) {
			expect(sheet.getCell('A1').value).toBe(meta.title);
			expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
			meta.lines.forEach((line, i) => expect(sheet.getCell(`A${i + 2}`).value).toBe(line));
			expect(sheet.getRow(HEADER_ROW - 1).hasValues).toBe(false);

			const header = sheet.getRow(HEADER_ROW);
			expect(source.columns.map((_, c) => header.getCell(c + 1).value)).toEqual(source.columns.map((column) => column.header));
			expect(header.getCell(1).font?.bold).toBe(true);
			expect(header.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });

			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
			const last = String.fromCharCode(64 + source.columns.length);
			expect(sheet.autoFilter).toBe(`A${HEADER_ROW}:${last}${HEADER_ROW + [...source.rows].length}`);
			source.columns.forEach((column, c) => expect(sheet.getColumn(c + 1).width).toBe(column.width));
		}
	});

	it('keeps codes as text, and writes numbers, percents and Vietnamese days with their formats', async () => {
		const workbook = await read(await writeFile('values.xlsx', [summary, detail]));
		const sheet = workbook.getWorksheet('Tổng hợp')!;
		const first = HEADER_ROW + 1;

		expect(sheet.getCell(`A${first}`).value).toBe('08515');
		expect(sheet.getCell(`A${first}`).type).toBe(ExcelJS.ValueType.String);
		expect(sheet.getCell(`B${first}`).value).toBe('Xã Hy Cương');

		expect(sheet.getCell(`C${first}`).value).toBe(1234);
		expect(sheet.getCell(`C${first}`).numFmt).toBe('#,##0');

		expect(sheet.getCell(`D${first}`).value).toBeCloseTo(0.875, 10);
		expect(sheet.getCell(`D${first}`).numFmt).toBe('0.0%');
		expect(sheet.getCell(`D${first + 1}`).value).toBe(1);

		expect(sheet.getCell(`E${first}`).type).toBe(ExcelJS.ValueType.Date);
		expect(sheet.getCell(`E${first}`).numFmt).toBe('dd/mm/yyyy');
		expect(dayShown(sheet.getCell(`E${first}`).value)).toBe('02/03/2026');
		expect(sheet.getCell(`E${first + 1}`).value).toBeNull();

		const people = workbook.getWorksheet('Chi tiết')!;
		expect(people.getCell(`A${first}`).value).toBe('Nguyễn Thị Lan');
		expect(people.getCell(`C${first}`).value).toBe('Đạt');
		expect(people.getCell(`C${first + 1}`).value).toBe('Quá hạn');
		expect(dayShown(people.getCell(`D${first}`).value)).toBe('02/03/2026');
		// Text that looks like a formula stays text in a workbook: nothing to guard there.
		const lookalike = people.getCell(`A${first + 2}`);
		expect(lookalike.type).toBe(ExcelJS.ValueType.String);
		expect(lookalike.value).toBe('=HYPERLINK("http://example.com","x")');
	});

	it('gives sheets names Excel accepts', async () => {
		const sheet = (name: string): ExportSheet => ({ name, columns: [{ header: 'A', width: 5 }], rows: [] });
		const workbook = await read(await writeFile('names.xlsx', [sheet('Học viên: tiến độ/tuần [2026]'), sheet('Học viên: tiến độ/tuần [2026]'), sheet('  ')]));
		const names = workbook.worksheets.map((s) => s.name);
		expect(names).toHaveLength(3);
		expect(new Set(names).size).toBe(3);
		for (const name of names) {
			expect(name.length).toBeLessThanOrEqual(31);
			expect(name).not.toMatch(/[:\\/?*[\]]/);
			expect(name.trim()).not.toBe('');
		}
		// An empty sheet still has its header, and a filter over just that row.
		expect(workbook.worksheets[0]!.autoFilter).toBe(`A${HEADER_ROW}:A${HEADER_ROW}`);
	});

	it('rejects, without hanging, when the output fails mid-way', async () => {
		let writes = 0;
		const out = new Writable({
			write(_chunk, _encoding, callback) {
				callback(++writes > 2 ? new Error('client went away') : null);
			}
		});
		out.on('error', () => {});
		await expect(writeReportXlsx(out, meta, [{ name: 'Chi tiết', columns: bigColumns, rows: generated(20_000) }])).rejects.toThrow('client went away');
		expect(out.destroyed).toBe(true);
	});

	it('writes 100,000 rows to disk in under 5 s without holding them in memory', async () => {
		const file = path.join(folder, 'large.xlsx');
		// Buffers live outside the JS heap: count them too, or a sheet piling up as XML would not show.
		const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
		const before = used();
		let peak = before;
		const sample = setInterval(() => (peak = Math.max(peak, used())), 10);
		const started = performance.now();
		await writeReportXlsx(createWriteStream(file), meta, [{ name: 'Chi tiết', columns: bigColumns, rows: generated(100_000) }]);
		const elapsed = performance.now() - started;
		clearInterval(sample);
		peak = Math.max(peak, used());
		console.info(`XLSX 100,000 rows: ${Math.round(elapsed)} ms, ${(statSync(file).size / 1e6).toFixed(1)} MB file, heap and buffers +${((peak - before) / 1e6).toFixed(1)} MB at peak`);

		expect(elapsed).toBeLessThan(5000);
		expect(peak - before).toBeLessThan(150 * 1024 * 1024);
		expect(statSync(file).size).toBeGreaterThan(1024 * 1024);

		// Read back with the streaming reader too: the whole file, every row, in order.
		let rows = 0;
		let lastCode: unknown = null;
		for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, {})) {
			for await (const row of sheet) {
				rows++;
				lastCode = row.getCell(1).value;
			}
		}
		expect(rows).toBe(1 + meta.lines.length + 1 + 100_000);
		expect(lastCode).toBe('099999');
	});
});

describe('report CSV', () => {
	const tricky: ExportSheet = {
		name: 'Chi tiết',
		columns: [
			{ header: 'Họ và tên', width: 24 },
			{ header: 'Đơn vị', width: 20 },
			{ header: 'Tiến độ (%)', width: 10, kind: 'percent' },
			{ header: 'Điểm', width: 8, kind: 'number' },
			{ header: 'Ngày hoàn thành', width: 14, kind: 'date' }
		],
		rows: [
			['Nguyễn Thị Lan', 'Xã Hy Cương', 87.5, 9, LATE_EVENING_UTC],
			['Lan "Út"', 'Xã Hy Cương, Phú Thọ', 100, -5, null],
			['Dòng 1\nDòng 2', '08515', 0, 1234.5, null],
			['=1+2', '+84912345678', null, null, null],
			['-5', '@SUM(A1)', null, null, null],
			['\tTab', '=HYPERLINK("http://x","a,b")', null, null, null]
		]
	};

	it('writes UTF-8 with a BOM, CRLF, RFC 4180 quoting and guarded formulas', async () => {
		const bytes = await readAll(reportCsv(meta, tricky));
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
		expect(text).toBe(
			'\uFEFF' +
				[
					'Báo cáo tiến độ học tập',
					'Tiêu chí: Hoàn thành khóa Kỹ năng số cơ bản',
					'Đơn vị: Xã Hy Cương',
					'Số liệu tính đến: 02/03/2026',
					'Xuất lúc: 02/03/2026 08:15',
					'',
					'Họ và tên,Đơn vị,Tiến độ (%),Điểm,Ngày hoàn thành',
					'Nguyễn Thị Lan,Xã Hy Cương,87.5,9,02/03/2026',
					'"Lan ""Út""","Xã Hy Cương, Phú Thọ",100.0,-5,',
					'"Dòng 1\nDòng 2",08515,0.0,1234.5,',
					"'=1+2,'+84912345678,,,",
					"'-5,'@SUM(A1),,,",
					`'\tTab,"'=HYPERLINK(""http://x"",""a,b"")",,,`,
					''
				].join('\r\n')
		);
		// Every line break is CRLF except the one inside a quoted field.
		expect(text.replaceAll('\r\n', '').split('\n')).toHaveLength(2);
		expect(text).not.toMatch(/\r(?!\n)/);
	});

	it('reads no row before the consumer asks, and stops the source when cancelled', async () => {
		let produced = 0;
		let finished = false;
		const sheet: ExportSheet = {
			name: 'x',
			columns: bigColumns,
			rows: (function* () {
				try {
					yield* generated(100_000, (i) => (produced = i + 1));
				} finally {
					finished = true;
				}
			})()
		};
		const reader = reportCsv(meta, sheet).getReader();
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(produced).toBe(0);
		await reader.read(); // the BOM, meta lines and header
		await reader.read();
		expect(produced).toBeLessThanOrEqual(1000);
		await reader.cancel();
		expect(finished).toBe(true);
		expect(produced).toBeLessThanOrEqual(2000);
	});

	it('streams 100,000 rows in chunks', async () => {
		const reader = reportCsv(meta, { name: 'x', columns: bigColumns, rows: generated(100_000) }).getReader();
		const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
		const started = performance.now();
		let chunks = 0;
		let largest = 0;
		let lines = 0;
		let tail = '';
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			chunks++;
			largest = Math.max(largest, value.byteLength);
			const text = tail + decoder.decode(value, { stream: true });
			const parts = text.split('\r\n');
			tail = parts.pop()!;
			lines += parts.length;
			if (chunks === 1) expect(text.startsWith('\uFEFFBáo cáo tiến độ học tập\r\n')).toBe(true);
		}
		console.info(`CSV 100,000 rows: ${Math.round(performance.now() - started)} ms in ${chunks} chunks, largest ${(largest / 1024).toFixed(0)} KiB`);
		expect(tail).toBe('');
		expect(lines).toBe(1 + meta.lines.length + 1 + 1 + 100_000);
		expect(chunks).toBeGreaterThanOrEqual(100);
		expect(largest).toBeLessThan(1024 * 1024);
	});
});
