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
