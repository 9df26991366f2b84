// A namespace import of the messages themselves, unlike the `m` re-export, lets the bundled start
// command (scripts/bundle.ts) keep only the messages used here instead of all of them.
import * as m from '../../paraglide/messages/_index.js';

export type Locale = 'vi' | 'en';

/**
 * Every problem an import can report, with the message that explains it. Listing the message
 * functions here makes a code without a translation a type error, and gives each code's params
 * the placeholders of its message.
 */
const PROBLEM_MESSAGES = {
	file_too_large: m.org_problem_file_too_large,
	file_empty: m.org_problem_file_empty,
	file_binary: m.org_problem_file_binary,
	file_legacy_xls: m.org_problem_file_legacy_xls,
	file_not_utf8: m.org_problem_file_not_utf8,
	file_unreadable_xlsx: m.org_problem_file_unreadable_xlsx,
	csv_malformed: m.org_problem_csv_malformed,
	formula_cell: m.org_problem_formula_cell,
	extra_cells: m.org_problem_extra_cells,
	missing_column: m.org_problem_missing_column,
	duplicate_column: m.org_problem_duplicate_column,
	no_rows: m.org_problem_no_rows,
	value_missing: m.org_problem_value_missing,
	code_format: m.org_problem_code_format,
	duplicate_code: m.org_problem_duplicate_code,
	unknown_choice: m.org_problem_unknown_choice,
	unknown_province: m.org_problem_unknown_province,
	province_not_in_system: m.org_problem_province_not_in_system,
	commune_required: m.org_problem_commune_required,
	commune_for_province_level: m.org_problem_commune_for_province_level,
	unknown_commune: m.org_problem_unknown_commune,
	commune_other_province: m.org_problem_commune_other_province,
	unknown_parent: m.org_problem_unknown_parent,
	parent_cycle: m.org_problem_parent_cycle,
	people_invalid: m.targets_problem_people_invalid,
	unknown_agency: m.targets_problem_unknown_agency,
	code_is_agency: m.targets_problem_code_is_agency,
	code_is_commune: m.targets_problem_code_is_commune,
	unit_not_in_criterion: m.targets_problem_unit_not_in_criterion,
	roster_phone_invalid: m.roster_problem_phone_invalid,
	roster_email_invalid: m.roster_problem_email_invalid,
	roster_contact_missing: m.roster_problem_contact_missing,
	roster_too_long: m.roster_problem_too_long,
	roster_duplicate_contact: m.roster_problem_duplicate_contact,
	roster_agency_out_of_scope: m.roster_problem_agency_out_of_scope,
	roster_phone_shared: m.roster_problem_phone_shared,
	roster_contact_conflict: m.roster_problem_contact_conflict,
	roster_person_out_of_scope: m.roster_problem_person_out_of_scope
};

export type ProblemCode = keyof typeof PROBLEM_MESSAGES;

export type ProblemParams<C extends ProblemCode> = {
	[P in keyof NonNullable<Parameters<(typeof PROBLEM_MESSAGES)[C]>[0]>]: string | number;
};

/** Where a problem is: `line` is absent when it concerns the whole file, `column` is the header as written. */
export interface ProblemPlace {
	file: string;
	line?: number;
	column?: string;
}

export type Problem = {
	[C in ProblemCode]: ProblemPlace & { code: C; params: ProblemParams<C> };
}[ProblemCode];

/** Collects problems so an import can report all of them at once instead of stopping at the first. */
export class ProblemLog {
	private readonly collected: Problem[] = [];

	add<C extends ProblemCode>(place: ProblemPlace, code: C, params: ProblemParams<C>): void {
		this.collected.push({ ...place, code, params } as Problem);
	}

	get isEmpty(): boolean {
		return this.collected.length === 0;
	}

	/** In reading order: files as first reported, then by line; whole-file problems first. */
	get problems(): Problem[] {
		const fileOrder = new Map<string, number>();
		for (const { file } of this.collected) if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
		const fileIndex = (problem: Problem) => fileOrder.get(problem.file) ?? 0;
		return this.collected.toSorted((a, b) => fileIndex(a) - fileIndex(b) || (a.line ?? 0) - (b.line ?? 0));
	}
}

/** What is wrong, without where: for a table that shows the line and column beside it. */
export function problemMessage(problem: Problem, locale: Locale): string {
	// TypeScript cannot correlate `code` with `params` across the union, so the lookup is widened.
	const message = PROBLEM_MESSAGES[problem.code] as (params: Record<string, string | number>, options: { locale: Locale }) => string;
	return message(problem.params, { locale });
}

/** One line a person can act on: `file:line (column): message`. */
export function describeProblem(problem: Problem, locale: Locale): string {
	// TypeScript cannot correlate `code` with `params` across the union, so the lookup is widened.
	const message = PROBLEM_MESSAGES[problem.code] as (
		params: Record<string, string | number>,
		options: { locale: Locale }
	) => string;
	const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
	const column = problem.column ? ` (${problem.column})` : '';
	return `${where}${column}: ${message(problem.params, { locale })}`;
}
