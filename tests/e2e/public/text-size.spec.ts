import { type Page, expect, test } from '@playwright/test';

const rootFontSize = (page: Page) =>
	page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

test.describe('with JavaScript', () => {
	test('the text size changes at once, without reloading, and is kept for the next page', async ({ page }) => {
		// Wait for the scripts, so the click goes through the enhanced form and not the plain post.
		await page.goto('/help', { waitUntil: 'networkidle' });
		expect(await rootFontSize(page)).toBe('16px');
		await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

		const large = page.getByRole('button', { name: 'Lớn', exact: true });
		await large.click();
		await expect(large).toHaveAttribute('aria-pressed', 'true');
		await expect(page.locator('html')).toHaveClass('text-large');
		expect(await rootFontSize(page)).toBe('19px');
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

		// The choice was saved: a fresh page load comes back at the same size.
		await expect
			.poll(async () => (await page.context().cookies()).find((c) => c.name === 'text_size')?.value)
			.toBe('large');
		await page.goto('/privacy');
		expect(await rootFontSize(page)).toBe('19px');
		await expect(page.getByRole('button', { name: 'Lớn', exact: true })).toHaveAttribute('aria-pressed', 'true');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the text size form posts, then brings the reader back to the same page at the new size', async ({ page }) => {
		await page.goto('/en/help');
		expect(await rootFontSize(page)).toBe('16px');
		await expect(page.getByRole('button', { name: 'Normal', exact: true })).toHaveAttribute('aria-pressed', 'true');

		await page.getByRole('button', { name: 'Extra large', exact: true }).click();
		await expect(page).toHaveURL('/en/help');
		await expect(page.locator('html')).toHaveClass('text-larger');
		expect(await rootFontSize(page)).toBe('22px');
		await expect(page.getByRole('button', { name: 'Extra large', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);

		await page.getByRole('button', { name: 'Normal', exact: true }).click();
		await expect(page).toHaveURL('/en/help');
		expect(await rootFontSize(page)).toBe('16px');
	});
});

test.describe('the text size endpoint', () => {
	// A browser sends its Origin with a form post; SvelteKit refuses a form post from elsewhere.
	test('sends the reader home rather than to another site', async ({ request, baseURL }) => {
		const response = await request.post('/text-size', {
			headers: { origin: new URL(baseURL!).origin },
			form: { size: 'large', return: '//evil.example/' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe('/');
	});

	test('refuses a size it does not know', async ({ request, baseURL }) => {
		const response = await request.post('/text-size', {
			headers: { origin: new URL(baseURL!).origin },
			form: { size: 'huge', return: '/' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(400);
	});
});
