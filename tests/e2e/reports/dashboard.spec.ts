import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';

const RESIDENTS = 'Người dân từ 15 tuổi trở lên biết dùng dịch vụ công trực tuyến năm 2026 (ví dụ)';
const STAFF = 'Cán bộ, công chức, viên chức hoàn thành bồi dưỡng kỹ năng số cơ bản năm 2026 (ví dụ)';
const unitId = (table: 'communes' | 'agencies', code: string) => (e2eDatabase().prepare(`SELECT id FROM ${table} WHERE code = ?`).get(code) as { id: number }).id;

/** Clicks and keeps the file the click downloads. */
async function saved(page: Page, click: () => Promise<void>): Promise<{ file: string; name: string }> {
	const [done] = await Promise.all([page.waitForEvent('download'), click()]);
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), done.suggestedFilename());
	await done.saveAs(file);
	return { file, name: done.suggestedFilename() };
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');

async function chooseCriterion(page: Page, title: string) {
	await page.getByLabel('Tiêu chí', { exact: true }).selectOption({ label: title });
	await page.getByRole('button', { name: 'Xem báo cáo' }).click();
	await page.waitForURL(/criterion=/);
}

test('a province admin drills from the province to a commune to a person', async ({ page }, testInfo) => {
	await signIn(page, await createAccount({ role: 'province_admin' }));
	await page.goto('/me');
	await page.getByRole('link', { name: 'Báo cáo theo tiêu chí' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Tỉnh Phú Thọ' })).toBeVisible();
	await chooseCriterion(page, RESIDENTS);
	const units = page.getByRole('table', { name: 'Các xã, phường, đặc khu' });
	await expect(units).toBeVisible();
	await expect(page.getByRole('img', { name: /Tỷ lệ đạt theo đơn vị/ })).toBeVisible();
	await expect(page.getByRole('img', { name: /Số người đạt theo tuần/ })).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-report-province.png`, fullPage: true });

	// Sorting by rate puts the units furthest behind first.
	await units.getByRole('link', { name: 'Sắp xếp theo Tỷ lệ đạt' }).click();
	await expect(page).toHaveURL(/sort=percent/);
	await page.getByRole('table', { name: 'Các xã, phường, đặc khu' }).getByRole('link', { name: 'Xã Hy Cương' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Xã Hy Cương' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Đơn vị' }).getByRole('link', { name: 'Tỉnh Phú Thọ' })).toBeVisible();
	const people = page.getByRole('table', { name: /Người thuộc diện/ });
	await expect(people.getByRole('row')).not.toHaveCount(1);
	await expectAccessible(page);
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-report-commune.png`, fullPage: true });

	await page.getByRole('link', { name: 'Đã đạt', exact: true }).click();
	await expect(page).toHaveURL(/state=met/);
	const first = page.getByRole('table', { name: /Người thuộc diện/ }).getByRole('row').nth(1).getByRole('link');
	const name = await first.innerText();
	await first.click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page.getByRole('heading', { name: RESIDENTS })).toBeVisible();
	await expect(page.getByText('Đạt ngày', { exact: false }).first()).toBeVisible();
	await expectAccessible(page);
});

test('a commune manager sees only their commune, and nothing of another by URL, id or form', async ({ page, baseURL }) => {
	const hyCuong = unitId('communes', '08515');
	const vietTri = unitId('communes', '07900');
	await signIn(page, await createAccount({ role: 'unit_manager', commune: '08515' }));
	await page.goto('/reports');
	await expect(page.getByRole('heading', { level: 2, name: 'Xã Hy Cương' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Đơn vị' }).getByRole('link', { name: 'Tỉnh Phú Thọ' })).toHaveCount(0);
	expect((await page.goto('/reports?unit=province'))?.status()).toBe(403);
	expect((await page.goto(`/reports?unit=commune-${vietTri}`))?.status()).toBe(403);
	expect((await page.goto(`/reports?unit=agency-${unitId('agencies', 'UBND-07900')}`))?.status()).toBe(403);
	expect((await page.goto('/reports?unit=commune-99999999'))?.status()).toBe(404);

	const origin = new URL(baseURL!).origin;
	const forged = await page.request.post('/reports/export', { form: { format: 'csv-people', unit: `commune-${vietTri}` }, headers: { origin } });
	expect(forged.status()).toBe(403);
	const resident = e2eDatabase().prepare("SELECT id, full_name AS name FROM people WHERE commune_id = ? AND username LIKE 'hv%' LIMIT 1").get(vietTri) as { id: number; name: string };
	expect((await page.goto(`/reports/people/${resident.id}`))?.status()).toBe(404);
	expect((await page.request.get(`/reports/people/${resident.id}/evidence?year=2026`)).status()).toBe(404);

	// Malformed filters come back as the form with messages, and no report.
	await page.goto(`/reports?unit=commune-${hyCuong}&asOf=2026-02-31&type=lang`);
	await expect(page.getByText('Ngày không hợp lệ. Hãy chọn ngày trên lịch.')).toBeVisible();
	await expect(page.getByText('Loại đơn vị không hợp lệ.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Xã Hy Cương' })).toHaveCount(0);
});

for (const who of ['province admin', 'commune manager'] as const) {
	test(`a ${who} exports XLSX, CSV and PDF, and the files open with Vietnamese intact`, async ({ page }) => {
		const account = await createAccount(who === 'province admin' ? { role: 'province_admin' } : { role: 'unit_manager', commune: '08515' });
		await signIn(page, account);
		await page.goto(`/reports?unit=commune-${unitId('communes', '08515')}`);
		await chooseCriterion(page, RESIDENTS);
		const download = (button: string) => saved(page, () => page.getByRole('button', { name: button }).click());

		const xlsx = await download('Tải Excel (.xlsx)');
		expect(xlsx.name).toMatch(/^bao-cao-2026-nguoi-dan-ky-nang-so-co-ban-xa-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
		const workbook = await new ExcelJS.Workbook().xlsx.readFile(xlsx.file);
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tổng hợp', 'Danh sách']);
		const summary = workbook.getWorksheet('Tổng hợp')!;
		expect(summary.getCell('A1').value).toBe(RESIDENTS);
		expect(summary.getCell('A2').value).toBe('Đơn vị: Xã Hy Cương');
		const people = workbook.getWorksheet('Danh sách')!;
		const headerRow = [...Array(12).keys()].map((i) => i + 1).find((n) => people.getRow(n).getCell(1).value === 'Họ và tên')!;
		expect(people.getRow(headerRow).values).toEqual(expect.arrayContaining(['Họ và tên', 'Đơn vị', 'Trạng thái', 'Mã giấy chứng nhận']));
		expect(people.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
		expect(people.rowCount).toBeGreaterThan(headerRow + 5);
		expect(people.getRow(headerRow + 1).getCell(2).value).toBe('Xã Hy Cương');
		expect(['Đã đạt', 'Đang học', 'Chưa bắt đầu', 'Quá hạn', 'Đạt sau hạn']).toContain(people.getRow(headerRow + 1).getCell(4).value);

		const csv = await download('Tải CSV: danh sách người');
		const bytes = readFileSync(csv.file);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('Họ và tên,Đơn vị');
		expect(text).toContain('Xã Hy Cương');

		const pdf = await download('Tải PDF để in, ký');
		const printed = pdfText(pdf.file);
		expect(printed).toContain('Xã Hy Cương');
		expect(printed).toContain('THỦ TRƯỞNG ĐƠN VỊ');
		expect(printed).toContain('Người dân từ 15 tuổi trở lên');

		const audited = e2eDatabase().prepare("SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND action = 'report.export'").get(account.id) as { n: number };
		expect(audited.n).toBe(3);
	});
}

test('a department manager prints a civil servant’s evidence sheet and the whole department’s as a ZIP', async ({ page }) => {
	await signIn(page, await createAccount({ role: 'unit_manager', agency: 'SKHCN' }));
	await page.goto(`/reports?unit=agency-${unitId('agencies', 'SKHCN')}`);
	await chooseCriterion(page, STAFF);
	await page.getByRole('link', { name: 'Đã đạt', exact: true }).click();
	const first = page.getByRole('table', { name: /Người thuộc diện/ }).getByRole('row').nth(1).getByRole('link');
	const name = await first.innerText();
	await first.click();
	const sheet = await saved(page, () => page.getByRole('link', { name: 'Tải phiếu minh chứng năm 2026 (PDF)' }).click());
	const text = pdfText(sheet.file);
	expect(text).toContain('PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM 2026');
	expect(text).toContain(name);
	expect(text).toContain('Sở Khoa học và Công nghệ');
	expect(text).toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
	expect(text).toMatch(/\/verify\/[0-9A-Z]{10}/);

	await page.goto(`/reports?criterion=2026-ky-nang-so-can-bo-cong-chuc&unit=agency-${unitId('agencies', 'SKHCN')}`);
	// Other tests add staff to the department meanwhile: count before asking, compare with the job after.
	const staffQuery = "SELECT count(*) AS n FROM people WHERE agency_id IN (SELECT id FROM agencies WHERE code IN ('SKHCN', 'SKHCN-VP'))";
	const staffBefore = (e2eDatabase().prepare(staffQuery).get() as { n: number }).n;
	await page.getByRole('button', { name: 'Chuẩn bị tệp ZIP' }).click();
	const ready = page.getByRole('link', { name: 'Tải tệp về' });
	await expect(ready).toBeVisible({ timeout: 30_000 });
	const href = (await ready.getAttribute('href'))!;
	const zip = unzipSync(new Uint8Array(await (await page.request.get(href)).body()));
	const job = e2eDatabase().prepare('SELECT total FROM report_exports WHERE public_id = ?').get(/exports\/([a-z2-7]+)\//.exec(href)![1]) as { total: number };
	expect(job.total).toBeGreaterThanOrEqual(staffBefore);
	expect(Object.keys(zip)).toHaveLength(job.total);
	const one = path.join(mkdtempSync(path.join(os.tmpdir(), 'evidence-')), 'one.pdf');
	writeFileSync(one, Object.values(zip)[0]!);
	expect(pdfText(one)).toContain('PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM 2026');
});

test('a civil servant sees their own criteria on My learning and downloads their evidence sheet', async ({ page }) => {
	await signIn(page, await createAccount({ role: 'civil_servant', agency: 'SKHCN-VP', staffGroup: 'cong_chuc', residence: '07900' }));
	await page.goto('/me');
	const section = page.getByRole('region', { name: 'Tiêu chí kỹ năng số của tôi' });
	await expect(section.getByRole('heading', { name: STAFF })).toBeVisible();
	await expect(section).toContainText('Chưa bắt đầu');
	// Counted as staff only: the residents' criterion is not theirs.
	await expect(section.getByRole('heading', { name: RESIDENTS })).toHaveCount(0);
	await expectAccessible(page);
	const sheet = await saved(page, () => section.getByRole('link', { name: 'Tải phiếu minh chứng năm 2026 (PDF)' }).click());
	expect(pdfText(sheet.file)).toContain('Chưa bắt đầu');
});

test('the reports work without JavaScript: filters, sorting and drilling down are links and GET forms', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, await createAccount({ role: 'unit_manager' }));
	await page.goto('/reports');
	await chooseCriterion(page, RESIDENTS);
	await page.getByRole('table', { name: 'Các xã, phường, đặc khu' }).getByRole('link', { name: 'Sắp xếp theo Thuộc diện' }).click();
	await expect(page).toHaveURL(/sort=inScope/);
	await page.getByRole('table', { name: 'Các xã, phường, đặc khu' }).getByRole('link', { name: 'Xã Hy Cương' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Xã Hy Cương' })).toBeVisible();
	await expect(page.locator('svg[role="img"]')).toHaveCount(1);
	await context.close();
});
