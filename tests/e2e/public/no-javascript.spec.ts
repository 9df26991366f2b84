import { expect, test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';

test.use({ javaScriptEnabled: false });

for (const { name, path, lang, heading, status } of PUBLIC_PAGES) {
	test(`${name} (${path}) renders its content with JavaScript turned off`, async ({ page }) => {
		const response = await page.goto(path);
		expect(response?.status()).toBe(status);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expect(page.getByRole('banner')).toBeVisible();
		await expect(page.getByRole('contentinfo').getByRole('link')).toHaveCount(3);
	});
}
