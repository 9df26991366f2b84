/**
 * Vietnamese mobile numbers in the forms people write them (0912 345 678, 84912345678,
 * +84 912.345.678, 0084 912 345 678, 912345678) become one stored form: +84 and 9 digits.
 * Mobile numbers start with 3, 5, 7, 8 or 9 after the country code.
 */
const MOBILE = /^[35789]\d{8}$/;

export function normalisePhone(input: string): string | null {
	const compact = input.normalize('NFKC').replace(/[\s.\-()]/g, '');
	if (!/^\+?\d+$/.test(compact)) return null;
	const national = nationalPart(compact);
	return national !== null && MOBILE.test(national) ? `+84${national}` : null;
}

function nationalPart(compact: string): string | null {
	if (compact.startsWith('+84')) return compact.slice(3);
	if (compact.startsWith('+')) return null;
	if (compact.startsWith('0084')) return compact.slice(4);
	if (compact.startsWith('84') && compact.length === 11) return compact.slice(2);
	if (compact.startsWith('0')) return compact.slice(1);
	return compact.length === 9 ? compact : null;
}

/** +84912345678 → 0912 345 678, the way people read it back. */
export function displayPhone(stored: string): string {
	const national = stored.startsWith('+84') ? stored.slice(3) : stored;
	return `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
}
