/**
 * Input schemas of the class-session pages: scheduling a class, and marking a resident present.
 * Messages are called while an input is checked, so they speak the request's language.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { DAY_MS, isVietnamDay, vietnamDayStart } from '../vietnam-day';
import { parseCalendarDay } from './admin';

export const PLACE_MAX = 200;
/** A class already held can be recorded afterwards, for a while. */
export const DAYS_BACK = 30;
/** Classes are planned at most a year ahead. */
export const DAYS_AHEAD = 366;

const input = () => z.string().normalize('NFC').trim();

const id = input()
	.regex(/^[1-9]\d{0,11}$/, { error: () => m.sessions_choose_from_list() })
	.transform(Number);

const day = input().transform((value, ctx) => {
	const parsed = value === '' ? null : parseCalendarDay(value);
	if (parsed && isVietnamDay(parsed)) return parsed;
	ctx.addIssue({ code: 'custom', message: value === '' ? m.sessions_date_missing() : m.sessions_date_format() });
	return z.NEVER;
});

const time = input().transform((value, ctx) => {
	const match = /^(\d{1,2})[:h.](\d{2})$/.exec(value);
	if (match && Number(match[1]) < 24 && Number(match[2]) < 60) return Number(match[1]) * 60 + Number(match[2]);
	ctx.addIssue({ code: 'custom', message: value === '' ? m.sessions_time_missing() : m.sessions_time_format() });
	return z.NEVER;
});

/** The instant a class starts: a day and a time of day (minutes) in Vietnam. */
export const classStart = (vietnamDay: string, minutes: number) => new Date(vietnamDayStart(vietnamDay).getTime() + minutes * 60_000);

/** Scheduling a class; `now` bounds how far back and ahead it may be. */
export const scheduleSchema = (now: Date) =>
	z
		.object({
			commune: id,
			course: input().min(1, { error: () => m.sessions_course_missing() }),
			date: day,
			time,
			place: input()
				.min(1, { error: () => m.sessions_place_missing() })
				.max(PLACE_MAX, { error: () => m.sessions_place_too_long({ max: PLACE_MAX }) })
				.transform((value) => value.replace(/\s+/g, ' '))
		})
		// Runs even when another field failed, so every message shows at once.
		.superRefine(
			(value, ctx) => {
				if (typeof value.time !== 'number' || !isVietnamDay(value.date)) return;
				const startsAt = classStart(value.date, value.time).getTime();
				if (startsAt < now.getTime() - DAYS_BACK * DAY_MS || startsAt > now.getTime() + DAYS_AHEAD * DAY_MS) {
					ctx.addIssue({ code: 'custom', path: ['date'], message: m.sessions_date_range({ back: DAYS_BACK, ahead: DAYS_AHEAD }) });
				}
			},
			{ when: () => true }
		)
		.transform((value) => ({ communeId: value.commune, courseId: value.course, place: value.place, startsAt: classStart(value.date, value.time) }));

/** Marking a resident present or taking them off the list. */
export const attendanceSchema = z.object({ person: id });
