import type { ProblemCode, ProblemLog, ProblemParams, ProblemPlace } from './problems';
import type { Table, TableRow } from './tabular';

/** A value a column may hold and the words people write for it; the first word is the one shown. */
export interface Choice<V> {
	value: V;
	words: readonly string[];
}

/** Words compare case-insensitively, in NFC, with runs of spaces or underscores as one space. */
function wordKey(word: string): string {
	return word.normalize('NFC').toLocaleLowerCase('vi').replace(/[\s_]+/gu, ' ').trim();
}

export function findChoice<V>(choices: readonly Choice<V>[], text: string): V | undefined {
	const key = wordKey(text);
	return choices.find((choice) => choice.words.some((word) => wordKey(word) === key))?.value;
}

export function isDigits(text: string, count: number): boolean {
	return text.length === count && /^[0-9]+$/.test(text);
}

/**
 * The checks every imported table shares. Each returns the checked value, or undefined after
 * reporting why there is none, so a row's checks all run and all its problems are reported.
 */
export class TableCheck<K extends string> {
	private readonly firstLineOfCode = new Map<string, number>();

	constructor(
		readonly table: Table<K>,
		private readonly log: ProblemLog
	) {}

	place(row: TableRow<K>, column?: K): ProblemPlace {
		return { file: this.table.file, line: row.line, column: column && this.table.labels[column] };
	}

	report<C extends ProblemCode>(row: TableRow<K>, column: K | undefined, code: C, params: ProblemParams<C>): void {
		this.log.add(this.place(row, column), code, params);
	}

	required(row: TableRow<K>, column: K): string | undefined {
		const text = row.values[column];
		if (text === '') this.report(row, column, 'value_missing', {});
		return text || undefined;
	}

	digits(row: TableRow<K>, column: K, count: number): string | undefined {
		const text = this.required(row, column);
		if (text === undefined || isDigits(text, count)) return text;
		this.report(row, column, 'code_format', { value: text, digits: count });
		return undefined;
	}

	choice<V>(row: TableRow<K>, column: K, choices: readonly Choice<V>[]): V | undefined {
		const text = this.required(row, column);
		if (text === undefined) return undefined;
		const value = findChoice(choices, text);
		if (value === undefined) {
			const allowed = choices.map((choice) => choice.words[0]).join(', ');
			this.report(row, column, 'unknown_choice', { value: text, allowed });
		}
		return value;
	}

	/** False, reported, when an earlier row of this table has the same code. */
	unique(row: TableRow<K>, column: K, code: string): boolean {
		const firstLine = this.firstLineOfCode.get(code);
		if (firstLine === undefined) {
			this.firstLineOfCode.set(code, row.line);
			return true;
		}
		this.report(row, column, 'duplicate_code', { code, firstLine });
		return false;
	}
}
