import { type Locale, getLocale, localizeHref, locales } from '$lib/paraglide/runtime';

/**
 * A path on this site in the current (or given) language. Paraglide turns "/" into "/en/", which
 * SvelteKit answers with a redirect to "/en": drop that trailing slash so links go there directly.
 */
export function localizedPath(path: string, locale?: Locale): string {
	return localizeHref(path, locale ? { locale } : undefined).replace(/^(\/[^?#]*?)\/(?=[?#]|$)/, '$1');
}

/** The language the page is not in: the platform has two, and the switch offers the other one. */
export function otherLocale(): Locale {
	const current = getLocale();
	return locales.find((locale) => locale !== current) ?? current;
}
