/**
 * Calendar days in Vietnam. Vietnam keeps UTC+7 all year (no daylight saving), so a day's bounds
 * are a fixed offset from UTC: no time-zone database needed on the server or in tests.
 */
const OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-02-30" and "2026-2-3" are not days; "2026-02-28" is. */
export function isVietnamDay(day: string): boolean {
	return DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
}

/** The first instant of a day (2026-05-01) in Vietnam. */
export function vietnamDayStart(day: string): Date {
	return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** The last millisecond of a day in Vietnam: deadlines are inclusive to the end of the day. */
export function vietnamDayEnd(day: string): Date {
	return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + DAY_MS - 1);
}

/** The day (yyyy-mm-dd) an instant falls on in Vietnam. */
export function vietnamDayOf(instant: Date | number): string {
	return new Date(+instant + OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of the Vietnamese day an instant falls on. */
export function endOfVietnamDay(instant: Date | number): Date {
	return vietnamDayEnd(vietnamDayOf(instant));
}
