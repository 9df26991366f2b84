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
