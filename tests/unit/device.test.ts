import { describe, expect, it } from 'vitest';
import { deviceLabel } from '../../src/lib/device';

describe('deviceLabel', () => {
	it.each([
		['Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36', 'Chrome · Android'],
		['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari · iPhone/iPad'],
		['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0', 'Edge · Windows'],
		['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/117.0 Chrome/111.0 Safari/537.36', 'Cốc Cốc · Windows'],
		['curl/8.0', null],
		[null, null]
	])('%s → %s', (agent, label) => {
		expect(deviceLabel(agent)).toBe(label);
	});
});
