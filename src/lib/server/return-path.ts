/**
 * The path to send a visitor back to after a form post, taken from a form field: only a path on
 * this site, so the field cannot turn the site into an open redirect ("//evil.example",
 * "/\\evil.example", "https://evil.example" all fall back).
 */
export function localReturnPath(value: unknown, origin: string, fallback = '/'): string {
	if (typeof value !== 'string' || value.length > 2000) return fallback;
	// Browsers read a backslash as a slash and drop tabs and newlines: "/\t/evil.example" is "//evil.example".
	if (!value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value) || value.startsWith('//')) return fallback;
	const url = new URL(value, origin);
	if (url.origin !== new URL(origin).origin) return fallback;
	return url.pathname + url.search + url.hash;
}
