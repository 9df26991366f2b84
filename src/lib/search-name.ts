/**
 * Folds a name for search and sorting: NFC, lower case, diacritics removed, đ → d, spaces
 * collapsed. "Nguyễn Văn Đức" → "nguyen van duc", so typing without accents still finds people.
 */
export function foldForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Vietnamese letters in alphabetical order (with f, j, w, z where Latin puts them). */
const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
/** Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (no mark first). */
const TONES = ['\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
const LETTER_MARKS = new Set(['\u0306', '\u0302', '\u031B']);

/**
 * A key whose plain string order is Vietnamese alphabetical order: letters first (a < ă < â,
 * d < đ, o < ô < ơ, u < ư), tones only to break ties. SQLite sorts by it with an index,
 * so a page of a long list needs no sort in memory.
 */
export function vietnameseSortKey(name: string): string {
	let letters = '';
	let tones = '';
	for (const char of name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim()) {
		const parts = char.normalize('NFD');
		const base = [...parts].filter((part) => !/\p{M}/u.test(part) || LETTER_MARKS.has(part)).join('').normalize('NFC');
		const index = ALPHABET.indexOf(base);
		// Letters map above space and digits, in alphabet order, one byte each; anything else keeps its own place.
		letters += index >= 0 ? String.fromCharCode(0x41 + index) : base;
		const tone = TONES.findIndex((mark) => parts.includes(mark));
		tones += String.fromCharCode(0x41 + tone + 1);
	}
	return `${letters}\u0001${tones}`;
}
