import { createAccount, expect, expectAccessible, fillSignIn, signIn, test } from '../support';
import { otherBrowser, screenshot, searchPeople } from './helpers';

const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

test.describe('staff find people and give recovery codes', () => {
	test('a facilitator finds a resident typed without accents, gives a code, and the resident sets a new password with it', async ({ page, browser }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: 'Đoàn Thị Quỳnh Hoa' });
		await signIn(page, facilitator);
		await page.getByRole('link', { name: 'Tìm người học và cấp mã khôi phục' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tìm người');
		await expect(page.getByText('Bạn phụ trách: Người dân xã Hy Cương')).toBeVisible();

		await searchPeople(page, 'doan thi quynh hoa');
		await expect(page.getByRole('heading', { level: 2 })).toHaveText('Kết quả tìm “doan thi quynh hoa”');
		const found = page.getByRole('listitem').filter({ hasText: resident.username });
		await expect(found).toContainText('Xã Hy Cương');
		await expectAccessible(page);
		await screenshot(page, 'people-search');

		await found.getByRole('link', { name: 'Đoàn Thị Quỳnh Hoa' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đoàn Thị Quỳnh Hoa');
		await expectAccessible(page);
		await screenshot(page, 'people-card');
		await page.getByRole('button', { name: 'Cấp mã khôi phục mật khẩu' }).click();
		const code = await page.getByTestId('recovery-code').innerText();
		expect(code).toMatch(CODE);
		await expect(page.getByRole('region', { name: 'Mã khôi phục của Đoàn Thị Quỳnh Hoa' })).toBeFocused();
		await expect(page.getByText(/^Mã dùng được một lần, đến \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/)).toBeVisible();
		await expect(page.getByText(/Họ mở trang localhost:\d+\/recover trên điện thoại/)).toBeVisible();
		await expect(page.getByText(`Họ nhập tên đăng nhập ${resident.username}, mã này, rồi đặt mật khẩu mới.`)).toBeVisible();
		await expectAccessible(page);
		await screenshot(page, 'people-code');

		// Shown once: coming back to the page does not show it again.
		await page.reload();
		await expect(page.getByRole('button', { name: 'Cấp mã khôi phục mật khẩu' })).toBeVisible();
		await expect(page.locator('body')).not.toContainText(code);

		const residentPage = await otherBrowser(browser);
		const newPassword = 'hoa sen no sang nay';
		await residentPage.goto('/recover');
		await residentPage.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(resident.username);
		await residentPage.getByLabel('Mã khôi phục').fill(code.toLowerCase().replaceAll('-', ' '));
		await residentPage.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
		await residentPage.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
		await residentPage.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
		await expect(residentPage).toHaveURL(/\/sign-in\?recovered=1/);
		await fillSignIn(residentPage, resident.username, newPassword);
		await expect(residentPage).toHaveURL(/\/me$/);
		await expect(residentPage.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Đoàn Thị Quỳnh Hoa');
		await residentPage.context().close();
	});

	test("a facilitator cannot open or recover another commune's resident, and never sees their name", async ({ page }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const stranger = await createAccount({ role: 'learner', commune: '07900', fullName: 'Khúc Thị Người Việt Trì' });
		await signIn(page, facilitator);

		const response = await page.goto(`/people/${stranger.id}`);
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
		expect(await page.content()).not.toContain(stranger.fullName);

		const origin = new URL(page.url()).origin;
		const action = await page.request.post(`/people/${stranger.id}?/recover`, { form: {}, headers: { origin }, maxRedirects: 0 });
		expect(action.status()).toBe(404);
		expect(await action.text()).not.toContain(stranger.fullName);

		for (const path of ['/people/abc', '/people/0', '/people/99999999999', '/people/1e3', `/people/${stranger.id}.0`]) {
			expect((await page.goto(path))?.status(), path).toBe(404);
		}

		await page.goto('/people');
		await searchPeople(page, 'khuc thi nguoi viet tri');
		await expect(page.getByText('Không tìm thấy ai với “khuc thi nguoi viet tri”.', { exact: false })).toBeVisible();
		expect(await page.content()).not.toContain(stranger.fullName);
	});

	test('a manager gives codes to the staff of the commune, not to its residents', async ({ page }) => {
		const manager = await createAccount({ role: 'unit_manager', commune: '08515' });
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: 'Lã Thị Cư Dân' });
		const clerk = await createAccount({ role: 'civil_servant', agency: 'UBND-08515', fullName: 'Lã Văn Công Chức' });
		await signIn(page, manager);
		await page.goto('/people');
		await expect(page.getByText('Bạn phụ trách: Cán bộ, công chức xã Hy Cương')).toBeVisible();
		expect((await page.goto(`/people/${resident.id}`))?.status()).toBe(404);
		await page.goto(`/people/${clerk.id}`);
		await expect(page.getByText('Ủy ban nhân dân xã Hy Cương')).toBeVisible();
		await page.getByRole('button', { name: 'Cấp mã khôi phục mật khẩu' }).click();
		await expect(page.getByTestId('recovery-code')).toHaveText(CODE);
	});

	test('a learner is refused the people pages', async ({ page }) => {
		const learner = await createAccount({ role: 'learner', commune: '08515' });
		await signIn(page, learner);
		expect((await page.goto('/people'))?.status()).toBe(403);
		expect((await page.goto('/people/1'))?.status()).toBe(403);
	});

	test('searching and giving a code work with JavaScript turned off', async ({ browser }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: 'Tạ Thị Không Script' });
		const page = await otherBrowser(browser, { javaScriptEnabled: false });
		await signIn(page, facilitator);
		await page.goto('/people');
		await searchPeople(page, 'ta thi khong script');
		await page.getByRole('listitem').filter({ hasText: resident.username }).getByRole('link').click();
		await expect(page).toHaveURL(new RegExp(`/people/${resident.id}$`));
		await page.getByRole('button', { name: 'Cấp mã khôi phục mật khẩu' }).click();
		await expect(page.getByTestId('recovery-code')).toHaveText(CODE);
		await page.context().close();
	});

	test('the list pages through everyone in scope, 25 at a time', async ({ page }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		await signIn(page, facilitator);
		await page.goto('/people');
		await expect(page.getByRole('heading', { level: 2 })).toHaveText('Danh sách');
		await expect(page.getByRole('list', { name: 'Danh sách' }).getByRole('listitem')).toHaveCount(25);
		const pages = page.getByRole('navigation', { name: 'Chuyển trang' });
		await pages.getByRole('link', { name: 'Trang sau' }).click();
		await expect(page).toHaveURL(/\/people\?page=2$/);
		await expect(pages.getByText('Trang 2')).toBeVisible();
		await expect(pages.getByRole('link', { name: 'Trang trước' })).toBeVisible();
		await expectAccessible(page);
		await page.goto('/people?page=999');
		await expect(page.getByText('Trang này không có ai.')).toBeVisible();
		await page.goto('/people?page=abc&q=' + 'x'.repeat(500));
		await expect(page.getByRole('heading', { level: 2 })).toHaveText(`Kết quả tìm “${'x'.repeat(100)}”`);
	});
});
