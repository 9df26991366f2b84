/**
 * The report page's filters, read from the URL: a GET form, so a report is a link a manager can
 * bookmark or send. Messages are called while checking, in the language of the request.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { AGENCY_LEVELS, COMMUNE_TYPES, STAFF_GROUPS } from '../server/db/schema';
import { CRITERION_STATES } from '../server/reports/status';
import { PEOPLE_SORTS, type ReportQuery, type ReportUnitRef, UNIT_SORTS } from '../server/reports/report';
import { isVietnamDay } from '../vietnam-day';

/** An empty form field means "not chosen". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const UNIT = /^(province|commune-[1-9]\d{0,11}|agency-[1-9]\d{0,11})$/;

export const reportFiltersSchema = z.object({
	criterion: optional(z.string().regex(/^[a-z0-9-]{1,80}$/, { error: () => m.report_criterion_invalid() })),
	unit: optional(z.string().regex(UNIT, { error: () => m.report_unit_invalid() })),
	asOf: optional(z.string().refine(isVietnamDay, { error: () => m.report_day_invalid() })),
	course: optional(z.string().regex(/^[a-z0-9-]{1,80}$/, { error: () => m.report_course_invalid() })),
	group: optional(z.enum(STAFF_GROUPS, { error: () => m.report_group_invalid() })),
	type: optional(z.enum([...COMMUNE_TYPES, ...AGENCY_LEVELS], { error: () => m.report_type_invalid() })),
	sort: optional(z.enum(UNIT_SORTS, { error: () => m.report_sort_invalid() })),
	psort: optional(z.enum(PEOPLE_SORTS, { error: () => m.report_sort_invalid() })),
	desc: optional(z.enum(['1'], { error: () => m.report_sort_invalid() })),
	state: optional(z.enum(CRITERION_STATES, { error: () => m.report_state_invalid() })),
	page: optional(z.string().regex(/^[1-9]\d{0,4}$/, { error: () => m.report_page_invalid() }))
});
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

export function parseUnit(text: string): ReportUnitRef {
	if (text === 'province') return { kind: 'province' };
	const [kind, id] = text.split('-');
	return { kind: kind === 'commune' ? 'commune' : 'agency', id: Number(id) };
}

export const unitParam = (unit: ReportUnitRef) => (unit.kind === 'province' ? 'province' : `${unit.kind}-${unit.id}`);

/** Field → message for each filter that is wrong, or the filters as a report query. */
export function readReportFilters(
	params: URLSearchParams,
	defaults: { criterionId: string; unit: ReportUnitRef }
): { ok: true; filters: ReportFilters; query: ReportQuery } | { ok: false; filters: Record<string, string>; errors: Record<string, string> } {
	const raw = Object.fromEntries([...reportFiltersSchema.keyof().options].map((key) => [key, (params.get(key) ?? '').trim().slice(0, 100)]));
	const parsed = reportFiltersSchema.safeParse(raw);
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
		return { ok: false, filters: raw, errors };
	}
	const f = parsed.data;
	return {
		ok: true,
		filters: f,
		query: {
			criterionId: f.criterion ?? defaults.criterionId,
			unit: f.unit ? parseUnit(f.unit) : defaults.unit,
			asOf: f.asOf ?? null,
			courseId: f.course ?? null,
			staffGroup: f.group ?? null,
			unitType: f.type ?? null,
			unitSort: f.sort ?? 'name',
			peopleSort: f.psort ?? 'name',
			descending: f.desc === '1',
			state: f.state ?? null,
			page: f.page ? Number(f.page) : 1
		}
	};
}
