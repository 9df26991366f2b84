/**
 * Input schemas of the commune-centre pages: assisted registration and the choice of residents
 * for a sheet of sign-in cards. Messages are called while an input is checked, so they speak the
 * language of the request that sent it.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { normalisePhone } from '../phone';

const FULL_NAME_MAX = 100;
const HAMLET_MAX = 100;
const FIRST_BIRTH_YEAR = 1900;
/** A sheet of cards is printed for at most this many people at once (six A4 sheets). */
export const MAX_CARDS_PER_BATCH = 48;

/** The year now in Vietnam, so a birth year typed on 1 January at 6 a.m. is not refused. */
const currentYearInVietnam = () => new Date(Date.now() + 7 * 60 * 60 * 1000).getUTCFullYear();

const input = () => z.string().normalize('NFC').trim();
const text = (max: number) => input().max(max, { error: () => m.admin_too_long({ max }) });

const id = input()
	.regex(/^[1-9]\d{0,11}$/, { error: () => m.admin_choose_from_list() })
	.transform(Number);

/** A checkbox: "on" when ticked, absent (read as '') when not. */
const checkbox = input().transform((value) => value === 'on');

/** What a facilitator types for a resident, and the consent the resident gave by listening. */
export const registrationSchema = z.object({
	fullName: text(FULL_NAME_MAX)
		.min(1, { error: () => m.admin_full_name_missing() })
		.transform((value) => value.replace(/\s+/g, ' ')),
	phone: input().transform((value, ctx) => {
		if (value === '') return null;
		const normalised = normalisePhone(value);
		if (normalised) return normalised;
		ctx.addIssue({ code: 'custom', message: m.admin_phone_format() });
		return z.NEVER;
	}),
	birthYear: input().transform((value, ctx) => {
		const year = Number(value);
		const max = currentYearInVietnam();
		if (/^\d{4}$/.test(value) && year >= FIRST_BIRTH_YEAR && year <= max) return year;
		ctx.addIssue({ code: 'custom', message: value === '' ? m.centre_birth_year_missing() : m.admin_birth_year_range({ min: FIRST_BIRTH_YEAR, max }) });
		return z.NEVER;
	}),
	commune: id,
	hamlet: text(HAMLET_MAX).min(1, { error: () => m.centre_hamlet_missing() }),
	consent: input().refine((value) => value === 'on', { error: () => m.centre_consent_missing() }),
	/** Ticked after the page showed accounts that may be this person's: create a new one all the same. */
	createAnyway: checkbox
});

export type RegistrationInput = z.output<typeof registrationSchema>;

/**
 * The people ticked on a resident list, as ids. Anything that is not an id is dropped (a forged
 * value names nobody), duplicates too; the caller says when nothing is left.
 */
export function parsePersonIds(values: FormDataEntryValue[]): number[] {
	const ids = values.filter((value): value is string => typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value)).map(Number);
	return [...new Set(ids)];
}
