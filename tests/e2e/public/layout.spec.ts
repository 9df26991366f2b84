import { type Page, expect, test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';

/** Elements wider than the screen, named so a failure says where to look. */
const overflowing = (page: Page) =>
	page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		return [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > width + 1)
			.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
	});

/** Links and buttons outside running text that are smaller than 44 × 44 CSS px. */
const smallTargets = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('header a, header button, footer a, main a.button, .skip-link')]
			.map((el) => ({ el, box: el.getBoundingClientRect() }))
			// Half a pixel of slack for sub-pixel text widths.
			.filter(({ box }) => box.width > 0 && (box.height < 43.5 || box.width < 43.5))
			.map(({ el, box }) => `${el.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`)
	);

for (const size of ['normal', 'larger'] as const) {
	test(`no page is wider than the screen, at ${size} text`, async ({ page, context, baseURL }) => {
		await context.addCookies([{ name: 'text_size', value: size, url: baseURL! }]);
		for (const { path } of PUBLIC_PAGES) {
			await page.goto(path);
			expect(await overflowing(page), path).toEqual([]);
		}
	});
}

test('tap targets are at least 44 px', async ({ page }) => {
	for (const { path } of PUBLIC_PAGES) {
		await page.goto(path);
		expect(await smallTargets(page), path).toEqual([]);
	}
});
