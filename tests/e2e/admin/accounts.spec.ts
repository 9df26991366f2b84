import { type Browser, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { type TestAccount, createAccount, e2eDatabase, expect, expectAccessible, fillSignIn, signIn, test } from '../support';

/** A province admin of the demo province, signed in (second factor set up on the way). */
async function signInAsAdmin(page: Page): Promise<TestAccount> {
	const admin = await createAccount({ role: 'province_admin' });
	await signIn(page, admin);
	return admin;
}

/** A browser of its own for a second person, from its own client address. */
async function otherBrowser(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
	const address = `10.250.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
	const context = await browser.newContext({ ...options, extraHTTPHeaders: { 'x-forwarded-for': address } });
	return { context, page: await context.newPage() };
}

const screenshot = (page: Page, name: string) =>
	page.screenshot({ path: `tests/screenshots/${test.info().project.name}-admin-${name}.png`, fullPage: true });

/** A name no other test uses, so the search and the audit log show this test's rows alone. */
const uniqueName = (given: string) => `${given} ${randomBytes(3).toString('hex').toUpperCase()}`;

const peopleNamed = (fullName: string) =>
	(e2eDatabase().prepare('SELECT count(*) AS n FROM people WHERE full_name = ?').get(fullName) as { n: number }).n;

test.describe('accounts', () => {
	test('an admin searches "nguyen" and finds the Nguyễn people', async ({ page }) => {
		await signInAsAdmin(page);
		await page.goto('/admin/accounts');
		await page.getByLabel('Họ tên, tên đăng nhập hoặc số điện thoại').fill('nguyen');
		await page.getByRole('button', { name: 'Tìm', exact: true }).click();
		await expect(page).toHaveURL(/query=nguyen/);
		await expect(page.getByRole('status')).toHaveText(/Tìm thấy \d+ tài khoản\./);
		const names = await page.locator('tbody tr td:first-child a').allInnerTexts();
		expect(names.length).toBeGreaterThan(5);
		for (const name of names) expect(name).toMatch(/(^| )Nguyễn/);
		expect(names).toContain('Nguyễn Thị Lan');
		await screenshot(page, 'accounts');
	});

	test('an admin creates an account, sees the one-time code once, and the person sets a password with it', async ({ page, browser }) => {
		await signInAsAdmin(page);
		await page.goto('/admin/accounts/new');
		const fullName = uniqueName('Lương Thị Hoa');
		await page.getByLabel('Họ và tên').fill(fullName);
		await page.getByLabel('Số điện thoại (nếu có)').fill('0987 650 321');
		await page.getByLabel('Năm sinh (nếu có)').fill('1968');
		await page.getByLabel('Xã, phường', { exact: true }).selectOption({ label: 'Xã Hy Cương' });
		await page.getByLabel('Thôn, tổ dân phố').fill('Thôn 5');
		await page.getByRole('combobox', { name: 'Vai trò', exact: true }).selectOption({ label: 'Học viên' });
		await page.getByLabel('Xã, phường của vai trò').selectOption({ label: 'Xã Hy Cương' });
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Đã tạo tài khoản cho ${fullName}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
		const username = await page.getByTestId('created-username').innerText();
		const code = await page.getByTestId('one-time-code').innerText();
		expect(username).toMatch(/^luongthihoa[0-9a-f]{6}\d*$/);
		expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		await screenshot(page, 'created');

		// Shown once: the account page and a fresh form do not show it again.
		await page.getByRole('link', { name: 'Xem tài khoản' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName);
		await expect(page.getByText('Chưa đặt: đang chờ người dùng nhập mã dùng một lần')).toBeVisible();
		await expect(page.getByText(code)).toHaveCount(0);

		const person = await otherBrowser(browser);
		await person.page.goto('/recover');
		await person.page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(username);
		await person.page.getByLabel('Mã khôi phục').fill(code.toLowerCase());
		await person.page.getByLabel(/^Mật khẩu mới$/).fill('hoa sen nở sáng nay');
		await person.page.getByLabel('Nhập lại mật khẩu mới').fill('hoa sen nở sáng nay');
		await person.page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
		await expect(person.page).toHaveURL(/\/sign-in\?recovered=1/);
		await fillSignIn(person.page, username, 'hoa sen nở sáng nay');
		await expect(person.page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${fullName}`);
		await person.context.close();
	});

	test('bad input on the create form shows messages beside the fields, keeps what was typed, and creates nothing', async ({ page }) => {
		await signInAsAdmin(page);
		await page.goto('/admin/accounts/new');
		const fullName = uniqueName('Trịnh Văn Sai');
		await page.getByLabel('Họ và tên').fill(fullName);
		await page.getByLabel('Tên đăng nhập (nếu muốn tự chọn)').fill('Trịnh Sai');
		await page.getByLabel('Số điện thoại (nếu có)').fill('12345');
		await page.getByLabel('Năm sinh (nếu có)').fill('1800');
		await page.getByLabel('Chức vụ').fill('Chuyên viên');
		await page.getByRole('combobox', { name: 'Vai trò', exact: true }).selectOption({ label: 'Hỗ trợ viên trung tâm học tập' });
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();

		await expect(page.getByRole('alert')).toHaveText('Chưa tạo tài khoản. Hãy sửa những chỗ có ghi chú bên dưới.');
		await expect(page.getByText('Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu (a–z), chữ số và các dấu . _ -')).toBeVisible();
		await expect(page.getByText('Số điện thoại chưa đúng. Ví dụ: 0912 345 678')).toBeVisible();
		await expect(page.getByText(/^Năm sinh là một số từ 1900 đến \d{4}\.$/)).toBeVisible();
		await expect(page.getByText('Chức vụ và nhóm cần đi cùng cơ quan. Hãy chọn cơ quan.')).toBeVisible();
		await expect(page.getByText('Vai trò này cần chọn một xã, phường.')).toBeVisible();
		await expect(page.getByLabel('Số điện thoại (nếu có)')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Họ và tên')).toHaveValue(fullName);
		await expect(page.getByLabel('Số điện thoại (nếu có)')).toHaveValue('12345');
		await expect(page.getByRole('combobox', { name: 'Vai trò', exact: true })).toHaveValue('facilitator');
		await screenshot(page, 'new-errors');
		expect(peopleNamed(fullName)).toBe(0);
	});

	test('the create form works with JavaScript turned off', async ({ browser }) => {
		const admin = await createAccount({ role: 'province_admin' });
		const { context, page } = await otherBrowser(browser, { javaScriptEnabled: false });
		await signIn(page, admin);
		await page.goto('/admin/accounts/new');
		// Without JavaScript both unit pickers show, and the server takes the one the role needs.
		await expect(page.getByLabel('Xã, phường của vai trò')).toBeVisible();
		await expect(page.getByLabel('Cơ quan của vai trò')).toBeVisible();
		const fullName = uniqueName('Phí Văn Tĩnh');
		await page.getByRole('combobox', { name: 'Vai trò', exact: true }).selectOption({ label: 'Cán bộ, công chức, viên chức' });
		await page.getByLabel('Cơ quan của vai trò').selectOption({ label: 'Văn phòng Sở Khoa học và Công nghệ' });
		await page.getByLabel('Xã, phường của vai trò').selectOption({ label: 'Xã Hy Cương' });
		// Without JavaScript nothing re-renders the form, so the browser's own check can be switched off.
		await page.getByLabel('Họ và tên').evaluate((input) => input.removeAttribute('required'));
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		// A refused form comes back whole, with the choices made.
		await expect(page.getByText('Hãy nhập họ và tên.')).toBeVisible();
		await expect(page.getByLabel('Cơ quan của vai trò')).toHaveValue(/\d+/);
		await page.getByLabel('Họ và tên').fill(fullName);
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Đã tạo tài khoản cho ${fullName}`);
		await expect(page.getByTestId('one-time-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		const grant = e2eDatabase()
			.prepare('SELECT g.role, a.code FROM role_grants g JOIN people p ON p.id = g.person_id JOIN agencies a ON a.id = g.agency_id WHERE p.full_name = ?')
			.all(fullName);
		expect(grant).toEqual([{ role: 'civil_servant', code: 'SKHCN-VP' }]);
		await context.close();
	});
});

test.describe('roles', () => {
	test('an admin grants facilitator for Xã Hy Cương, sees it listed, and revokes it', async ({ page }) => {
		const person = await createAccount({ role: 'learner', commune: '08515' });
		await signInAsAdmin(page);
		await page.goto(`/admin/accounts/${person.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(person.fullName);

		// With JavaScript, only the picker the chosen role needs shows.
		const role = page.getByRole('combobox', { name: 'Vai trò', exact: true });
		await role.selectOption({ label: 'Cán bộ, công chức, viên chức' });
		await expect(page.getByLabel('Cơ quan của vai trò')).toBeVisible();
		await expect(page.getByLabel('Xã, phường của vai trò')).toHaveCount(0);
		await role.selectOption({ label: 'Quản lý đơn vị' });
		await expect(page.getByLabel('Cơ quan của vai trò')).toBeVisible();
		await expect(page.getByLabel('Xã, phường của vai trò')).toBeVisible();
		await role.selectOption({ label: 'Hỗ trợ viên trung tâm học tập' });
		await expect(page.getByLabel('Cơ quan của vai trò')).toHaveCount(0);

		// Bad input first: a facilitator without a commune changes nothing.
		await page.getByRole('button', { name: 'Cấp vai trò' }).click();
		await expect(page.getByText('Vai trò này cần chọn một xã, phường.')).toBeVisible();
		await expect(role).toHaveValue('facilitator');

		await page.getByLabel('Xã, phường của vai trò').selectOption({ label: 'Xã Hy Cương' });
		await page.getByRole('button', { name: 'Cấp vai trò' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã cấp vai trò.');
		// The form is ready for the next role: nothing chosen, no picker.
		await expect(role).toHaveValue('');
		await expect(page.getByLabel('Xã, phường của vai trò')).toHaveCount(0);
		const roles = page.getByRole('table').first();
		await expect(roles.getByRole('row', { name: /Hỗ trợ viên trung tâm học tập Xã Hy Cương/ })).toBeVisible();
		await screenshot(page, 'account');

		await page.getByRole('button', { name: 'Thu hồi vai trò Hỗ trợ viên trung tâm học tập – Xã Hy Cương' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã thu hồi vai trò.');
		await expect(page.getByRole('button', { name: /Thu hồi vai trò Hỗ trợ viên/ })).toHaveCount(0);
		await expect(page.getByRole('heading', { name: 'Vai trò đã thu hồi' })).toBeVisible();
		const revoked = e2eDatabase().prepare("SELECT revoked_at FROM role_grants WHERE person_id = ? AND role = 'facilitator'").all(person.id);
		expect(revoked).toEqual([{ revoked_at: expect.any(Number) }]);
	});
});

test.describe('disabling', () => {
	test("an admin disables an account and that person's open session ends", async ({ page, browser }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		const person = await otherBrowser(browser);
		await signIn(person.page, resident);
		await expect(person.page).toHaveURL(/\/me$/);

		await signInAsAdmin(page);
		await page.goto(`/admin/accounts/${resident.id}`);
		// The reason is needed: without it (the browser's own check removed) the server says so.
		await page.getByLabel('Lý do').evaluate((input) => input.removeAttribute('required'));
		await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
		await expect(page.getByText('Hãy ghi lý do.')).toBeVisible();
		await page.getByLabel('Lý do').fill('Mất điện thoại');
		await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã khóa tài khoản và cho thoát ra ở 1 máy.');
		await expect(page.getByText(/^Đã khóa từ \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();

		await person.page.goto('/me');
		await expect(person.page).toHaveURL(/\/sign-in\?next=%2Fme$/);
		await fillSignIn(person.page, resident.username, resident.password);
		await expect(person.page.getByRole('alert')).toContainText('không đúng');
		await person.context.close();

		await page.getByLabel('Lý do').fill('Đã tìm lại điện thoại');
		await page.getByRole('button', { name: 'Mở lại tài khoản' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã mở lại tài khoản.');
	});
});

test.describe('the audit log', () => {
	test('shows what an admin did: created, granted, revoked, disabled', async ({ page }) => {
		const admin = await signInAsAdmin(page);
		await page.goto('/admin/accounts/new');
		const fullName = uniqueName('Kiều Văn Nhật');
		await page.getByLabel('Họ và tên').fill(fullName);
		await page.getByRole('combobox', { name: 'Vai trò', exact: true }).selectOption({ label: 'Quản lý đơn vị' });
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		await page.getByRole('link', { name: 'Xem tài khoản' }).click();
		// The form just left has a "Vai trò" list too: wait for the account page before choosing.
		await page.waitForURL(/\/admin\/accounts\/\d+$/);
		await page.getByRole('combobox', { name: 'Vai trò', exact: true }).selectOption({ label: 'Hỗ trợ viên trung tâm học tập' });
		await page.getByLabel('Xã, phường của vai trò').selectOption({ label: 'Xã Hy Cương' });
		await page.getByRole('button', { name: 'Cấp vai trò' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã cấp vai trò.');
		await page.getByRole('button', { name: 'Thu hồi vai trò Hỗ trợ viên trung tâm học tập – Xã Hy Cương' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã thu hồi vai trò.');
		await page.getByLabel('Lý do').fill('Đã nghỉ việc');
		await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
		await expect(page.getByRole('status')).toContainText('Đã khóa tài khoản');

		await page.getByRole('link', { name: 'Nhật ký hoạt động' }).click();
		await page.getByLabel('Người thực hiện (tên đăng nhập)').fill(admin.username);
		await page.getByRole('button', { name: 'Tìm', exact: true }).click();
		const rows = page.locator('tbody tr');
		await expect(rows).toHaveCount(5);
		await expect(rows.nth(0)).toContainText('Khóa tài khoản');
		await expect(rows.nth(0)).toContainText('Lý do: Đã nghỉ việc');
		await expect(rows.nth(1)).toContainText('Thu hồi vai trò');
		await expect(rows.nth(2)).toContainText('Cấp vai trò');
		await expect(rows.nth(2)).toContainText('Hỗ trợ viên trung tâm học tập – Xã Hy Cương');
		await expect(rows.nth(3)).toContainText('Tạo tài khoản');
		await expect(rows.nth(3)).toContainText('Quản lý đơn vị – Tỉnh Phú Thọ');
		await expect(rows.nth(4)).toContainText('Bật xác thực hai bước');
		for (const i of [0, 1, 2, 3]) await expect(rows.nth(i).getByRole('link', { name: fullName })).toBeVisible();
		await screenshot(page, 'audit');

		// A date the log cannot read is named beside its field, and nothing is listed.
		await page.getByLabel('Từ ngày').fill('31/02/2026');
		await page.getByRole('button', { name: 'Tìm', exact: true }).click();
		await expect(page.getByText('Ngày chưa đúng. Ví dụ: 31/12/2026')).toBeVisible();
		await expect(page.locator('tbody tr')).toHaveCount(0);
	});
});

test.describe('who may enter', () => {
	test('a unit manager and a learner get 403 on the admin pages and their forms', async ({ page, baseURL }) => {
		for (const account of [await createAccount({ role: 'unit_manager', commune: '08515' }), await createAccount({ role: 'learner', commune: '08515' })]) {
			await signIn(page, account);
			for (const path of ['/admin/accounts', '/admin/accounts/new', '/admin/audit', `/admin/accounts/${account.id}`]) {
				expect((await page.goto(path))?.status(), path).toBe(403);
			}
			const post = await page.request.post('/admin/accounts/new', {
				form: { fullName: 'Không Được Tạo', role: 'learner' },
				headers: { origin: baseURL! }
			});
			expect(post.status()).toBe(403);
			await page.goto('/me');
			await page.getByRole('button', { name: 'Đăng xuất' }).click();
			await expect(page).toHaveURL(/\/$/);
		}
		expect(peopleNamed('Không Được Tạo')).toBe(0);
	});

	test("another province's account, an unknown id and a made-up id are 404, for pages and forms", async ({ page, baseURL }) => {
		const db = e2eDatabase();
		const hanoi = (db.prepare("SELECT id FROM provinces WHERE code = '01'").get() as { id: number }).id;
		const name = uniqueName('Người Hà Nội');
		const { id: foreign } = db
			.prepare('INSERT INTO people (province_id, username, full_name, search_name) VALUES (?, ?, ?, ?) RETURNING id')
			.get(hanoi, `e2e.hn.${randomBytes(4).toString('hex')}`, name, name.toLowerCase()) as { id: number };
		await signInAsAdmin(page);
		for (const id of [String(foreign), '999999999', 'abc', '0', '1e3']) {
			expect((await page.goto(`/admin/accounts/${id}`))?.status(), id).toBe(404);
		}
		const disable = await page.request.post(`/admin/accounts/${foreign}?/status`, {
			form: { disabled: 'true', reason: 'thử' },
			headers: { origin: baseURL! }
		});
		expect(disable.status()).toBe(404);
		expect(db.prepare('SELECT disabled_at FROM people WHERE id = ?').get(foreign)).toEqual({ disabled_at: null });
		await page.goto(`/admin/accounts?query=${encodeURIComponent(name)}`);
		await expect(page.getByRole('status')).toHaveText('Không tìm thấy tài khoản nào.');
	});
});

test.describe('accessibility', () => {
	test('every admin page passes axe and fits the screen', async ({ page }) => {
		const person = await createAccount({ role: 'learner', commune: '08515' });
		await signInAsAdmin(page);
		for (const path of ['/admin/accounts?query=nguyen', '/admin/accounts/new', `/admin/accounts/${person.id}`, '/admin/audit']) {
			await page.goto(path);
			await expectAccessible(page, path);
			// Tables scroll inside their box; the page itself never scrolls sideways.
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
		await page.goto('/admin/accounts/new');
		await page.getByLabel('Họ và tên').evaluate((input) => input.removeAttribute('required'));
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectAccessible(page, 'new account form with errors');
		await screenshot(page, 'new');

		await page.goto('/en/admin/audit');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
		await expect(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Accounts' })).toBeVisible();
	});
});
