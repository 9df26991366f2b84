import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { expect, test } from '../support';

/** A second person's browser, from an address of its own so sign-in limits never mix with the first's. */
export async function otherBrowser(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		...options,
		extraHTTPHeaders: { 'x-forwarded-for': `10.201.${randomInt(256)}.${randomInt(1, 255)}` }
	});
	return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `tests/screenshots/${test.info().project.name}-${name}.png`, fullPage: true });
}

export async function searchPeople(page: Page, query: string): Promise<void> {
	await page.getByLabel('Họ tên, tên đăng nhập hoặc số điện thoại').fill(query);
	await page.getByRole('button', { name: 'Tìm', exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/people\\?q=${encodeURIComponent(query).replace(/%20/g, '\\+')}$`));
}
