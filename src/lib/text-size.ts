export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** Written only by the text-size form handler (src/routes/text-size), so its attributes live in one place. */
export const TEXT_SIZE_COOKIE = 'text_size';

export function isTextSize(value: unknown): value is TextSize {
	return TEXT_SIZES.some((size) => size === value);
}

export function parseTextSize(value: string | null | undefined): TextSize {
	return isTextSize(value) ? value : 'normal';
}

/** Class on <html> that scales the root font size; set on the server so it works without JavaScript. */
export function textSizeClass(value: string | null | undefined): string {
	return `text-${parseTextSize(value)}`;
}
