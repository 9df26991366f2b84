import { type Download, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';

/** The test-only criterion (tests/fixtures/content/criteria) whose target counts against entered numbers. */
const CRITERION = '2026-thu-so-nguoi-nhap';
const HEADER = 'Mã đơn vị,Tên đơn vị,Số người';

const screenshot = (page: Page, name: string) =>
	page.screenshot({ path: `tests/screenshots/${test.info().project.name}-admin-${name}.png`, fullPage: true });

interface TemplateRow {
	code: string;
	name: string;
	people: string;
}

/** The template's rows; a name holding a comma comes back split, and ownRows leaves it out. */
async function templateRows(download: Download): Promise<TemplateRow[]> {
	const text = await readFile(await download.path(), 'utf8');
	expect(text.startsWith('\uFEFF'), 'the template starts with a byte order mark').toBe(true);
	const [header, ...lines] = text.slice(1).trimEnd().split('\r\n');
	expect(header).toBe(HEADER);
	return lines.map((line) => {
		const [code = '', name = '', people = ''] = line.split(',');
		return { code, name, people };
	});
}

/**
 * Both projects (desktop, phone) run against one database at once: each test sets numbers for
 * communes of its own, picked from the template by the project and the test.
 */
function ownRows(rows: TemplateRow[], index: number): TemplateRow[] {
	const start = (test.info().project.name === 'desktop' ? 0 : 20) + index * 5;
	return rows.filter((row) => !row.name.includes('"')).slice(start, start + 2);
}

const numberOf = (code: string) =>
	(
		e2eDatabase()
			.prepare(
				`SELECT d.people FROM criterion_denominators d JOIN communes c ON c.id = d.commune_id
				 WHERE d.criterion_id = ? AND c.code = ?`
			)
			.get(CRITERION, code) as { people: number } | undefined
	)?.people;

const csv = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...lines].join('\n')}\n`, 'utf8') });

async function upload(page: Page, file: ReturnType<typeof csv>) {
	await page.getByLabel('Tệp CSV hoặc Excel (.xlsx)').setInputFiles(file);
	await page.getByRole('button', { name: 'Kiểm tra và lưu' }).click();
}

test('a province admin downloads the template, sees the problems of a bad file, fixes it and imports it', async ({ page }) => {
	const admin = await createAccount({ role: 'province_admin', fullName: `Quản Trị Chỉ Tiêu ${randomBytes(2).toString('hex')}` });
	await signIn(page, admin);
	await page.goto('/admin/accounts');
	await page.getByRole('link', { name: 'Số người tính chỉ tiêu' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Số người tính chỉ tiêu');

	// The shipped examples count registered people; the test criterion is the one to enter numbers for.
	const criteria = page.getByRole('region', { name: 'Các tiêu chí và mẫu số của chỉ tiêu' });
	await expect(criteria.getByRole('row', { name: /Người dân từ 15 tuổi trở lên/ })).toContainText('Số người đã đăng ký trên nền tảng');
	await expect(criteria.getByRole('row', { name: /Tiêu chí thử: người dân đạt bài kiểm tra thử/ })).toContainText('Số người do tỉnh nhập');
	await expect(page.getByLabel('Tiêu chí dùng số người do tỉnh nhập')).toHaveValue(CRITERION);
	await expect(page.getByText('Tệp CSV có sẵn 148 đơn vị của tỉnh')).toBeVisible();

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).click()]);
	expect(download.suggestedFilename()).toBe(`so-nguoi-${CRITERION}.csv`);
	const rows = await templateRows(download);
	expect(rows).toHaveLength(148);
	expect(rows).toContainEqual({ code: '08515', name: 'Xã Hy Cương', people: expect.any(String) });
	const [first, second] = ownRows(rows, 0);
	if (!first || !second) throw new Error('the template has too few communes');
	const { code: codeA, name: nameA } = first;
	const { code: codeB, name: nameB } = second;

	// A decimal, a code whose leading zero a spreadsheet dropped, and a commune twice.
	await upload(page, csv('so-nguoi-loi.csv', [`${codeA},${nameA},1.5`, `${codeB.replace(/^0+/, '')},${nameB},980`, `${codeA},${nameA},1250`]));
	await expect(page.getByRole('alert')).toHaveText('Chưa lưu số nào: tệp «so-nguoi-loi.csv» có lỗi ở các dòng dưới đây. Hãy sửa rồi tải lên lại.');
	const problems = page.getByRole('region', { name: 'Lỗi trong tệp (3)' });
	await expect(problems.getByRole('row')).toHaveText([
		/Dòng\s*Cột\s*Lỗi/,
		/^2\s*Số người\s*Số người «1\.5» không hợp lệ/,
		new RegExp(`^3\\s*Mã đơn vị\\s*Mã «${codeB.replace(/^0+/, '')}» phải gồm đúng 5 chữ số`),
		new RegExp(`^4\\s*Mã đơn vị\\s*Mã «${codeA}» bị trùng: đã có ở dòng 2\\.`)
	]);
	await expectAccessible(page, 'the problems of a bad file');
	await screenshot(page, 'targets-problems');
	expect(numberOf(codeA)).toBeUndefined();
	expect(numberOf(codeB)).toBeUndefined();

	await upload(page, csv('so-nguoi.csv', [`${codeA},${nameA},1.250`, `${codeB},${nameB},980`]));
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu tệp' })).toHaveText(
		'Đã lưu tệp «so-nguoi.csv»: 2 đơn vị có số mới, 0 đơn vị đổi số, 0 đơn vị giữ nguyên.'
	);
	await expect(page.getByRole('region', { name: /Lỗi trong tệp/ })).toHaveCount(0);
	const current = page.getByRole('region', { name: 'Số người hiện tại' });
	const rowA = current.getByRole('row', { name: new RegExp(codeA) });
	await expect(rowA).toContainText(nameA);
	await expect(rowA).toContainText('1.250');
	await expect(rowA).toContainText(admin.fullName);
	await expect(current.getByRole('row', { name: new RegExp(codeB) })).toContainText('980');
	expect(numberOf(codeA)).toBe(1250);
	expect(numberOf(codeB)).toBe(980);
	const audit = e2eDatabase().prepare("SELECT details FROM audit_log WHERE action = 'denominators.import' AND actor_id = ?").all(admin.id) as { details: string }[];
	expect(audit.map((entry) => JSON.parse(entry.details))).toEqual([
		{ criterion: CRITERION, file: 'so-nguoi.csv', created: 2, updated: 0, unchanged: 0, skipped: 0 }
	]);
	await expectAccessible(page, 'the result of an import');
	await screenshot(page, 'targets');

	// The template now carries the numbers just imported.
	const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).click()]);
	expect(await templateRows(again)).toContainEqual({ code: codeA, name: nameA, people: '1250' });
});

test('the upload works with JavaScript turned off', async ({ browser }) => {
	const admin = await createAccount({ role: 'province_admin' });
	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': `10.251.${randomBytes(1)[0]}.${randomBytes(1)[0]}` } });
	const page = await context.newPage();
	await signIn(page, admin);
	await page.goto(`/admin/targets?criterion=${CRITERION}`);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).click()]);
	const [row] = ownRows(await templateRows(download), 1);
	if (!row) throw new Error('the template has too few communes');
	const { code, name } = row;

	await upload(page, csv('khong-js.csv', [`${code},${name},321`]));
	await expect(page.getByText('Đã lưu tệp «khong-js.csv»: 1 đơn vị có số mới')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Số người hiện tại' }).getByRole('row', { name: new RegExp(code) })).toContainText('321');
	await upload(page, csv('khong-js.csv', [`${code},${name},-1`]));
	await expect(page.getByText('Số người «-1» không hợp lệ')).toBeVisible();
	expect(numberOf(code)).toBe(321);
	await context.close();
});

test('a unit manager cannot open the page or the template', async ({ page }) => {
	await signIn(page, await createAccount({ role: 'unit_manager', commune: '08515' }));
	for (const path of ['/admin/targets', `/admin/targets/template?criterion=${CRITERION}`]) {
		const response = await page.request.get(path, { maxRedirects: 0 });
		expect([403, 303], path).toContain(response.status());
	}
	const response = await page.goto('/admin/targets');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Tải tệp mẫu' })).toHaveCount(0);
});
