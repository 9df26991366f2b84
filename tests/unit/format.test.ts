import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from '../../src/lib/format';

// Vietnam is UTC+7 all year: 17:00 UTC on 31 December is midnight of the new year there.
const newYearInVietnam = new Date('2025-12-31T17:00:00Z');
const lastSecondOf2025InVietnam = new Date('2025-12-31T16:59:59Z');

describe('formatDate', () => {
	it('gives the day in Vietnam, not in UTC', () => {
		expect(formatDate(newYearInVietnam, 'vi')).toBe('01/01/2026');
		expect(formatDate(lastSecondOf2025InVietnam, 'vi')).toBe('31/12/2025');
	});

	it('writes day before month in English too', () => {
		expect(formatDate(newYearInVietnam, 'en')).toBe('01/01/2026');
	});

	it('accepts a timestamp in milliseconds', () => {
		expect(formatDate(newYearInVietnam.getTime(), 'vi')).toBe('01/01/2026');
	});
});

describe('formatDateTime', () => {
	it('gives the time in Vietnam on a 24-hour clock', () => {
		expect(formatDateTime(newYearInVietnam, 'vi')).toBe('00:00 01/01/2026');
		expect(formatDateTime(lastSecondOf2025InVietnam, 'en')).toBe('31/12/2025, 23:59');
	});
});

describe('formatNumber', () => {
	it('groups thousands the Vietnamese way in Vietnamese and the English way in English', () => {
		expect(formatNumber(1234567.5, 'vi')).toBe('1.234.567,5');
		expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
	});
});
