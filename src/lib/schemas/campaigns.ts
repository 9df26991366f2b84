/**
 * Input schemas of the campaign pages: creating a campaign and choosing who a list shows.
 * Messages are called while an input is checked, so they speak the request's language.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { ASSIGNMENT_AUDIENCES, STAFF_GROUPS } from '../server/db/schema';
import { DAY_MS, isVietnamDay, vietnamDayEnd, vietnamDayOf, vietnamDayStart } from '../vietnam-day';
import { parseCalendarDay } from './admin';

export const TITLE_MAX = 200;
/** A campaign may be recorded a while after it began, and planned at most two years ahead. */
export const START_DAYS_BACK = 366;
export const DEADLINE_DAYS_AHEAD = 731;

const input = () => z.string().normalize('NFC').trim();

const day = (missing: () => string) =>
	input().transform((value, ctx) => {
		const parsed = value === '' ? null : parseCalendarDay(value);
		if (parsed && isVietnamDay(parsed)) return parsed;
		ctx.addIssue({ code: 'custom', message: value === '' ? missing() : m.campaigns_date_format() });
		return z.NEVER;
	});

const unit = input().transform((value, ctx) => {
	const match = /^(province|commune|agency):([1-9]\d{0,11})$/.exec(value);
	if (match) return { kind: match[1] as 'province' | 'commune' | 'agency', id: Number(match[2]) };
	ctx.addIssue({ code: 'custom', message: value === '' ? m.campaigns_unit_missing() : m.campaigns_choose_from_list() });
	return z.NEVER;
});

/** A new campaign's fields (courses are read apart: a form sends one value per ticked box). */
export const campaignSchema = (now: Date) =>
	z
		.object({
			title: input()
				.min(1, { error: () => m.campaigns_title_missing() })
				.max(TITLE_MAX, { error: () => m.campaigns_title_too_long({ max: TITLE_MAX }) })
				.transform((value) => value.replace(/\s+/g, ' ')),
			unit,
			subunits: z.enum(['', 'on'], { error: () => m.campaigns_choose_from_list() }).transform((value) => value === 'on'),
			audience: z.enum(ASSIGNMENT_AUDIENCES, { error: () => m.campaigns_choose_from_list() }),
			group: z
				.union([z.literal(''), z.enum(STAFF_GROUPS)], { error: () => m.campaigns_choose_from_list() })
				.transform((value) => (value === '' ? null : value)),
			start: day(() => m.campaigns_start_missing()),
			deadline: day(() => m.campaigns_deadline_missing())
		})
		// Runs even when another field failed, so every message shows at once.
		.superRefine(
			(value, ctx) => {
				const today = vietnamDayOf(now);
				const daysFromToday = (day: string) => Math.round((Date.parse(day) - Date.parse(today)) / DAY_MS);
				if (isVietnamDay(value.start) && daysFromToday(value.start) < -START_DAYS_BACK) {
					ctx.addIssue({ code: 'custom', path: ['start'], message: m.campaigns_start_too_early({ days: START_DAYS_BACK }) });
				}
				if (!isVietnamDay(value.deadline)) return;
				if (daysFromToday(value.deadline) < 0) ctx.addIssue({ code: 'custom', path: ['deadline'], message: m.campaigns_deadline_past() });
				else if (daysFromToday(value.deadline) > DEADLINE_DAYS_AHEAD) ctx.addIssue({ code: 'custom', path: ['deadline'], message: m.campaigns_deadline_too_far() });
				else if (isVietnamDay(value.start) && value.deadline < value.start) ctx.addIssue({ code: 'custom', path: ['deadline'], message: m.campaigns_deadline_before_start() });
			},
			{ when: () => true }
		)
		.transform((value) => ({
			title: value.title,
			unit: value.unit,
			includeSubunits: value.subunits,
			audience: value.audience,
			staffGroup: value.group,
			startsAt: vietnamDayStart(value.start),
			deadlineAt: vietnamDayEnd(value.deadline)
		}));

/** Course ids ticked on the form: each must look like one; which exist is the domain's to check. */
export function readCourseIds(values: string[]): string[] | null {
	const ids = [...new Set(values.map((value) => value.normalize('NFC').trim()))];
	return ids.every((id) => /^[a-z0-9][a-z0-9-]{0,99}$/.test(id)) ? ids : null;
}
