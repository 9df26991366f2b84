import type { Page } from '@playwright/test';
import { createAccount, expect, expectAccessible, fillSignIn, signIn, test } from '../support';

async function expectAccessibleAndShoot(page: Page, name: string) {
	await expectAccessible(page, name);
	await page.screenshot({ path: `tests/screenshots/${test.info().project.name}-${name}.png`, fullPage: true });
}

test('the account pages pass axe and read well', async ({ page }) => {
	const resident = await createAccount({ role: 'learner', commune: '08515' });
	for (const path of ['/forgot-password', '/recover']) {
		await page.goto(path);
		await expectAccessibleAndShoot(page, path.slice(1));
	}
	await signIn(page, resident);
	await expectAccessibleAndShoot(page, 'me');
	await page.goto('/account');
	await expectAccessibleAndShoot(page, 'account');
	await page.goto('/account/password');
	await expectAccessibleAndShoot(page, 'account-password');
});

test('the second-factor pages pass axe', async ({ page }) => {
	const manager = await createAccount({ role: 'unit_manager', agency: 'SKHCN' });
	await page.goto('/sign-in');
	await fillSignIn(page, manager.username, manager.password);
	await expect(page).toHaveURL(/two-factor\/setup/);
	await expectAccessibleAndShoot(page, 'two-factor-setup');
	await signIn(page, manager);
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/$/);
	await page.goto('/sign-in');
	await fillSignIn(page, manager.username, manager.password);
	await expect(page).toHaveURL(/sign-in\/two-factor/);
	await expectAccessibleAndShoot(page, 'two-factor');
});

test('changing the password needs the current one, checks the new one, and signs out other devices', async ({ page, browser }) => {
	const resident = await createAccount({ role: 'learner', commune: '08515' });
	const other = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.201.0.1' } });
	const otherPage = await other.newPage();
	await signIn(otherPage, resident);
	await signIn(page, resident);

	await page.goto('/account/password');
	await page.getByLabel('Mật khẩu đang dùng').fill('not it');
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill('12345678');
	await page.getByLabel('Nhập lại mật khẩu mới').fill('12345678');
	await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
	await expect(page.getByText('Mật khẩu đang dùng không đúng.')).toBeVisible();
	await expect(page.getByText('Mật khẩu này quá phổ biến, người khác dễ đoán. Hãy chọn mật khẩu khác.')).toBeVisible();

	await page.getByLabel('Mật khẩu đang dùng').fill(resident.password);
	await page.getByLabel('Mật khẩu mới', { exact: true }).fill('cây tre làng tôi xanh');
	await page.getByLabel('Nhập lại mật khẩu mới').fill('cây tre làng tôi xanh');
	await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
	await expect(page).toHaveURL(/\/account\?changed=1$/);
	await expect(page.getByText('Đã đổi mật khẩu. Các máy khác đã được cho thoát ra.')).toBeVisible();

	await otherPage.goto('/me');
	await expect(otherPage).toHaveURL(/\/sign-in/);
	await fillSignIn(otherPage, resident.username, 'cây tre làng tôi xanh');
	await expect(otherPage).toHaveURL(/\/me$/);
	await other.close();
});

test('a person sees where they are signed in and signs out another device', async ({ page, browser }) => {
	const resident = await createAccount({ role: 'learner', commune: '08515' });
	const other = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.201.0.2' } });
	const otherPage = await other.newPage();
	await signIn(otherPage, resident, { shared: true });
	await signIn(page, resident);
	await page.goto('/account');
	await expect(page.getByText('Máy này')).toBeVisible();
	await expect(page.getByText('Máy dùng chung')).toBeVisible();
	await page.getByRole('button', { name: 'Cho thoát ra' }).click();
	await expect(page.getByText('Đã cho thoát ra ở máy đó.')).toBeVisible();
	await otherPage.goto('/me');
	await expect(otherPage).toHaveURL(/\/sign-in/);
	await other.close();
});
