import { expect, test } from '@playwright/test';

test('/healthz answers 200 with {"status":"ok"}', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok' });
});

for (const path of ['/', '/en/help', '/khong-co-trang-nay']) {
	test(`${path} is sent with a content security policy and nosniff`, async ({ request }) => {
		const response = await request.get(path);
		const headers = response.headers();
		expect(headers['content-security-policy']).toContain("default-src 'self'");
		expect(headers['x-content-type-options']).toBe('nosniff');
	});
}

test('the home page stays light: a few tens of KB over the wire', async ({ page }) => {
	let transferred = 0;
	page.on('requestfinished', async (request) => {
		const sizes = await request.sizes();
		transferred += sizes.responseBodySize + sizes.responseHeadersSize;
	});
	await page.goto('/', { waitUntil: 'networkidle' });
	expect(transferred).toBeGreaterThan(0);
	expect(transferred).toBeLessThan(80_000);
});

test("a proxy's request id is echoed when it is plain, and replaced when it is not", async ({ request }) => {
	const plain = await request.get('/healthz', { headers: { 'x-request-id': 'proxy-42.a:b' } });
	expect(plain.headers()['x-request-id']).toBe('proxy-42.a:b');
	const odd = await request.get('/healthz', { headers: { 'x-request-id': 'spaces and <script>' } });
	expect(odd.status()).toBe(200);
	expect(odd.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
