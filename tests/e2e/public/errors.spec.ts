import { expect, test } from '@playwright/test';

test('an unknown page answers 404 with a friendly Vietnamese page', async ({ page }) => {
	const response = await page.goto('/khong-co-trang-nay');
	expect(response?.status()).toBe(404);
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
	const main = page.getByRole('main');
	await expect(main.getByRole('link', { name: 'Về trang chủ' })).toHaveAttribute('href', '/');
	await expect(main.getByRole('link', { name: 'Xem trợ giúp' })).toHaveAttribute('href', '/help');
});

test('an unknown page under /en answers 404 in English', async ({ page }) => {
	const response = await page.goto('/en/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	const main = page.getByRole('main');
	await expect(main.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/en');
	await expect(main.getByRole('link', { name: 'Get help' })).toHaveAttribute('href', '/en/help');
});

test('any other failure shows plain words and no technical details', async ({ request, baseURL }) => {
	// A form post to a page without forms is one failure every build has: 405.
	const response = await request.post('/en/privacy', {
		headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
		form: { anything: '1' }
	});
	expect(response.status()).toBe(405);
	const html = await response.text();
	expect(html).toContain('Something went wrong');
	expect(html).toContain('Try again');
	// SvelteKit's own message ("POST method not allowed. No form actions exist...") stays off the page.
	expect(html).not.toContain('not allowed');
});
