import { unzipSync } from 'fflate';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';
import { answerQuiz, finalQuiz } from './quiz-helpers';

const STRICT = 'khoa-thu-kiem-tra';

test('a commune manager bulk-downloads the commune’s certificates as a ZIP whose list holds the codes', async ({ page, browser, baseURL }) => {
	// A resident of Hy Cương earns a certificate.
	const learner = await createAccount({ role: 'learner', commune: '08515', fullName: 'Hà Thị Hồng Nhung' });
	const learnerPage = await (await browser.newContext({ baseURL })).newPage();
	await signIn(learnerPage, learner);
	await learnerPage.goto(`/courses/${STRICT}/quiz`);
	await learnerPage.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await answerQuiz(learnerPage, finalQuiz(STRICT), 'right');
	await learnerPage.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(learnerPage.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' })).toBeVisible();
	const code = (e2eDatabase().prepare('SELECT code FROM certificates WHERE person_id = ?').get(learner.id) as { code: string }).code;

	await signIn(page, await createAccount({ role: 'unit_manager', commune: '08515' }));
	await page.goto('/me');
	await page.getByRole('link', { name: 'Tải giấy chứng nhận hàng loạt' }).click();
	await page.getByLabel('Đơn vị').selectOption({ label: 'Xã Hy Cương' });
	await page.getByLabel('Khóa học').selectOption({ label: 'Khóa thử bài kiểm tra' });
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Chuẩn bị tệp tải về' }).click();
	const download = page.getByRole('link', { name: 'Tải tệp ZIP' });
	// The status page refreshes itself until the file is ready.
	await expect(download).toBeVisible({ timeout: 30_000 });
	const zip = unzipSync(new Uint8Array(await (await page.request.get((await download.getAttribute('href'))!)).body()));
	const dashed = `${code.slice(0, 5)}-${code.slice(5)}`;
	expect(Object.keys(zip)).toContain(`${dashed}.pdf`);
	const list = new TextDecoder().decode(zip['danh-sach.csv']);
	expect(list).toContain(dashed);
	expect(list).toContain('Hà Thị Hồng Nhung');
	expect(zip['danh-sach.xlsx']).toBeDefined();
});

test('a manager cannot ask for another commune, nor open someone else’s download', async ({ page, baseURL }) => {
	const hyCuong = (e2eDatabase().prepare("SELECT id FROM communes WHERE code = '08515'").get() as { id: number }).id;
	await signIn(page, await createAccount({ role: 'unit_manager', commune: '07900' }));
	await page.goto('/reports/certificates');
	await expect(page.getByLabel('Đơn vị').locator('option', { hasText: 'Xã Hy Cương' })).toHaveCount(0);
	const origin = new URL(baseURL!).origin;
	const forged = await page.request.post('/reports/certificates', { form: { unit: `commune:${hyCuong}`, course: '', from: '', to: '' }, headers: { origin, accept: 'application/json' } });
	expect(await forged.text()).toContain('"status":403');
	const bad = await page.request.post('/reports/certificates', { form: { unit: 'x', course: 'nope', from: '2026-02-31', to: '' }, headers: { origin, accept: 'application/json' } });
	expect(await bad.text()).toContain('Ngày không hợp lệ.');

	// Someone else's finished download, by its id.
	const owner = await createAccount({ role: 'unit_manager', commune: '08515' });
	const publicId = [...crypto.getRandomValues(new Uint8Array(24))].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]).join('');
	e2eDatabase()
		.prepare("INSERT INTO certificate_exports (public_id, requested_by_id, filters, status, total, done, created_at) VALUES (?, ?, '{}', 'done', 1, 1, ?)")
		.run(publicId, owner.id, Date.now());
	expect((await page.goto(`/reports/certificates/${publicId}`))?.status()).toBe(404);
	expect((await page.request.get(`/reports/certificates/${publicId}/download`)).status()).toBe(404);
	expect((await page.goto('/reports/certificates/not-a-job'))?.status()).toBe(404);
});
