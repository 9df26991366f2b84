/**
 * File writers for report exports: any table a report shows, as XLSX (streamed to a file or a
 * response) or as CSV (a web stream). They know nothing of reports; callers hand them columns and
 * rows, and rows may be a generator, so a table never has to sit in memory whole.
 */
import type { Stream, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { vietnamDayOf } from '../../vietnam-day';

export type Cell = string | number | Date | null;

export interface ExportColumn {
	header: string;
	/** In Excel's character units. */
	width: number;
	/** 'percent' cells hold 0–100 (87.5 means 87.5 %). Defaults to 'text'. */
	kind?: 'text' | 'number' | 'percent' | 'date';
}

export interface ExportSheet {
	name: string;
	columns: ExportColumn[];
	/**
	 * Read once, in order. The XLSX writer yields to the event loop between batches of rows, so a
	 * better-sqlite3 `.iterate()` must not be handed in on the connection requests use: any other
	 * query on it while the iterator is open throws "connection is busy". Page through with fresh
	 * queries inside a generator instead.
	 */
	rows: Iterable<Cell[]>;
}

/** Lines printed above each sheet's header row: criterion, unit, "as of", export time... */
export interface ExportMeta {
	title: string;
	lines: string[];
}

/** Rows written between two looks at the zip's backlog (XLSX) or per chunk handed out (CSV). */
const BATCH = 1000;
/** Uncompressed sheet XML allowed to wait for the zip before the writer stops producing rows. */
const BACKLOG_LIMIT = 4 * 1024 * 1024;
/** Excel refuses to open a file with a longer cell ("We found a problem with some content"). */
const EXCEL_MAX_TEXT = 32767;

// One object per look: exceljs caches style ids by object identity, so sharing them keeps
// 100,000 rows from hashing a fresh style for every cell.
const STYLE = {
	plain: {},
	number: { numFmt: '#,##0' },
	percent: { numFmt: '0.0%' },
	date: { numFmt: 'dd/mm/yyyy' },
	// A font given without name and size is drawn in whatever the program falls back to.
	title: { font: { name: 'Calibri', family: 2, size: 14, bold: true } },
	header: {
		font: { name: 'Calibri', family: 2, size: 11, bold: true },
		fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } },
		alignment: { vertical: 'middle', wrapText: true },
		border: { bottom: { style: 'thin', color: { argb: 'FF8A9BAE' } } }
	}
} satisfies Record<string, Partial<ExcelJS.Style>>;

/** The Vietnamese calendar day of an instant, as yyyy-mm-dd; null for an invalid Date. */
function vietnamDay(value: Date): string | null {
	return Number.isNaN(value.getTime()) ? null : vietnamDayOf(value);
}

/**
 * Writes the workbook to `out` as it goes and ends `out`; resolves once `out` has taken the last
 * byte. Each sheet: title, meta lines, an empty row, then the header row (frozen, with a filter).
 * On failure `out` is destroyed (a half-written zip is no file) and the promise rejects.
 */
export async function writeReportXlsx(out: NodeJS.WritableStream, meta: ExportMeta, sheets: ExportSheet[]): Promise<void> {
	let failure: unknown = null;
	let fail!: (error: unknown) => void;
	// exceljs listens for errors on `out` only once it is finishing: one earlier (a client hanging
	// up mid-download) would leave commit() waiting forever, or be thrown by the zip's pipe as an
	// uncaught 'error' and take the server down.
	const broken = new Promise<never>((_, reject) => (fail = reject));
	broken.catch(() => {});
	const onError = (error: unknown) => {
		failure ??= error;
		fail(failure);
	};
	// A stream that has finished closes on the next tick, before commit() gets to resolve.
	const onClose = () => {
		if (!(out as Partial<Writable>).writableFinished) onError(new Error('The output closed before the workbook was written'));
	};
	out.on('error', onError);
	out.on('close', onClose);
	const check = () => {
		if (failure) throw failure;
	};
	try {
		// Excel will not open a workbook without a sheet.
		if (sheets.length === 0) throw new Error('A workbook needs at least one sheet');
		const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useStyles: true, useSharedStrings: false });
		const names = sheetNames(sheets.map((sheet) => sheet.name));
		for (const [index, sheet] of sheets.entries()) await writeSheet(workbook, names[index]!, meta, sheet, check);
		await Promise.race([workbook.commit(), broken]);
	} catch (error) {
		(out as Partial<Writable>).destroy?.();
		throw error;
	} finally {
		out.removeListener('error', onError);
		out.removeListener('close', onClose);
	}
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, meta: ExportMeta, sheet: ExportSheet, check: () => void): Promise<void> {
	const headerRow = meta.lines.length + 3;
	const width = sheet.columns.length;
	// The streaming writer puts views in the sheet's opening XML and column widths before the first
	// row: both have to be known now. The filter goes at the end, once the last row is known.
	const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }] });
	worksheet.columns = sheet.columns.map((column) => ({ width: column.width }));

	let rowNumber = 0;
	const addRow = (cells: Cell[], style: (column: number) => Partial<ExcelJS.Style>) => {
		const row = worksheet.getRow(++rowNumber);
		for (let c = 0; c < cells.length; c++) {
			const value = cells[c];
			if (value === null || value === undefined) continue;
			const cell = row.getCell(c + 1);
			cell.value = value;
			cell.style = style(c);
		}
		row.commit();
	};

	addRow([text(meta.title)], () => STYLE.title);
	for (const line of meta.lines) addRow([text(line)], () => STYLE.plain);
	addRow([], () => STYLE.plain);
	addRow(
		sheet.columns.map((column) => text(column.header)),
		() => STYLE.header
	);

	const kinds = sheet.columns.map((column) => column.kind ?? 'text');
	const values: Cell[] = new Array<Cell>(width);
	const styles: Partial<ExcelJS.Style>[] = new Array<Partial<ExcelJS.Style>>(width);
	let sinceCheck = 0;
	for (const cells of sheet.rows) {
		for (let c = 0; c < width; c++) {
			const [value, style] = xlsxCell(cells[c] ?? null, kinds[c]!);
			values[c] = value;
			styles[c] = style;
		}
		addRow(values, (c) => styles[c]!);
		if (++sinceCheck === BATCH) {
			sinceCheck = 0;
			check();
			await letZipCatchUp(worksheet, check);
		}
	}
	check();

	worksheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(rowNumber, headerRow), column: Math.max(width, 1) } };
	worksheet.commit();
}

function xlsxCell(value: Cell, kind: NonNullable<ExportColumn['kind']>): [Cell, Partial<ExcelJS.Style>] {
	if (value === null) return [null, STYLE.plain];
	if (typeof value === 'string') return [text(value), STYLE.plain];
	if (value instanceof Date) {
		const day = vietnamDay(value);
		// Excel dates have no time zone: midnight UTC of the Vietnamese day is that day in any
		// Excel. Dropping the hour keeps "equals 02/03/2026" filters matching.
		return day === null ? [null, STYLE.plain] : [new Date(`${day}T00:00:00Z`), STYLE.date];
	}
	// NaN and Infinity would be written as text inside a number element: a corrupt file.
	if (!Number.isFinite(value)) return [null, STYLE.plain];
	if (kind === 'percent') return [value / 100, STYLE.percent];
	if (kind === 'number') return [value, STYLE.number];
	return [value, STYLE.plain];
}

const text = (value: string) => (value.length > EXCEL_MAX_TEXT ? value.slice(0, EXCEL_MAX_TEXT) : value);

/**
 * exceljs hands each sheet's XML to the zip through a PassThrough and never waits for it, so a
 * fast row source (or a slow reader of `out`, which stalls the zip) would pile the whole sheet up
 * in memory. Its length is the only measure of that backlog, reached through exceljs internals;
 * if they change shape, this degrades to just yielding.
 */
async function letZipCatchUp(worksheet: ExcelJS.Worksheet, check: () => void): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	const pipe = (worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
		| { _writableState?: { length?: number }; _readableState?: { length?: number } }
		| undefined;
	const backlog = () => (pipe?._writableState?.length ?? 0) + (pipe?._readableState?.length ?? 0);
	while (backlog() > BACKLOG_LIMIT) {
		check();
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

/** Names Excel accepts: at most 31 characters, none of : \ / ? * [ ], not blank, no duplicates. */
function sheetNames(wanted: string[]): string[] {
	const taken = new Set<string>();
	return wanted.map((name, index) => {
		let base = name
			.replace(/[:\\/?*[\]]/g, ' ')
			.replace(/^'+|'+$/g, '')
			.trim();
		if (!base || base.toLowerCase() === 'history') base = `Sheet${index + 1}`;
		let candidate = base.slice(0, 31);
		for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
		taken.add(candidate.toLowerCase());
		return candidate;
	});
}

/**
 * The sheet as CSV for spreadsheet programs: UTF-8 with a byte-order mark (Excel reads UTF-8 only
 * with one), comma-separated, CRLF, RFC 4180 quoting. Title and meta lines come first, one cell
 * each, then an empty line, the header and the rows. Nothing is read from `sheet.rows` until the
 * consumer asks, and then 1,000 rows at a time.
 */
export function reportCsv(meta: ExportMeta, sheet: ExportSheet): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const kinds = sheet.columns.map((column) => column.kind ?? 'text');
	let rows: Iterator<Cell[]> | null = null;
	return new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (rows === null) {
					rows = sheet.rows[Symbol.iterator]();
					const preamble = [meta.title, ...meta.lines].map((line) => csvText(line) + '\r\n').join('') + '\r\n' + csvLine(sheet.columns.map((column) => csvText(column.header)));
					controller.enqueue(encoder.encode('\uFEFF' + preamble));
					return;
				}
				let chunk = '';
				for (let i = 0; i < BATCH; i++) {
					const next = rows.next();
					if (next.done) {
						if (chunk) controller.enqueue(encoder.encode(chunk));
						controller.close();
						return;
					}
					chunk += csvLine(kinds.map((kind, c) => csvValue(next.value[c] ?? null, kind)));
				}
				controller.enqueue(encoder.encode(chunk));
			},
			cancel() {
				// Lets a generator run its finally blocks (closing a cursor, say) when the download stops.
				rows?.return?.();
			}
		},
		// Zero: rows are produced only when read, none ahead of the reader.
		{ highWaterMark: 0 }
	);
}

/** The field as written: text guarded and quoted; numbers and dates never need either. */
function csvValue(value: Cell, kind: NonNullable<ExportColumn['kind']>): string {
	if (value === null) return '';
	if (typeof value === 'string') return csvText(value);
	if (value instanceof Date) {
		const day = vietnamDay(value);
		return day === null ? '' : `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
	}
	if (!Number.isFinite(value)) return '';
	return kind === 'percent' ? value.toFixed(1) : String(value);
}

const csvLine = (fields: string[]) => fields.join(',') + '\r\n';

/**
 * Quoted when RFC 4180 requires it. Text a spreadsheet would run as a formula (= + - @, or a tab
 * or CR it may strip first) gets a leading apostrophe: exports carry names and units people typed.
 */
function csvText(field: string): string {
	const safe = /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
