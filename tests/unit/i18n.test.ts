import { describe, expect, it } from 'vitest';
import { localizedPath, otherLocale } from '../../src/lib/i18n';

describe('localizedPath', () => {
	it('leaves Vietnamese paths as they are', () => {
		expect(localizedPath('/', 'vi')).toBe('/');
		expect(localizedPath('/help', 'vi')).toBe('/help');
	});

	it('puts English under /en without the slash SvelteKit would redirect away', () => {
		expect(localizedPath('/', 'en')).toBe('/en');
		expect(localizedPath('/?from=home', 'en')).toBe('/en?from=home');
		expect(localizedPath('/help', 'en')).toBe('/en/help');
	});
});

describe('otherLocale', () => {
	it('offers English outside a request, where the locale is the base one', () => {
		expect(otherLocale()).toBe('en');
	});
});
