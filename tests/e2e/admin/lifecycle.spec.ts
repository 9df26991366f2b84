import { type Browser, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { type TestAccount, createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';

/** A province admin of the demo province, signed in (second factor set up on the way). */
async function signInAsAdmin(page: Page): Promise<TestAccount> {
	const admin = await createAccount({ role: 'province_admin' });
	await signIn(page, admin);
	return admin;
}

async function noScriptBrowser(browser: Browser) {
	const address = `10.251.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': address } });
	return { context, page: await context.newPage() };
}

const screenshot = (page: Page, name: string) =>
	page.screenshot({ path: `tests/screenshots/${test.info().project.name}-admin-lifecycle-${name}.png`, fullPage: true });

const uniqueName = (given: string) => `${given} ${randomBytes(3).toString('hex').toUpperCase()}`;

const communeId = (code: string) => (e2eDatabase().prepare('SELECT id FROM communes WHERE code = ?').get(code) as { id: number }).id;
const personRow = (id: number) =>
	e2eDatabase().prepare('SELECT commune_id, agency_id, left_service_at, merged_into_id, disabled_at FROM people WHERE id = ?').get(id) as {
		commune_id: number | null;
		agency_id: number | null;
		left_service_at: number | null;
		merged_into_id: number | null;
		disabled_at: number | null;
	};

const VIET_TRI = '07900';

test.describe('person lifecycle', () => {
	test('a province admin moves a resident to another commune and the history keeps both', async ({ page }) => {
		await signInAsAdmin(page);
		// A staff group makes createAccount record where the resident has lived since yesterday.
		const resident = await createAccount({ role: 'learner', commune: '08515', staffGroup: 'cong_chuc', fullName: uniqueName('Nông Thị Chuyển') });
		await page.goto(`/admin/accounts/${resident.id}`);
		await page.getByRole('link', { name: 'Chuyển nơi ở hoặc cơ quan, nghỉ việc, gộp tài khoản trùng' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Chuyển, nghỉ việc, gộp tài khoản: ${resident.fullName}`);
		await page.getByLabel('Xã, phường mới').selectOption(String(communeId(VIET_TRI)));
		await page.getByRole('button', { name: 'Chuyển', exact: true }).click();

		await expect(page.getByRole('status')).toHaveText('Đã chuyển. Báo cáo các kỳ trước vẫn tính người này ở nơi cũ.');
		const history = page.getByRole('region', { name: 'Lịch sử nơi ở và nơi làm việc' });
		await expect(history.getByRole('row')).toHaveCount(3);
		await expect(history.getByRole('row').nth(1)).toContainText('Phường Việt Trì');
		await expect(history.getByRole('row').nth(1)).toContainText('Nay');
		await expect(history.getByRole('row').nth(2)).toContainText('Xã Hy Cương');
		expect(personRow(resident.id).commune_id).toBe(communeId(VIET_TRI));
		await expectAccessible(page);
		await screenshot(page, 'moved');
	});

	test('a province admin marks a civil servant as having left the service, then as back', async ({ page }) => {
		await signInAsAdmin(page);
		const servant = await createAccount({ role: 'civil_servant', agency: 'SKHCN-VP', staffGroup: 'cong_chuc', fullName: uniqueName('Triệu Văn Nghỉ') });
		await page.goto(`/admin/accounts/${servant.id}/lifecycle`);
		await page.getByRole('button', { name: 'Đánh dấu đã nghỉ việc' }).click();
		await expect(page.getByRole('status')).toHaveText(/^Đã đánh dấu nghỉ việc\./);
		await expect(page.getByText(/^Đã nghỉ việc từ /)).toBeVisible();
		expect(personRow(servant.id)).toMatchObject({ left_service_at: expect.any(Number), agency_id: null });

		await page.getByRole('button', { name: 'Đánh dấu trở lại làm việc' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã đánh dấu trở lại làm việc ở cơ quan cũ.');
		expect(personRow(servant.id).left_service_at).toBeNull();
		expect(personRow(servant.id).agency_id).not.toBeNull();
	});

	test('a province admin finds a duplicate by username, compares the two and merges them', async ({ page }) => {
		await signInAsAdmin(page);
		const fullName = uniqueName('Hoàng Thị Trùng');
		const keep = await createAccount({ role: 'learner', commune: '08515', fullName });
		const remove = await createAccount({ role: 'learner', commune: '08515', fullName });
		await page.goto(`/admin/accounts/${keep.id}/lifecycle`);
		await page.getByLabel('Tên đăng nhập của tài khoản trùng').fill('khong.co.ai');
		await page.getByRole('button', { name: 'Tìm và so sánh' }).click();
		await expect(page.getByText('Không có tài khoản nào với tên đăng nhập này trong tỉnh.')).toBeVisible();

		await page.getByLabel('Tên đăng nhập của tài khoản trùng').fill(remove.username);
		await page.getByRole('button', { name: 'Tìm và so sánh' }).click();
		const compare = page.getByRole('region', { name: 'Hai tài khoản cạnh nhau' });
		await expect(compare.getByRole('row', { name: /Tên đăng nhập/ })).toContainText(keep.username);
		await expect(compare.getByRole('row', { name: /Tên đăng nhập/ })).toContainText(remove.username);
		await expectAccessible(page);
		await screenshot(page, 'merge');

		await page.getByRole('button', { name: 'Gộp tài khoản' }).click();
		await expect(page.getByText('Đánh dấu ô xác nhận trước khi gộp.')).toBeVisible();
		expect(personRow(remove.id).merged_into_id).toBeNull();

		await page.getByLabel('Tôi đã kiểm tra: đây là cùng một người.').check();
		await page.getByRole('button', { name: 'Gộp tài khoản' }).click();
		await expect(page.getByRole('status')).toContainText(`Đã gộp tài khoản ${remove.username} vào tài khoản này`);
		expect(personRow(remove.id)).toMatchObject({ merged_into_id: keep.id, disabled_at: expect.any(Number) });
	});

	test('the move form works with JavaScript turned off, and says what is missing', async ({ browser }) => {
		const admin = await createAccount({ role: 'province_admin' });
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: uniqueName('Lò Văn Tĩnh') });
		const { context, page } = await noScriptBrowser(browser);
		await signIn(page, admin);
		await page.goto(`/admin/accounts/${resident.id}/lifecycle`);
		await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
		await expect(page.getByText('Chọn xã, phường mới hoặc cơ quan mới.')).toBeVisible();
		await page.getByLabel('Xã, phường mới').selectOption(String(communeId(VIET_TRI)));
		await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
		await expect(page.getByText('Đã chuyển. Báo cáo các kỳ trước vẫn tính người này ở nơi cũ.')).toBeVisible();
		expect(personRow(resident.id).commune_id).toBe(communeId(VIET_TRI));
		await context.close();
	});

	test('a unit manager gets 403 on the page and its forms', async ({ page, baseURL }) => {
		const manager = await createAccount({ role: 'unit_manager', commune: '08515' });
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		await signIn(page, manager);
		expect((await page.goto(`/admin/accounts/${resident.id}/lifecycle`))?.status()).toBe(403);
		const post = await page.request.post(`/admin/accounts/${resident.id}/lifecycle?/move`, {
			form: { commune: String(communeId(VIET_TRI)) },
			headers: { origin: baseURL! }
		});
		expect(post.status()).toBe(403);
		expect(personRow(resident.id).commune_id).toBe(communeId('08515'));
	});
});
