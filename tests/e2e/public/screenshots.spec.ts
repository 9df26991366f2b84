import { test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';

// Pictures for a person to look at (tests/screenshots/ is not committed); nothing is compared.
for (const { name, path } of PUBLIC_PAGES) {
	test(`screenshot of ${name}`, async ({ page }, testInfo) => {
		await page.goto(path);
		await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
	});
}

test('screenshot of the home page at the largest text size', async ({ page, context, baseURL }, testInfo) => {
	await context.addCookies([{ name: 'text_size', value: 'larger', url: baseURL! }]);
	await page.goto('/');
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-home-larger.png`, fullPage: true });
});

test('screenshot of the skip link when focused', async ({ page }, testInfo) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-skip-link.png` });
});
