import { expect, test } from '@playwright/test';

const FOOTER = [
	{ link: 'Quyền riêng tư', path: '/privacy', heading: 'Thông báo về quyền riêng tư' },
	{ link: 'Trợ giúp', path: '/help', heading: 'Trợ giúp' },
	{ link: 'Khả năng tiếp cận', path: '/accessibility', heading: 'Tuyên bố về khả năng tiếp cận' },
	{ link: 'Privacy', path: '/en/privacy', heading: 'Privacy notice', from: '/en' },
	{ link: 'Help', path: '/en/help', heading: 'Help', from: '/en' },
	{ link: 'Accessibility', path: '/en/accessibility', heading: 'Accessibility statement', from: '/en' }
];

for (const { link, path, heading, from = '/' } of FOOTER) {
	test(`the footer link "${link}" opens ${path}`, async ({ page }) => {
		await page.goto(from);
		await page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }).click();
		await expect(page).toHaveURL(path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expect(page).toHaveTitle(new RegExp(heading));
		await expect(page.getByRole('contentinfo').getByRole('link', { name: link, exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
	});
}

test('the privacy notice names the law it follows and who to ask', async ({ page }) => {
	await page.goto('/privacy');
	const main = page.getByRole('main');
	await expect(main).toContainText('91/2025/QH15');
	await expect(main).toContainText('trung tâm học tập cộng đồng');
});
