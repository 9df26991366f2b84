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

describe('message files', () => {
	it('define each key once, so no file silently overrides another’s text', async () => {
		const { readFileSync } = await import('node:fs');
		const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
		for (const locale of ['vi', 'en']) {
			const owners = new Map<string, string[]>();
			for (const pattern of settings['plugin.inlang.messageFormat'].pathPattern as string[]) {
				const file = pattern.replace('{locale}', locale);
				for (const key of Object.keys(JSON.parse(readFileSync(file, 'utf8')))) {
					if (key !== '$schema') owners.set(key, [...(owners.get(key) ?? []), file]);
				}
			}
			expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
		}
	});
});
