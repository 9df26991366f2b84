import { expect, test } from '@playwright/test';

for (const { path, skip } of [
	{ path: '/', skip: 'Đi tới nội dung chính' },
	{ path: '/en/privacy', skip: 'Skip to main content' }
]) {
	test(`on ${path} the first Tab reaches the skip link, and Enter moves to the main content`, async ({ page }) => {
		await page.goto(path, { waitUntil: 'networkidle' });
		await page.keyboard.press('Tab');
		const skipLink = page.getByRole('link', { name: skip });
		await expect(skipLink).toBeFocused();
		await expect(skipLink).toBeInViewport();

		await page.keyboard.press('Enter');
		await expect(page.locator('main#main')).toBeFocused();
		await expect(page).toHaveURL(/#main$/);
		// The next Tab continues after the start of the main content, not back in the header.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.closest('header') ?? null)).toBeNull();
	});
}

test('every control in the header and footer can be reached with Tab and shows where focus is', async ({ page }) => {
	await page.goto('/');
	const controls = page.locator('header a, header button, footer a');
	const count = await controls.count();
	const reached = new Set<string>();
	for (let i = 0; i < 40 && reached.size < count; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			if (!el || !el.closest('header, footer')) return null;
			const style = getComputedStyle(el);
			return { key: `${el.tagName}:${el.textContent?.trim()}`, outline: style.outlineStyle, width: style.outlineWidth };
		});
		if (!focused) continue;
		reached.add(focused.key);
		expect(focused.outline, focused.key).toBe('solid');
		expect(parseFloat(focused.width), focused.key).toBeGreaterThanOrEqual(2);
	}
	expect(reached.size).toBe(count);
});
