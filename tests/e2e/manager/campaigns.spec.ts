import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DAY_MS, vietnamDayEnd, vietnamDayOf, vietnamDayStart } from '../../../src/lib/vietnam-day';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';

/**
 * A commune no other browser test assigns anything in, one per project (they run at once), so
 * each run's campaigns reach only its own people.
 */
const COMMUNES: Record<string, { code: string; name: string }> = { desktop: { code: '04828', name: 'Phường Thống Nhất' }, phone: { code: '04792', name: 'Phường Tân Hòa' } };
let COMMUNE = '';
let COMMUNE_NAME = '';
test.beforeEach(({}, testInfo) => {
	({ code: COMMUNE, name: COMMUNE_NAME } = COMMUNES[testInfo.project.name]!);
});
const COURSE = 'Dịch vụ công trực tuyến và VNeID';

const day = (offset: number) => vietnamDayOf(Date.now() + offset * DAY_MS);
const communeId = (code: string) => (e2eDatabase().prepare('SELECT id FROM communes WHERE code = ?').get(code) as { id: number }).id;
/** Campaigns this person created: other tests create theirs at the same time. */
const campaignsBy = (personId: number) => (e2eDatabase().prepare('SELECT count(*) AS n FROM assignments WHERE created_by_id = ?').get(personId) as { n: number }).n;

/** A campaign written straight into the database: the form refuses deadlines already past. */
function pastCampaign(title: string, createdById: number): number {
	const db = e2eDatabase();
	const provinceId = (db.prepare("SELECT id FROM provinces WHERE code = '25'").get() as { id: number }).id;
	const { id } = db
		.prepare("INSERT INTO assignments (province_id, title, commune_id, include_subunits, audience, starts_at, deadline_at, created_by_id, created_at) VALUES (?, ?, ?, 1, 'residents', ?, ?, ?, ?) RETURNING id")
		.get(provinceId, title, communeId(COMMUNE), +vietnamDayStart(day(-30)), +vietnamDayEnd(day(-1)), createdById, Date.now()) as { id: number };
	// Another course than the other tests assign, so this overdue one never takes their place on My learning.
	db.prepare("INSERT INTO assignment_courses (assignment_id, course_id) VALUES (?, 'an-toan-thong-tin-phong-chong-lua-dao')").run(id);
	return id;
}

async function saved(page: Page, click: () => Promise<void>): Promise<{ file: string; name: string }> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'campaign-')), download.suggestedFilename());
	await download.saveAs(file);
	return { file, name: download.suggestedFilename() };
}

test('a commune manager assigns a course; a resident sees it first, with a reminder', async ({ page, browser }, testInfo) => {
	const manager = await createAccount({ role: 'unit_manager', commune: COMMUNE });
	const resident = await createAccount({ role: 'learner', commune: COMMUNE });
	const title = `Học dịch vụ công ${testInfo.project.name} ${Date.now()}`;
	await signIn(page, manager);
	await page.goto('/me');
	await page.getByRole('link', { name: /Chiến dịch học tập/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Chiến dịch học tập' })).toBeVisible();
	await page.getByRole('link', { name: 'Tạo chiến dịch mới' }).click();

	// Sent empty: every missing field says so, in Vietnamese, and nothing is created.
	await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
	await expect(page.getByText('Nhập tên chiến dịch.')).toBeVisible();
	await expect(page.getByText('Chọn ít nhất một khóa học.')).toBeVisible();
	await expect(page.getByText('Nhập hạn hoàn thành.')).toBeVisible();
	await expectAccessible(page);
	expect(campaignsBy(manager.id)).toBe(0);

	await page.getByLabel('Tên chiến dịch').fill(title);
	await page.getByLabel('Đơn vị được giao').selectOption({ label: COMMUNE_NAME });
	await page.getByLabel('Đối tượng').selectOption({ label: 'Người dân (không phải cán bộ, công chức)' });
	await page.getByRole('checkbox', { name: COURSE }).check();
	await page.getByLabel('Hạn hoàn thành').fill(day(3));
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-campaign-new.png`, fullPage: true });
	await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();

	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByText('Đã tạo chiến dịch.')).toBeVisible();
	await expect(page.getByText(`Đơn vị: ${COMMUNE_NAME}`)).toBeVisible();
	await expect(page.getByRole('region', { name: 'Danh sách người được giao' }).getByRole('row', { name: new RegExp(resident.fullName) })).toContainText('Chưa bắt đầu');
	await expectAccessible(page);
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-campaign-detail.png`, fullPage: true });
	await page.getByRole('link', { name: 'Quay lại danh sách' }).click();
	await expect(page.getByRole('link', { name: title })).toBeVisible();
	await expectAccessible(page);

	const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.252.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
	const learner = await context.newPage();
	await signIn(learner, resident);
	await learner.goto('/me');
	await expect(learner.getByRole('status').filter({ hasText: 'Việc cần làm' })).toContainText(`Còn 3 ngày để hoàn thành khóa học “${COURSE}”`);
	const assigned = learner.getByRole('region', { name: 'Khóa học được giao' });
	await expect(assigned.getByRole('link', { name: COURSE })).toBeVisible();
	await expect(assigned).toContainText(title);
	await context.close();
});

test('a manager lists who is overdue and exports the list; the file reads back', async ({ page }) => {
	const manager = await createAccount({ role: 'unit_manager', commune: COMMUNE });
	const late = await createAccount({ role: 'learner', commune: COMMUNE });
	const title = `Chiến dịch đã hết hạn ${Date.now()}`;
	const id = pastCampaign(title, manager.id);
	await signIn(page, manager);
	await page.goto(`/campaigns/${id}`);
	await expect(page.getByText('Đã hết hạn', { exact: true })).toBeVisible();
	await page.getByLabel('Hiển thị').selectOption({ label: 'Người quá hạn' });
	await page.getByRole('button', { name: 'Xem', exact: true }).click();
	await expect(page).toHaveURL(/show=overdue/);
	const row = page.getByRole('region', { name: 'Danh sách người được giao' }).getByRole('row', { name: new RegExp(late.fullName) });
	await expect(row).toContainText('Quá hạn');
	await expectAccessible(page);

	const xlsx = await saved(page, () => page.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click());
	expect(xlsx.name).toMatch(new RegExp(`^chien-dich-${id}-overdue-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(xlsx.file);
	const sheet = workbook.worksheets[0]!;
	expect(String(sheet.getCell('A1').value)).toBe(title);
	const rows: string[][] = [];
	sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((cell) => String(cell ?? ''))));
	expect(rows).toContainEqual(expect.arrayContaining([late.fullName, late.username, COMMUNE_NAME, 'Quá hạn']));

	const csv = await saved(page, () => page.getByRole('button', { name: 'Tải CSV' }).click());
	const text = readFileSync(csv.file, 'utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	expect(text).toContain(`${late.fullName},${late.username},${COMMUNE_NAME}`);
	const audited = e2eDatabase().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'campaign.export' AND actor_id = ? AND target_id = ?").get(manager.id, String(id)) as { n: number };
	expect(audited.n).toBe(2);
});

test("a commune manager reaches nothing of another commune's campaigns, by URL or forged form", async ({ page, baseURL }) => {
	const manager = await createAccount({ role: 'unit_manager', commune: COMMUNE });
	await signIn(page, manager);
	const hyCuong = (e2eDatabase().prepare("SELECT id FROM assignments WHERE title = 'Bình dân học vụ số – xã Hy Cương (demo)'").get() as { id: number }).id;
	await page.goto('/campaigns');
	await expect(page.getByRole('link', { name: 'Bình dân học vụ số – xã Hy Cương (demo)' })).toHaveCount(0);
	expect((await page.goto(`/campaigns/${hyCuong}`))?.status()).toBe(404);

	const origin = new URL(baseURL!).origin;
	const forged = await page.request.post('/campaigns/new', {
		form: { title: 'Giả mạo', unit: `commune:${communeId('08515')}`, subunits: 'on', audience: 'all', group: '', courses: 'dich-vu-cong-truc-tuyen', start: day(0), deadline: day(5) },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(404);
	expect(campaignsBy(manager.id)).toBe(0);
	expect((await page.request.post(`/campaigns/${hyCuong}?/cancel`, { form: { confirm: 'on' }, headers: { origin }, maxRedirects: 0 })).status()).toBe(404);
	expect((await page.request.post(`/campaigns/${hyCuong}/export`, { form: { format: 'csv' }, headers: { origin } })).status()).toBe(404);
	expect((e2eDatabase().prepare('SELECT cancelled_at FROM assignments WHERE id = ?').get(hyCuong) as { cancelled_at: number | null }).cancelled_at).toBeNull();
});

test('campaigns are created and cancelled with JavaScript turned off', async ({ browser }) => {
	const manager = await createAccount({ role: 'unit_manager', commune: COMMUNE });
	const resident = await createAccount({ role: 'learner', commune: COMMUNE });
	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': `10.253.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
	const page = await context.newPage();
	await signIn(page, manager);
	const title = `Không JavaScript ${Date.now()}`;
	await page.goto('/campaigns/new');
	await page.getByLabel('Tên chiến dịch').fill(title);
	await page.getByLabel('Đơn vị được giao').selectOption({ label: COMMUNE_NAME });
	await page.getByRole('checkbox', { name: COURSE }).check();
	// A deadline before the start day is refused with a message; what was typed stays.
	await page.getByLabel('Ngày bắt đầu').fill(day(10));
	await page.getByLabel('Hạn hoàn thành').fill(day(5));
	await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
	await expect(page.getByText('Hạn hoàn thành phải từ ngày bắt đầu trở đi.')).toBeVisible();
	await expect(page.getByLabel('Tên chiến dịch')).toHaveValue(title);
	await expect(page.getByRole('checkbox', { name: COURSE })).toBeChecked();
	await page.getByLabel('Ngày bắt đầu').fill(day(0));
	await page.getByRole('button', { name: 'Tạo chiến dịch' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const id = Number(new URL(page.url()).pathname.split('/').pop());

	await page.getByRole('button', { name: 'Hủy chiến dịch' }).click();
	await expect(page.getByText('Đánh dấu ô xác nhận trước khi hủy.')).toBeVisible();
	await page.getByRole('checkbox', { name: 'Tôi hiểu và muốn hủy chiến dịch này' }).check();
	await page.getByRole('button', { name: 'Hủy chiến dịch' }).click();
	await expect(page.getByText('Đã hủy chiến dịch.')).toBeVisible();
	await expect(page.getByText('Đã hủy', { exact: true })).toBeVisible();
	expect((e2eDatabase().prepare('SELECT cancelled_at FROM assignments WHERE id = ?').get(id) as { cancelled_at: number | null }).cancelled_at).not.toBeNull();

	const learner = await context.newPage();
	await learner.context().clearCookies();
	await signIn(learner, resident);
	await learner.goto('/me');
	await expect(learner.getByText(title)).toHaveCount(0);
	await context.close();
});
