import type { Locale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

/** Every date the platform shows is a date in Vietnam, whatever the server's or reader's clock says. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const INTL_LOCALES: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

type Kind = 'date' | 'dateTime' | 'number';

const OPTIONS: { date: Intl.DateTimeFormatOptions; dateTime: Intl.DateTimeFormatOptions } = {
	date: { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' },
	dateTime: {
		timeZone: TIME_ZONE,
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}
};

// Building an Intl formatter costs far more than using one; reports format thousands of cells.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function formatter(kind: 'date' | 'dateTime', locale: Locale): Intl.DateTimeFormat;
function formatter(kind: 'number', locale: Locale): Intl.NumberFormat;
function formatter(kind: Kind, locale: Locale): Intl.DateTimeFormat | Intl.NumberFormat {
	const key = `${kind}:${locale}`;
	let found = cache.get(key);
	if (!found) {
		found =
			kind === 'number'
				? new Intl.NumberFormat(INTL_LOCALES[locale])
				: new Intl.DateTimeFormat(INTL_LOCALES[locale], OPTIONS[kind]);
		cache.set(key, found);
	}
	return found;
}

/** 01/01/2026 — the day in Vietnam. */
export function formatDate(date: Date | number, locale: Locale): string {
	return formatter('date', locale).format(date);
}

/** 00:00 01/01/2026 (vi) or 01/01/2026, 00:00 (en) — the time in Vietnam, 24-hour clock. */
export function formatDateTime(date: Date | number, locale: Locale): string {
	return formatter('dateTime', locale).format(date);
}

/** 1.234.567,5 (vi) or 1,234,567.5 (en). */
export function formatNumber(value: number, locale: Locale): string {
	return formatter('number', locale).format(value);
}

/** 85.000 đồng — amounts as Vietnamese bank apps show them (dots), in either language. */
export function formatMoney(amount: number): string {
	return m.practice_money({ amount: formatNumber(amount, 'vi') });
}
