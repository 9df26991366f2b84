import { describe, expect, it } from 'vitest';
import { localReturnPath } from '../../src/lib/server/return-path';

const origin = 'https://hocvuso.example';

describe('localReturnPath', () => {
	it('keeps a path on this site with its query and fragment', () => {
		expect(localReturnPath('/en/help?x=1#top', origin)).toBe('/en/help?x=1#top');
		expect(localReturnPath('/', origin)).toBe('/');
	});

	it('refuses anything that could leave the site', () => {
		for (const value of [
			'//evil.example/',
			'/\\evil.example',
			'\\\\evil.example',
			'/\t/evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'help',
			'',
			'/'.padEnd(2001, 'a')
		]) {
			expect(localReturnPath(value, origin), value).toBe('/');
		}
	});

	it('falls back when the field is missing or not text', () => {
		expect(localReturnPath(null, origin)).toBe('/');
		expect(localReturnPath(new File([], 'x'), origin, '/en')).toBe('/en');
	});
});
