import { type Download, type Page } from '@playwright/test';
import { randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';

const HEADER = 'Họ và tên,Số điện thoại,Email,Mã cơ quan,Chức vụ,Nhóm';

const screenshot = (page: Page, name: string) =>
	page.screenshot({ path: `tests/screenshots/${test.info().project.name}-manager-${name}.png`, fullPage: true });

/** A mobile number nobody else in the shared test database has: both projects run at once. */
const freshPhone = () => `09${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
const stored = (phone: string) => `+84${phone.slice(1)}`;

const csv = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8') });

async function upload(page: Page, file: ReturnType<typeof csv>) {
	await page.getByLabel('Tệp CSV hoặc Excel (.xlsx)').setInputFiles(file);
	await page.getByRole('button', { name: 'Kiểm tra và nhập' }).click();
}

const personWith = (column: 'phone' | 'email', value: string) =>
	e2eDatabase().prepare(`SELECT id, full_name, agency_id, position, staff_group FROM people WHERE ${column} = ?`).get(value) as
		| { id: number; full_name: string; agency_id: number; position: string | null; staff_group: string }
		| undefined;

async function templateText(download: Download): Promise<string> {
	return readFile(await download.path(), 'utf8');
}

test('an agency manager downloads the template, sees the problems of a bad roster, fixes it, imports it and prints the codes', async ({ page }) => {
	// A long journey: two sign-in steps, four uploads and two accessibility scans.
	test.setTimeout(120_000);
	const manager = await createAccount({ role: 'unit_manager', agency: 'SKHCN', fullName: `Quản Lý Nhập ${randomBytes(2).toString('hex')}` });
	const [phoneA, phoneC] = [freshPhone(), freshPhone()];
	const emailB = `b.${randomBytes(4).toString('hex')}@phutho.gov.vn`;
	const existing = await createAccount({ role: 'civil_servant', agency: 'SKHCN-VP', phone: stored(phoneC), staffGroup: 'cong_chuc', fullName: 'Đinh Văn Có Sẵn' });
	await signIn(page, manager);
	await page.goto('/me');
	await page.getByRole('link', { name: 'Nhập danh sách cán bộ, công chức' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập danh sách cán bộ, công chức');

	const agencies = page.getByRole('region', { name: 'Cơ quan bạn được nhập' });
	await expect(agencies.getByRole('row')).toHaveText([/Mã cơ quan\s*Tên cơ quan/, /SKHCN\s*Sở Khoa học và Công nghệ/, /SKHCN-VP\s*Văn phòng Sở/]);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).click()]);
	expect(download.suggestedFilename()).toBe('danh-sach-can-bo.csv');
	expect(await templateText(download)).toBe(`\uFEFF${HEADER}\r\n`);

	// The same phone twice, an agency of another department, an agency that does not exist.
	await upload(
		page,
		csv('can-bo-loi.csv', [
			`Nguyễn Thị Ánh,${phoneA},,SKHCN,Chuyên viên,công chức`,
			`Trần Văn Bảo,${phoneA},,SKHCN-VP,Chuyên viên,công chức`,
			`Lê Thị Cúc,,${emailB},SGDDT,Giáo viên,viên chức`,
			`Phạm Văn Dũng,${freshPhone()},,KHONG-CO,Chuyên viên,cán bộ`
		])
	);
	await expect(page.getByRole('alert')).toHaveText('Chưa nhập người nào: tệp «can-bo-loi.csv» có lỗi ở các dòng dưới đây. Hãy sửa rồi tải lên lại.');
	const problems = page.getByRole('region', { name: 'Lỗi trong tệp (3)' });
	await expect(problems.getByRole('row')).toHaveText([
		/Dòng\s*Cột\s*Lỗi/,
		new RegExp(`^3\\s*Số điện thoại\\s*«${phoneA}» bị trùng: đã có ở dòng 2`),
		/^4\s*Mã cơ quan\s*Cơ quan Sở Giáo dục và Đào tạo \(mã «SGDDT»\) không thuộc phạm vi bạn quản lý/,
		/^5\s*Mã cơ quan\s*Tỉnh chưa có cơ quan, đơn vị nào mã «KHONG-CO»/
	]);
	await expectAccessible(page, 'the problems of a bad roster');
	await screenshot(page, 'roster-problems');
	expect(personWith('phone', stored(phoneA))).toBeUndefined();
	expect(personWith('email', emailB)).toBeUndefined();

	const fixed = csv('can-bo.csv', [
		`Nguyễn Thị Ánh,${phoneA},,SKHCN,Chuyên viên,công chức`,
		`Lê Thị Cúc,,${emailB},SKHCN-VP,Kế toán,viên chức`,
		`Đinh Văn Có Sẵn,${phoneC},,SKHCN-VP,Chánh Văn phòng,công chức`
	]);
	// While the server works, the button says so and cannot be pressed twice.
	await page.route(
		(url) => url.search.includes('/upload'),
		async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 700));
			await route.continue();
		}
	);
	await upload(page, fixed);
	await expect(page.getByRole('button', { name: 'Đang kiểm tra và nhập…' })).toBeDisabled();
	await expect(page.getByRole('status').filter({ hasText: 'Đã nhập tệp' })).toHaveText(
		'Đã nhập tệp «can-bo.csv»: 2 tài khoản mới, 1 tài khoản được cập nhật, 0 tài khoản giữ nguyên.'
	);
	await page.unroute((url) => url.search.includes('/upload'));
	await expect(page.getByRole('region', { name: /Lỗi trong tệp/ })).toHaveCount(0);

	// The section and the table inside it share the name; the table's region is the inner one.
	const codes = page.getByRole('region', { name: 'Mã kích hoạt của tài khoản mới' }).last();
	await expect(codes.getByRole('row')).toHaveCount(3);
	await expect(codes.getByRole('row', { name: /Nguyễn Thị Ánh/ })).toHaveText(/Nguyễn Thị Ánh\s*nguyenthianh\d*\s*[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\s*Sở Khoa học và Công nghệ/);
	await expect(codes.getByRole('row', { name: /Lê Thị Cúc/ })).toContainText('Văn phòng Sở Khoa học và Công nghệ');
	await expect(codes).not.toContainText('Đinh Văn Có Sẵn');
	expect(personWith('phone', stored(phoneA))).toMatchObject({ full_name: 'Nguyễn Thị Ánh', staff_group: 'cong_chuc' });
	expect(personWith('email', emailB)).toMatchObject({ full_name: 'Lê Thị Cúc', staff_group: 'vien_chuc', position: 'Kế toán' });
	expect(personWith('phone', stored(phoneC))).toMatchObject({ id: existing.id, position: 'Chánh Văn phòng' });
	await expectAccessible(page, 'the codes of the new accounts');
	await screenshot(page, 'roster-codes');

	// Printed, the page is the table of codes alone.
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Tải danh sách lên' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'In danh sách mã' })).toBeHidden();
	await expect(codes).toBeVisible();
	await screenshot(page, 'roster-print');
	await page.emulateMedia({ media: 'screen' });

	await upload(page, fixed);
	await expect(page.getByRole('status').filter({ hasText: 'Đã nhập tệp' })).toHaveText(
		'Đã nhập tệp «can-bo.csv»: 0 tài khoản mới, 0 tài khoản được cập nhật, 3 tài khoản giữ nguyên.'
	);
	await expect(page.getByRole('region', { name: 'Mã kích hoạt của tài khoản mới' })).toHaveCount(0);
	const audit = e2eDatabase().prepare("SELECT details FROM audit_log WHERE action = 'roster.import' AND actor_id = ? ORDER BY id").all(manager.id) as { details: string }[];
	expect(audit.map((entry) => JSON.parse(entry.details))).toEqual([
		{ file: 'can-bo.csv', created: 2, updated: 1, unchanged: 0 },
		{ file: 'can-bo.csv', created: 0, updated: 0, unchanged: 3 }
	]);
});

test('the upload works with JavaScript turned off', async ({ browser }) => {
	const manager = await createAccount({ role: 'unit_manager', agency: 'SKHCN' });
	const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': `10.252.${randomBytes(1)[0]}.${randomBytes(1)[0]}` } });
	const page = await context.newPage();
	await signIn(page, manager);
	await page.goto('/roster');
	const phone = freshPhone();

	await upload(page, csv('khong-js.csv', [`Vũ Văn Phong,${phone},,SKHCN-VP,Chuyên viên,cong_chuc`, `Vũ Thị Quỳnh,${phone},,SKHCN,Chuyên viên,công chức`]));
	await expect(page.getByText('Chưa nhập người nào')).toBeVisible();
	await expect(page.getByText(`«${phone}» bị trùng: đã có ở dòng 2`)).toBeVisible();
	await upload(page, csv('khong-js.csv', [`Vũ Văn Phong,${phone},,SKHCN-VP,Chuyên viên,cong_chuc`]));
	await expect(page.getByText('Đã nhập tệp «khong-js.csv»: 1 tài khoản mới')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Mã kích hoạt của tài khoản mới' }).getByRole('row', { name: /Vũ Văn Phong/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'In danh sách mã' })).toHaveCount(0);
	expect(personWith('phone', stored(phone))).toMatchObject({ full_name: 'Vũ Văn Phong', staff_group: 'cong_chuc' });
	await context.close();
});

test('a commune’s manager and the read-only province manager cannot import a roster', async ({ browser }) => {
	for (const account of [await createAccount({ role: 'unit_manager', commune: '08515' }), await createAccount({ role: 'unit_manager' })]) {
		const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.253.${randomBytes(1)[0]}.${randomBytes(1)[0]}` } });
		const page = await context.newPage();
		await signIn(page, account);
		expect((await page.goto('/roster'))?.status()).toBe(403);
		expect((await page.request.get('/roster/template', { maxRedirects: 0 })).status()).toBe(403);
		await context.close();
	}
});
