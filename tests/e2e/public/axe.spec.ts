import { test } from '@playwright/test';
import { expectAccessible } from '../support';
import { PUBLIC_PAGES } from './pages';

for (const { name, path } of PUBLIC_PAGES) {
	test(`${name} (${path}) has no serious or critical WCAG 2.1 A/AA violations`, async ({ page }) => {
		await page.goto(path);
		await expectAccessible(page);
	});
}
