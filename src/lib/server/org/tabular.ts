import { CsvError, type Info, parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { ProblemLog } from './problems';

export const MAX_TABLE_BYTES = 10 * 1024 * 1024;

/** An uploaded or local file; `name` is how messages refer to it. */
export interface TableSource {
	name: string;
	bytes: Uint8Array;
}

/** The titles a column may have, English or Vietnamese; the first is named when it is missing. */
export interface ColumnSpec {
	names: readonly string[];
	optional?: boolean;
}

export interface TableRow<K extends string> {
	/** The line (CSV) or row number (XLSX) a person sees in an editor or spreadsheet. */
	line: number;
	/** Cell text per column, NFC and trimmed; '' for an empty cell or an absent optional column. */
	values: Record<K, string>;
}

export interface Table<K extends string> {
	file: string;
	/** The header row as written in the file. */
	headers: string[];
	/** Each column's title as written in the file, for messages (its first name when absent). */
	labels: Record<K, string>;
	rows: TableRow<K>[];
}

export interface GridRow {
	line: number;
	cells: string[];
}

/** A file's non-empty rows of cell text, NFC and trimmed, before the header is interpreted. */
export interface Grid {
	file: string;
	rows: GridRow[];
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Excel 97-2003 `.xls` (an OLE2 compound file), still what many offices export. */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const NEWLINE = 0x0a;

/** Reads a CSV or XLSX file into rows keyed by `columns`; see `readGrid` and `tableFromGrid`. */
export async function readTable<K extends string>(
	source: TableSource,
	columns: Record<K, ColumnSpec>,
	log: ProblemLog
): Promise<Table<K> | undefined> {
	const grid = await readGrid(source, log);
	return grid && tableFromGrid(grid, columns, log);
}

/**
 * Interprets the first row as the header and keys the other rows by `columns`. Returns undefined
 * when a required column is missing or there are no rows; every reason is in `log`.
 */
export function tableFromGrid<K extends string>(
	grid: Grid,
	columns: Record<K, ColumnSpec>,
	log: ProblemLog
): Table<K> | undefined {
	const { file } = grid;
	const [header, ...body] = grid.rows;
	if (!header) {
		log.add({ file }, 'file_empty', {});
		return undefined;
	}
	const indexes = matchColumns(file, header, columns, log);
	if (!indexes) return undefined;
	if (body.length === 0) {
		log.add({ file, line: header.line }, 'no_rows', {});
		return undefined;
	}
	reportCellsWithoutTitle(file, header, body, log);
	const keys = Object.keys(columns) as K[];
	const byKey = <V>(value: (key: K) => V) => Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
	const cellOf = (cells: string[], key: K) => {
		const index = indexes[key];
		return index === undefined ? undefined : cells[index];
	};
	return {
		file,
		headers: header.cells,
		labels: byKey((key) => cellOf(header.cells, key) ?? columns[key].names[0] ?? key),
		rows: body.map(({ line, cells }) => ({ line, values: byKey((key) => cellOf(cells, key) ?? '') }))
	};
}

/** Header titles compare case-insensitively, in NFC, ignoring spaces and underscores. */
function titleKey(title: string): string {
	return title.normalize('NFC').toLocaleLowerCase('vi').replace(/[\s_]+/gu, '');
}

function matchColumns<K extends string>(
	file: string,
	header: GridRow,
	columns: Record<K, ColumnSpec>,
	log: ProblemLog
): Record<K, number | undefined> | undefined {
	const titleKeys = header.cells.map(titleKey);
	const indexes = {} as Record<K, number | undefined>;
	let complete = true;
	for (const [key, spec] of Object.entries(columns) as [K, ColumnSpec][]) {
		const accepted = new Set(spec.names.map(titleKey));
		const found = titleKeys.flatMap((title, index) => (title && accepted.has(title) ? [index] : []));
		const column = spec.names[0] ?? key;
		if (found.length > 1) {
			const titles = found.map((index) => header.cells[index]).join(', ');
			log.add({ file, line: header.line }, 'duplicate_column', { column, titles });
			complete = false;
		} else if (found.length === 0 && !spec.optional) {
			log.add({ file, line: header.line }, 'missing_column', { column, accepted: spec.names.join(', ') });
			complete = false;
		}
		indexes[key] = found[0];
	}
	return complete ? indexes : undefined;
}

/** A value under no title is usually a name whose comma split it into two cells. */
function reportCellsWithoutTitle(file: string, header: GridRow, body: GridRow[], log: ProblemLog): void {
	for (const row of body) {
		const count = row.cells.filter((cell, index) => cell !== '' && !header.cells[index]).length;
		if (count > 0) log.add({ file, line: row.line }, 'extra_cells', { count });
	}
}

/** A CSV or XLSX file, told apart by content, not by name. Undefined, with reasons in `log`, when unreadable. */
export async function readGrid(source: TableSource, log: ProblemLog): Promise<Grid | undefined> {
	return startsWith(source.bytes, ZIP_SIGNATURE) ? readXlsxGrid(source, log) : readCsvGrid(source, log);
}

/** Synchronous, for files known to be CSV (the shipped official units); refuses anything else. */
export function readCsvGrid(source: TableSource, log: ProblemLog): Grid | undefined {
	const { name: file, bytes } = source;
	if (!hasReadableSize(source, log)) return undefined;
	if (startsWith(bytes, OLE2_SIGNATURE)) {
		log.add({ file }, 'file_legacy_xls', {});
		return undefined;
	}
	const text = decodeText(file, bytes, log);
	const rows = text === undefined ? undefined : parseCsv(file, text, log);
	return rows && { file, rows };
}

function hasReadableSize({ name: file, bytes }: TableSource, log: ProblemLog): boolean {
	if (bytes.length > MAX_TABLE_BYTES) log.add({ file }, 'file_too_large', { maxMb: MAX_TABLE_BYTES / 1024 / 1024 });
	else if (bytes.length === 0) log.add({ file }, 'file_empty', {});
	else return true;
	return false;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
	return signature.every((byte, index) => bytes[index] === byte);
}

/**
 * UTF-8 (with or without BOM), or UTF-16 when a BOM says so (Excel's "Unicode text"). Any other
 * encoding is refused rather than guessed: Windows-1258, TCVN3 and VNI all turn Vietnamese
 * letters into different wrong ones, and a wrong guess would be imported silently.
 */
function decodeText(file: string, bytes: Uint8Array, log: ProblemLog): string | undefined {
	const utf16 = startsWith(bytes, UTF16LE_BOM) ? 'utf-16le' : startsWith(bytes, UTF16BE_BOM) ? 'utf-16be' : undefined;
	// Text in UTF-8 never holds a NUL byte; images, PDFs and archives almost always do.
	if (!utf16 && bytes.includes(0)) {
		log.add({ file }, 'file_binary', {});
		return undefined;
	}
	try {
		// The decoder drops the byte order mark.
		return new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes);
	} catch {
		if (utf16) log.add({ file }, 'file_binary', {});
		else log.add({ file, line: firstLineNotUtf8(bytes) }, 'file_not_utf8', {});
		return undefined;
	}
}

/** A newline byte never occurs inside a UTF-8 sequence, so lines can be checked one by one. */
function firstLineNotUtf8(bytes: Uint8Array): number | undefined {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let start = 0;
	for (let line = 1; start <= bytes.length; line++) {
		const end = bytes.indexOf(NEWLINE, start);
		const stop = end === -1 ? bytes.length : end;
		try {
			decoder.decode(bytes.subarray(start, stop));
		} catch {
			return line;
		}
		start = stop + 1;
	}
	return undefined;
}

function parseCsv(file: string, text: string, log: ProblemLog): GridRow[] | undefined {
	// Parsed as bytes so csv-parse's byte offsets locate each record's first line: its own line
	// count goes wrong after a quoted value holding CRLF.
	const buffer = Buffer.from(text, 'utf8');
	const lines = new LineCounter(buffer);
	let records: { record: string[]; info: Info }[];
	try {
		records = parse(buffer, {
			delimiter: guessDelimiter(text),
			info: true,
			relax_column_count: true,
			skip_empty_lines: false
		}) as unknown as { record: string[]; info: Info }[];
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		const offset = typeof error.bytes === 'number' ? Math.max(0, error.bytes - 1) : 0;
		log.add({ file, line: lines.lineAt(offset) }, 'csv_malformed', {});
		return undefined;
	}
	let recordStart = 0;
	return records.flatMap(({ record, info }) => {
		const line = lines.lineAt(recordStart);
		recordStart = info.bytes;
		return nonEmptyRow(line, record.map(normalizeCell));
	});
}

/** Turns byte offsets, asked in increasing order, into 1-based line numbers. */
class LineCounter {
	private offset = 0;
	private line = 1;

	constructor(private readonly bytes: Uint8Array) {}

	lineAt(offset: number): number {
		for (; this.offset < offset && this.offset < this.bytes.length; this.offset++) {
			if (this.bytes[this.offset] === NEWLINE) this.line++;
		}
		return this.line;
	}
}

/** Spreadsheets saved with a Vietnamese locale often separate by ';'; the header line tells. */
function guessDelimiter(text: string): string {
	const headerLine = text.slice(0, text.search(/\r?\n|$/));
	const count = (delimiter: string) => headerLine.split(delimiter).length - 1;
	return [',', ';', '\t'].reduce((best, delimiter) => (count(delimiter) > count(best) ? delimiter : best));
}

async function readXlsxGrid(source: TableSource, log: ProblemLog): Promise<Grid | undefined> {
	const { name: file, bytes } = source;
	if (!hasReadableSize(source, log)) return undefined;
	// exceljs takes most of a second to load: only a spreadsheet upload needs it.
	const { default: Excel } = await import('exceljs');
	const workbook = new Excel.Workbook();
	try {
		// exceljs types its input as an ArrayBuffer; a copy gives one of exactly the file's length.
		await workbook.xlsx.load(bytes.slice().buffer);
	} catch {
		log.add({ file }, 'file_unreadable_xlsx', {});
		return undefined;
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) {
		log.add({ file }, 'file_unreadable_xlsx', {});
		return undefined;
	}
	const rows: GridRow[] = [];
	sheet.eachRow((row, line) => {
		const cells = Array.from({ length: row.cellCount }, (_, index) => row.getCell(index + 1));
		const titles = rows[0]?.cells;
		cells.forEach((cell, index) => {
			// A formula's stored result may be stale or missing; the value must be typed in.
			if (cell.type === Excel.ValueType.Formula) {
				const column = titles?.[index] || cell.address.replace(/\d+$/, '');
				log.add({ file, line, column }, 'formula_cell', {});
			}
		});
		rows.push(...nonEmptyRow(line, cells.map((cell) => normalizeCell(cellText(cell)))));
	});
	return { file, rows };
}

/**
 * The text the cell shows. A code typed as a number keeps only its digits ("1", not "01"), and
 * is then reported as malformed instead of padded by guesswork; but when the cell's number
 * format pads with zeros ("00", "00000", the usual way to show codes), that padding is what the
 * person sees, so it is applied.
 */
function cellText(cell: ExcelJS.Cell): string {
	const format = cell.numFmt ?? '';
	if (typeof cell.value === 'number' && Number.isInteger(cell.value) && /^0+$/.test(format)) {
		return String(cell.value).padStart(format.length, '0');
	}
	return cell.text;
}

function normalizeCell(text: string): string {
	return text.normalize('NFC').trim();
}

function nonEmptyRow(line: number, cells: string[]): GridRow[] {
	return cells.some((cell) => cell !== '') ? [{ line, cells }] : [];
}
