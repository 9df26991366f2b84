/**
 * Input schemas of the admin pages: the account filters, the new-account form, the role grant and
 * the audit filters. Every message is a message function called while an input is checked, so it
 * speaks the language of the request that sent the input.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { normalisePhone } from '../phone';
import { ROLES, type Role, STAFF_GROUPS } from '../server/db/schema';

/** Lower-case Latin letters, digits and . _ -: what a person can type on any phone keyboard. */
const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
const FULL_NAME_MAX = 100;
const TEXT_MAX = 100;
const REASON_MAX = 500;
const QUERY_MAX = 100;
const FIRST_BIRTH_YEAR = 1900;

/** Roles that run a province or the platform: only a system admin grants or revokes them. */
export const ADMIN_ROLES: readonly Role[] = ['province_admin', 'system_admin'];

export type ScopeKind = 'commune' | 'agency' | 'province';
/** What a role is granted for. */
export type GrantScope = { commune: number } | { agency: number } | 'province';

/**
 * The units each role may be granted for: residents and facilitators belong to a commune, civil
 * servants to an agency, managers read a commune, an agency or the whole province, admins run the
 * province.
 */
export const ROLE_SCOPES: Record<Role, readonly ScopeKind[]> = {
	learner: ['commune'],
	civil_servant: ['agency'],
	facilitator: ['commune'],
	unit_manager: ['commune', 'agency', 'province'],
	province_admin: ['province'],
	system_admin: ['province']
};

export function scopeKind(scope: GrantScope): ScopeKind {
	return scope === 'province' ? 'province' : 'commune' in scope ? 'commune' : 'agency';
}

/** Messages to show beside the fields they concern; `form` holds a message about the whole form. */
export type FieldErrors = Partial<Record<string, string>>;

/** The year now in Vietnam, so a birth year typed on 1 January at 6 a.m. is not refused. */
const currentYearInVietnam = () => new Date(Date.now() + 7 * 60 * 60 * 1000).getUTCFullYear();

/** Typed text as one form: NFC (a name typed on two phones compares equal), without outer spaces. */
const input = () => z.string().normalize('NFC').trim();
const text = (max: number) => input().max(max, { error: () => m.admin_too_long({ max }) });

/** The id of a listed thing, as a select or a hidden field sends it. A tampered value is an error, not a 500. */
const requiredId = input()
	.regex(/^[1-9]\d{0,11}$/, { error: () => m.admin_choose_from_list() })
	.transform(Number);
/** A select's value: empty, or the id of one of its options. */
const optionalId = z.union([z.literal('').transform(() => null), requiredId], { error: () => m.admin_choose_from_list() });

const optionalChoice = <const T extends readonly string[]>(choices: T) =>
	z.union([z.literal(''), z.enum(choices)], { error: () => m.admin_choose_from_list() }).transform((value) => (value === '' ? null : value));

const page = input()
	.transform((value) => Number(value))
	.pipe(z.number().int().min(1).max(100_000))
	.catch(1);

const role = z.enum(ROLES, { error: () => m.admin_role_missing() });

/** Where and how to say that a role needs a unit of a kind: beside that kind's picker. */
export function missingUnit(kind: 'commune' | 'agency'): { field: 'scopeCommune' | 'scopeAgency'; message: string } {
	return kind === 'commune' ? { field: 'scopeCommune', message: m.admin_scope_commune_missing() } : { field: 'scopeAgency', message: m.admin_scope_agency_missing() };
}

/** The two unit pickers turned into a scope for the role: the picker the role needs, or an error beside it. */
function scopeFor(
	role: Role,
	commune: number | null,
	agency: number | null
): { scope: GrantScope } | { field: 'scopeCommune' | 'scopeAgency'; message: string } {
	const kinds = ROLE_SCOPES[role];
	// Without JavaScript both pickers show; a picker the role does not use is left out.
	if (kinds.length === 1) {
		if (kinds[0] === 'commune') return commune ? { scope: { commune } } : missingUnit('commune');
		if (kinds[0] === 'agency') return agency ? { scope: { agency } } : missingUnit('agency');
		return { scope: 'province' };
	}
	if (commune && agency) return { field: 'scopeAgency', message: m.admin_scope_one_unit() };
	return { scope: commune ? { commune } : agency ? { agency } : 'province' };
}

const grantFields = {
	role,
	scopeCommune: optionalId,
	scopeAgency: optionalId
};

function checkScope(value: { role: unknown; scopeCommune: unknown; scopeAgency: unknown }, ctx: z.RefinementCtx): void {
	if (typeof value.role !== 'string' || !(ROLES as readonly string[]).includes(value.role)) return;
	const commune = typeof value.scopeCommune === 'number' ? value.scopeCommune : null;
	const agency = typeof value.scopeAgency === 'number' ? value.scopeAgency : null;
	const result = scopeFor(value.role as Role, commune, agency);
	if ('field' in result) ctx.addIssue({ code: 'custom', path: [result.field], message: result.message });
}

const toGrant = (value: { role: Role; scopeCommune: number | null; scopeAgency: number | null }) => {
	const result = scopeFor(value.role, value.scopeCommune, value.scopeAgency);
	// checkScope already refused every input without a scope, so this branch never runs.
	if ('field' in result) throw new Error(result.message);
	return { role: value.role, scope: result.scope };
};

// Cross-field checks run even when a field failed, so every message shows at once.
const always = { when: () => true };

/** Granting a role: the role and the unit picked for it. */
export const grantSchema = z.object(grantFields).superRefine(checkScope, always).transform(toGrant);

/** Revoking a role grant. */
export const revokeSchema = z.object({
	grant: requiredId
});

/** Disabling or enabling an account, always with a reason for the audit log. */
export const accountStatusSchema = z.object({
	disabled: z.enum(['true', 'false'], { error: () => m.admin_choose_from_list() }).transform((value) => value === 'true'),
	reason: text(REASON_MAX).min(1, { error: () => m.admin_reason_missing() })
});

const username = input()
	.toLowerCase()
	.refine((value) => value === '' || USERNAME_PATTERN.test(value), { error: () => m.admin_username_format() })
	// Sign-in takes a username or a phone number: a username that reads as a phone would be ambiguous.
	.refine((value) => value === '' || normalisePhone(value) === null, { error: () => m.admin_username_is_phone() })
	.transform((value) => value || null);

const phone = input().transform((value, ctx) => {
	if (value === '') return null;
	const normalised = normalisePhone(value);
	if (normalised) return normalised;
	ctx.addIssue({ code: 'custom', message: m.admin_phone_format() });
	return z.NEVER;
});

const birthYear = input().transform((value, ctx) => {
	if (value === '') return null;
	const year = Number(value);
	const max = currentYearInVietnam();
	if (/^\d{4}$/.test(value) && year >= FIRST_BIRTH_YEAR && year <= max) return year;
	ctx.addIssue({ code: 'custom', message: m.admin_birth_year_range({ min: FIRST_BIRTH_YEAR, max }) });
	return z.NEVER;
});

const nullable = (max: number) => text(max).transform((value) => value || null);

/** A new account: who the person is, where they live and work, and their first role. */
export const newAccountSchema = z
	.object({
		fullName: text(FULL_NAME_MAX)
			.min(1, { error: () => m.admin_full_name_missing() })
			.transform((value) => value.replace(/\s+/g, ' ')),
		username,
		phone,
		birthYear,
		commune: optionalId,
		hamlet: nullable(TEXT_MAX),
		agency: optionalId,
		position: nullable(TEXT_MAX),
		staffGroup: optionalChoice(STAFF_GROUPS),
		...grantFields
	})
	.superRefine((value, ctx) => {
		checkScope(value, ctx);
		// A position or staff group describes work at an agency; without one it counts nowhere.
		if ((value.position || value.staffGroup) && value.agency === null) {
			ctx.addIssue({ code: 'custom', path: ['agency'], message: m.admin_agency_for_work() });
		}
	}, always)
	.transform(({ role, scopeCommune, scopeAgency, ...person }) => ({ ...person, ...toGrant({ role, scopeCommune, scopeAgency }) }));

export type NewAccountInput = z.output<typeof newAccountSchema>;

/** The unit filter of the account list: a commune (c12) or an agency (a3). */
const unitFilter = input().transform((value, ctx) => {
	if (value === '') return null;
	const match = /^([ca])(\d{1,12})$/.exec(value);
	if (match) return match[1] === 'c' ? { commune: Number(match[2]) } : { agency: Number(match[2]) };
	ctx.addIssue({ code: 'custom', message: m.admin_choose_from_list() });
	return z.NEVER;
});

const ACCOUNT_STATUSES = ['active', 'disabled'] as const;

/** The search and filters of the account list. */
export const accountFilterSchema = z.object({
	query: text(QUERY_MAX),
	unit: unitFilter,
	role: optionalChoice(ROLES),
	status: optionalChoice(ACCOUNT_STATUSES),
	page
});

/**
 * A calendar day as people type it (31/12/2026, 31-12-2026) or as a date field sends it
 * (2026-12-31), returned as 2026-12-31; null when it is not a real day.
 */
export function parseCalendarDay(value: string): string | null {
	const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
	const yearFirst = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
	const [year, month, day] = dayFirst
		? [Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1])]
		: yearFirst
			? [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])]
			: [NaN, NaN, NaN];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (Number.isNaN(date.getTime()) || year < 2000 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return date.toISOString().slice(0, 10);
}

const calendarDay = input().transform((value, ctx) => {
	if (value === '') return null;
	const day = parseCalendarDay(value);
	if (day) return day;
	ctx.addIssue({ code: 'custom', message: m.admin_date_format() });
	return z.NEVER;
});

/** The filters of the audit log. */
export const auditFilterSchema = z
	.object({
		action: text(64).refine((value) => value === '' || /^[a-z_]+(\.[a-z_]+)*$/.test(value), { error: () => m.admin_choose_from_list() }),
		actor: text(64).toLowerCase(),
		from: calendarDay,
		to: calendarDay,
		page
	})
	.superRefine((value, ctx) => {
		if (typeof value.from === 'string' && typeof value.to === 'string' && value.from > value.to) {
			ctx.addIssue({ code: 'custom', path: ['to'], message: m.admin_date_order() });
		}
	});

type FormObject = z.ZodObject<z.ZodRawShape>;
type FormSchema = FormObject | z.ZodPipe<FormObject, z.ZodType>;

/**
 * Reads every field a schema names (with `read`, e.g. formFields' `text` or a URL's search
 * params) and checks them. The values come back either way, so a refused form shows what was typed.
 */
export function parseForm<S extends FormSchema>(
	schema: S,
	read: (name: string) => string
): { values: Record<string, string> } & ({ ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors }) {
	const object: FormObject = schema instanceof z.ZodPipe ? schema.in : schema;
	const values = Object.fromEntries(Object.keys(object.shape).map((name) => [name, read(name)]));
	const result = (schema as z.ZodType<z.output<S>>).safeParse(values, { error: () => m.admin_choose_from_list() });
	if (result.success) return { values, ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return { values, ok: false, errors };
}

/** A URL's search parameter as a form field: NFC, trimmed, '' when absent. */
export const searchParam = (url: URL) => (name: string) => (url.searchParams.get(name) ?? '').normalize('NFC').trim();
