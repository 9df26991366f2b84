import { randomBytes } from 'node:crypto';
import { type Browser, type Page } from '@playwright/test';
import { type TestAccount, createAccount, e2eDatabase, expect, expectAccessible, fillSignIn, signIn, test } from '../support';

/** Crockford base32 without I, L, O, U: what certificate codes are made of. */
const CODE_LETTERS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomCode = () => [...randomBytes(10)].map((byte) => CODE_LETTERS[byte % 32]).join('');

/** A completed course and its certificate, straight into the tables. */
function giveCertificate(person: TestAccount): string {
	const db = e2eDatabase();
	const { provinceId, communeId } = db.prepare('SELECT province_id AS provinceId, commune_id AS communeId FROM people WHERE id = ?').get(person.id) as { provinceId: number; communeId: number };
	const at = Date.now() - 3600_000;
	const { id } = db
		.prepare("INSERT INTO completions (person_id, province_id, course_id, course_version, completed_at, commune_id_at_completion) VALUES (?, ?, 'dich-vu-cong-truc-tuyen', 1, ?, ?) RETURNING id")
		.get(person.id, provinceId, at, communeId) as { id: number };
	const code = randomCode();
	db.prepare(
		`INSERT INTO certificates (code, completion_id, person_id, province_id, course_id, course_version, course_title_vi, course_title_en, holder_name, completed_at, issuer_name, commune_id_at_completion, issued_at)
		 VALUES (?, ?, ?, ?, 'dich-vu-cong-truc-tuyen', 1, 'Dịch vụ công trực tuyến', 'Online public services', ?, ?, 'Tỉnh Phú Thọ', ?, ?)`
	).run(code, id, person.id, provinceId, person.fullName, at, communeId, at);
	return code;
}

async function otherPage(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ baseURL, javaScriptEnabled, extraHTTPHeaders: { 'x-forwarded-for': `10.252.${randomBytes(1)[0]}.${randomBytes(1)[0]}` } });
	return context.newPage();
}

test('a person downloads their data and asks for deletion; a province admin carries it out', async ({ page, browser, baseURL }, testInfo) => {
	const learner = await createAccount({ role: 'learner', commune: '08515', fullName: `Đinh Thị Riêng Tư ${randomBytes(2).toString('hex')}` });
	e2eDatabase().prepare('UPDATE people SET birth_year = 1968, hamlet = ? WHERE id = ?').run('Thôn Đoàn Kết', learner.id);
	const code = giveCertificate(learner);
	await signIn(page, learner);

	await page.goto('/me');
	await page.getByRole('link', { name: 'Dữ liệu của tôi' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dữ liệu của tôi' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Tài khoản' })).toContainText(learner.fullName);
	await expect(page.getByRole('region', { name: 'Tài khoản' })).toContainText('Thôn Đoàn Kết');
	await expect(page.getByRole('region', { name: 'Việc học' })).toContainText('Giấy chứng nhận');
	await expectAccessible(page);
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-my-data.png`, fullPage: true });

	const json = await page.request.get(await page.getByRole('link', { name: 'Tải về dạng JSON' }).getAttribute('href') ?? '');
	expect(json.headers()['content-disposition']).toContain('attachment');
	const held = await json.json();
	expect(held.account).toMatchObject({ fullName: learner.fullName, username: learner.username, birthYear: 1968 });
	expect(held.learning.certificates).toEqual([expect.objectContaining({ code })]);

	const csv = await page.request.get(await page.getByRole('link', { name: /Tải về dạng CSV/ }).getAttribute('href') ?? '');
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('section,field,value');
	expect(text).toContain(`account,fullName,${learner.fullName}`);
	const audited = e2eDatabase().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.export' AND actor_id = ?").get(learner.id) as { n: number };
	expect(audited.n).toBe(2);

	// Without the confirmation nothing is sent.
	await page.getByRole('button', { name: 'Gửi yêu cầu xóa' }).click();
	await expect(page.getByText('Hãy đánh dấu ô xác nhận để gửi yêu cầu.')).toBeVisible();
	await page.getByLabel('Lý do (không bắt buộc)').fill('Tôi chuyển đi nơi khác');
	await page.getByRole('checkbox', { name: /Tôi hiểu rằng/ }).check();
	await page.getByRole('button', { name: 'Gửi yêu cầu xóa' }).click();
	await expect(page.getByText('Đã gửi yêu cầu. Quản trị viên của tỉnh sẽ xem xét.')).toBeVisible();
	await expect(page.getByText(/đang chờ xử lý/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Gửi yêu cầu xóa' })).toHaveCount(0);

	const adminPage = await otherPage(browser, baseURL);
	const admin = await createAccount({ role: 'province_admin' });
	await signIn(adminPage, admin);
	await adminPage.goto('/admin/deletions');
	const card = adminPage.getByRole('listitem').filter({ hasText: learner.fullName });
	await expect(card).toContainText('Tôi chuyển đi nơi khác');
	await expectAccessible(adminPage);
	await card.getByRole('checkbox').check();
	await card.getByRole('button', { name: /Xóa thông tin cá nhân/ }).click();
	await expect(adminPage.getByText('Đã xóa thông tin cá nhân của người này.')).toBeVisible();
	await expect(adminPage.getByRole('region', { name: 'Đã xử lý' })).toContainText('Người dùng đã xóa');

	// The person's session is over, and the old username and password no longer open anything.
	await page.goto('/me/data');
	await expect(page).toHaveURL(/\/sign-in/);
	await fillSignIn(page, learner.username, learner.password);
	await expect(page.getByText('Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.')).toBeVisible();

	const guest = await otherPage(browser, baseURL);
	await guest.goto(`/verify/${code}`);
	await expect(guest.getByText('Người được cấp đã yêu cầu xóa thông tin cá nhân.')).toBeVisible();
	await expect(guest.locator('body')).not.toContainText(learner.fullName);
	await expect(guest.getByRole('button', { name: /Xác nhận|Confirm/ })).toHaveCount(0);
	const confirm = await guest.request.post(`/verify/${code}?/confirm`, { form: { answer: '1968' }, headers: { origin: baseURL! } });
	expect(await confirm.text()).not.toContain(learner.fullName);

	const log = e2eDatabase().prepare("SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'privacy.deletion%' ORDER BY id").all(String(learner.id)) as { action: string }[];
	expect(log.map((row) => row.action)).toEqual(['privacy.deletion_request', 'privacy.deletion_done']);
});

test("a province admin sees no other province's requests, and a unit manager none at all", async ({ page, browser, baseURL }) => {
	const db = e2eDatabase();
	const otherProvince = (db.prepare("SELECT id FROM provinces WHERE code = '01'").get() as { id: number }).id;
	const stranger = `Người Tỉnh Khác ${randomBytes(2).toString('hex')}`;
	const { id: strangerId } = db
		.prepare('INSERT INTO people (province_id, username, full_name, search_name) VALUES (?, ?, ?, ?) RETURNING id')
		.get(otherProvince, `e2e.khac.${randomBytes(4).toString('hex')}`, stranger, stranger.toLowerCase()) as { id: number };
	const { id: requestId } = db.prepare('INSERT INTO deletion_requests (person_id, province_id, requested_at) VALUES (?, ?, ?) RETURNING id').get(strangerId, otherProvince, Date.now()) as { id: number };

	const admin = await createAccount({ role: 'province_admin' });
	await signIn(page, admin);
	await page.goto('/admin/deletions');
	await expect(page.locator('main, body').first()).not.toContainText(stranger);
	const refused = await page.request.post('/admin/deletions?/carryOut', { form: { request: String(requestId), confirm: 'on' }, headers: { origin: baseURL! } });
	expect(refused.status()).toBe(404);
	expect((db.prepare('SELECT status FROM deletion_requests WHERE id = ?').get(requestId) as { status: string }).status).toBe('pending');

	const managerPage = await otherPage(browser, baseURL);
	await signIn(managerPage, await createAccount({ role: 'unit_manager', commune: '08515' }));
	const response = await managerPage.goto('/admin/deletions');
	expect(response?.status()).toBe(403);
});

test('the deletion request form works without JavaScript', async ({ browser, baseURL }) => {
	const page = await otherPage(browser, baseURL, false);
	const learner = await createAccount({ role: 'learner', commune: '07900' });
	await signIn(page, learner);
	await page.goto('/me/data');
	await page.getByRole('button', { name: 'Gửi yêu cầu xóa' }).click();
	await expect(page.getByText('Hãy đánh dấu ô xác nhận để gửi yêu cầu.')).toBeVisible();
	await page.getByRole('checkbox', { name: /Tôi hiểu rằng/ }).check();
	await page.getByRole('button', { name: 'Gửi yêu cầu xóa' }).click();
	await expect(page.getByText('Đã gửi yêu cầu. Quản trị viên của tỉnh sẽ xem xét.')).toBeVisible();
	const row = e2eDatabase().prepare('SELECT status, reason FROM deletion_requests WHERE person_id = ?').get(learner.id);
	expect(row).toEqual({ status: 'pending', reason: null });
});
