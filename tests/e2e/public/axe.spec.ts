import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PUBLIC_PAGES } from './pages';

for (const { name, path } of PUBLIC_PAGES) {
	test(`${name} (${path}) has no serious or critical WCAG 2.1 A/AA violations`, async ({ page }) => {
		await page.goto(path);
		const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		const blocking = results.violations
			.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
			.map((violation) => ({
				rule: violation.id,
				impact: violation.impact,
				where: violation.nodes.map((node) => node.target.join(' '))
			}));
		expect(blocking).toEqual([]);
	});
}
