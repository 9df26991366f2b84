// Most specific first: Edge and Cốc Cốc also say "Chrome", Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
	[/Zalo/i, 'Zalo'],
	[/coc_coc|CocCoc/i, 'Cốc Cốc'],
	[/Edg\//, 'Edge'],
	[/SamsungBrowser/, 'Samsung Internet'],
	[/Firefox\//, 'Firefox'],
	[/Chrome\/|CriOS/, 'Chrome'],
	[/Safari\//, 'Safari']
];
const SYSTEMS: [RegExp, string][] = [
	[/Android/, 'Android'],
	[/iPhone|iPad|iOS/, 'iPhone/iPad'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'Mac'],
	[/Linux/, 'Linux']
];

/** "Chrome · Android" from a user-agent string, so people recognise their own devices. */
export function deviceLabel(userAgent: string | null): string | null {
	if (!userAgent) return null;
	const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
	const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
	return [browser, system].filter(Boolean).join(' · ') || null;
}
