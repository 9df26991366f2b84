import { expect, test } from '@playwright/test';

test('the home page speaks Vietnamese at /', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Học kỹ năng số, từng bước một');
	await expect(page).toHaveTitle(/Học vụ số/);
	await expect(page.getByRole('heading', { name: 'Dịch vụ công trực tuyến và VNeID' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Đăng nhập để học' })).toHaveAttribute('href', '/sign-in');
	await expect(page.getByRole('link', { name: 'Kiểm tra giấy chứng nhận' })).toHaveAttribute('href', '/verify');
});

test('the home page speaks English at /en, and its links stay in English', async ({ page }) => {
	await page.goto('/en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn digital skills, one step at a time');
	await expect(page.getByRole('link', { name: 'Sign in to learn' })).toHaveAttribute('href', '/en/sign-in');
	await expect(page.getByRole('link', { name: 'Check a certificate' })).toHaveAttribute('href', '/en/verify');
	await expect(page.getByRole('link', { name: 'Privacy' })).toHaveAttribute('href', '/en/privacy');
});

test('the header names the product and the province', async ({ page }) => {
	await page.goto('/');
	const banner = page.getByRole('banner');
	await expect(banner.getByRole('link', { name: /Học vụ số/ })).toHaveAttribute('href', '/');
	// The demo province is Phú Thọ (PROVINCE_CODE 25).
	await expect(banner).toContainText('Phú Thọ');
});

test('the language switch opens the same page in the other language and back', async ({ page }) => {
	await page.goto('/help');
	const toEnglish = page.getByRole('link', { name: 'English' });
	await expect(toEnglish).toHaveAttribute('hreflang', 'en');
	await expect(toEnglish).toHaveAttribute('lang', 'en');
	await toEnglish.click();
	await expect(page).toHaveURL('/en/help');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');

	const toVietnamese = page.getByRole('link', { name: 'Tiếng Việt' });
	await expect(toVietnamese).toHaveAttribute('hreflang', 'vi');
	await expect(toVietnamese).toHaveAttribute('lang', 'vi');
	await toVietnamese.click();
	await expect(page).toHaveURL('/help');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trợ giúp');
});

test('the language switch on the home page goes straight to /en', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('href', '/en');
});
