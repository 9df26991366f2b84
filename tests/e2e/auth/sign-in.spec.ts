import { DEMO_PASSWORD, createAccount, e2eDatabase, expect, expectAccessible, fillSignIn, signIn, test, totpCode, totpCodeForShownKey } from '../support';

test.describe('signing in', () => {
	test('a resident signs in with a password alone, sees their page, and signs out', async ({ page }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: 'Trần Thị Mai' });
		await signIn(page, resident);
		await expect(page).toHaveURL(/\/me$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin chào, Trần Thị Mai');
		await expect(page.getByText('Học viên – Xã Hy Cương')).toBeVisible();
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(page).toHaveURL(/\/$/);
		await page.goto('/me');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fme$/);
	});

	test('by phone number, typed the way people write it', async ({ page }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515', phone: '+84987650001' });
		await page.goto('/sign-in');
		await fillSignIn(page, '0987.650.001', resident.password);
		await expect(page).toHaveURL(/\/me$/);
	});

	test('a wrong password gets one message that does not say whether the account exists', async ({ page }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await page.goto('/sign-in');
		await fillSignIn(page, resident.username, 'not the password');
		const message = page.getByRole('alert');
		await expect(message).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.');
		await expect(page.getByLabel('Tên đăng nhập hoặc số điện thoại')).toHaveValue(resident.username);
		await expect(page.getByLabel(/^Mật khẩu$/)).toHaveValue('');
		await fillSignIn(page, 'khong.co.ai.ten.nay', 'not the password');
		await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.');
	});

	test('empty fields are named beside the field', async ({ browser }) => {
		// Without JavaScript nothing re-renders the form, so the browser's own check can be switched off.
		const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': '10.200.0.2' } });
		const page = await context.newPage();
		await page.goto('/sign-in');
		await page.getByLabel('Tên đăng nhập hoặc số điện thoại').evaluate((input) => input.removeAttribute('required'));
		await page.getByLabel(/^Mật khẩu$/).evaluate((input) => input.removeAttribute('required'));
		await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
		await expect(page.getByText('Hãy nhập tên đăng nhập hoặc số điện thoại.')).toBeVisible();
		await expect(page.getByText('Hãy nhập mật khẩu.')).toBeVisible();
		await context.close();
	});

	test('after five wrong passwords the account must wait, even with the right one', async ({ page }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await page.goto('/sign-in');
		for (let i = 0; i < 5; i++) {
			await fillSignIn(page, resident.username, `wrong ${i}`);
			await expect(page.getByRole('alert')).toContainText('không đúng');
		}
		await fillSignIn(page, resident.username, resident.password);
		await expect(page.getByRole('alert')).toHaveText(/Bạn đã thử quá nhiều lần\. Hãy chờ 1[45] phút rồi thử lại\./);
		await expect(page).toHaveURL(/\/sign-in$/);
	});

	test('works with JavaScript turned off', async ({ browser }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': '10.200.0.1' } });
		const page = await context.newPage();
		await page.goto('/sign-in');
		await fillSignIn(page, resident.username, 'wrong password');
		await expect(page.getByRole('alert')).toContainText('không đúng');
		await fillSignIn(page, resident.username, resident.password);
		await expect(page).toHaveURL(/\/me$/);
		await context.close();
	});

	test('on a shared computer the cookie ends with the browser', async ({ page, context }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await signIn(page, resident, { shared: true });
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect(cookie?.expires).toBe(-1);
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
	});

	test('on a personal device the cookie lasts thirty days', async ({ page, context }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await signIn(page, resident);
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
	});

	test('an expired session sends to sign-in and back to the page', async ({ page }) => {
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await signIn(page, resident);
		e2eDatabase().prepare('UPDATE sessions SET expires_at = ? WHERE person_id = ?').run(Date.now() - 1000, resident.id);
		await page.goto('/account');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
		await fillSignIn(page, resident.username, resident.password);
		await expect(page).toHaveURL(/\/account$/);
	});

	test('in English, the sign-in page and messages are English', async ({ page }) => {
		await page.goto('/en/sign-in');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await fillSignIn(page, 'nobody.here', 'wrong password');
		await expect(page.getByRole('alert')).toHaveText('The username or password is not right. Please try again.');
	});

	test('the sign-in page passes axe', async ({ page }) => {
		await page.goto('/sign-in');
		await expectAccessible(page);
	});
});

test.describe('staff accounts need a second factor', () => {
	test('first sign-in sets it up; the next asks for the code; a backup code works once', async ({ page }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		await page.goto('/sign-in');
		await fillSignIn(page, facilitator.username, facilitator.password);
		await expect(page).toHaveURL(/\/account\/two-factor\/setup$/);
		// Nothing else opens before the second factor.
		await page.goto('/me');
		await expect(page).toHaveURL(/\/account\/two-factor\/setup$/);

		await page.getByLabel('Mã 6 số').fill(totpCodeForShownKey(await page.getByTestId('totp-secret').innerText()));
		await page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
		await page.getByRole('link', { name: 'Tiếp tục' }).click();
		await expect(page).toHaveURL(/\/me$/);
		await page.screenshot({ path: `tests/screenshots/${test.info().project.name}-me-facilitator.png`, fullPage: true });

		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(page).toHaveURL(/\/$/);
		await page.goto('/sign-in');
		await fillSignIn(page, facilitator.username, facilitator.password);
		await expect(page).toHaveURL(/\/sign-in\/two-factor$/);
		await page.getByLabel('Mã 6 số').fill('000000' === totpCode(facilitator.id) ? '111111' : '000000');
		await page.getByRole('button', { name: 'Xác nhận' }).click();
		await expect(page.getByRole('alert')).toHaveText('Mã không đúng. Hãy nhập mã đang hiện trong ứng dụng.');
		await page.getByLabel('Mã 6 số').fill(totpCode(facilitator.id));
		await page.getByRole('button', { name: 'Xác nhận' }).click();
		await expect(page).toHaveURL(/\/me$/);
	});

	test('the set-up page shows backup codes once, and one of them signs in', async ({ page }) => {
		const manager = await createAccount({ role: 'unit_manager', commune: '07900' });
		await page.goto('/sign-in');
		await fillSignIn(page, manager.username, manager.password);
		const key = await page.getByTestId('totp-secret').innerText();
		await page.getByLabel('Mã 6 số').fill(totpCodeForShownKey(key));
		await page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
		await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(8);
		const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
		await page.screenshot({ path: `tests/screenshots/${test.info().project.name}-two-factor-codes.png`, fullPage: true });
		await page.getByRole('link', { name: 'Tiếp tục' }).click();
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		// Signed out only once the home page is back: going on sooner aborts that navigation.
		await expect(page).toHaveURL(/\/$/);

		for (const attempt of ['works', 'used']) {
			await page.goto('/sign-in');
			await fillSignIn(page, manager.username, manager.password);
			await page.getByText('Tôi không có điện thoại bên cạnh').click();
			await page.getByLabel('Mã dự phòng').fill(codes[0]!.toLowerCase());
			await page.getByRole('button', { name: 'Dùng mã dự phòng' }).click();
			if (attempt === 'works') {
				await expect(page).toHaveURL(/\/me$/);
				await page.getByRole('button', { name: 'Đăng xuất' }).click();
				await expect(page).toHaveURL(/\/$/);
			} else {
				await expect(page.getByRole('alert')).toHaveText('Mã dự phòng không đúng hoặc đã được dùng.');
			}
		}
	});

	test('in demo mode the set-up may be skipped, with a warning that stays visible', async ({ page }) => {
		const admin = await createAccount({ role: 'province_admin' });
		await page.goto('/sign-in');
		await fillSignIn(page, admin.username, admin.password);
		await expect(page.getByText(/Bản dùng thử: bạn có thể bỏ qua bước này/)).toBeVisible();
		await page.getByRole('button', { name: 'Bỏ qua (chỉ trong bản dùng thử)' }).click();
		await expect(page).toHaveURL(/\/me$/);
		await expect(page.getByText(/tài khoản này đang đăng nhập mà chưa bật xác thực hai bước/)).toBeVisible();
	});
});

test.describe('the demo accounts', () => {
	test('every role signs in with the documented password and sees its home', async ({ page }) => {
		test.skip(test.info().project.name !== 'desktop', 'the demo staff set up their authenticator once');
		const demo = e2eDatabase();
		for (const username of ['hocvien', 'congchuc', 'hotro.hycuong', 'quanly.hycuong', 'quanly.skhcn', 'quanly.tinh', 'quantri.tinh', 'quantri.hethong']) {
			const person = demo.prepare('SELECT id, full_name AS fullName FROM people WHERE username = ?').get(username) as { id: number; fullName: string };
			await signIn(page, { id: person.id, username, password: DEMO_PASSWORD, fullName: person.fullName });
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${person.fullName}`);
			await page.getByRole('button', { name: 'Đăng xuất' }).click();
			await expect(page).toHaveURL(/\/$/);
		}
	});
});

test('the home page invites a signed-in person to their page instead of signing in again', async ({ page }) => {
	const resident = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, resident);
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Vào trang của tôi' })).toHaveAttribute('href', '/me');
	await expect(page.getByRole('link', { name: 'Đăng nhập để học' })).toHaveCount(0);
});
