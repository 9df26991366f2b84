export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export function parseTextSize(value: string | null | undefined): TextSize {
	return TEXT_SIZES.find((size) => size === value) ?? 'normal';
}

/** Class on <html> that scales the root font size; set on the server so it works without JavaScript. */
export function textSizeClass(value: string | null | undefined): string {
	return `text-${parseTextSize(value)}`;
}
