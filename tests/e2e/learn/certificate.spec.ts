import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';
import { answerQuiz, finalQuiz } from './quiz-helpers';

const STRICT = { id: 'khoa-thu-kiem-tra', title: 'Khóa thử bài kiểm tra' };

/** The PDF's text (pdftotext) and what its QR code says (rendered with pdftoppm, read with jsQR). */
function readPdf(bytes: Buffer): { text: string; qr: string | null; png: Buffer } {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'certificate-'));
	try {
		writeFileSync(path.join(dir, 'c.pdf'), bytes);
		const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
		execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'page')]);
		const png = readFileSync(path.join(dir, 'page.png'));
		const image = PNG.sync.read(png);
		const qr = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
		return { text, qr: qr?.data ?? null, png };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

test('a learner completes a course, downloads a Vietnamese certificate whose QR opens its public check', async ({ page, browser, baseURL }, testInfo) => {
	const learner = await createAccount({ role: 'learner', commune: '08515', fullName: 'Nguyễn Thị Ánh Tuyết' });
	e2eDatabase().prepare('UPDATE people SET birth_year = 1968 WHERE id = ?').run(learner.id);
	await signIn(page, learner);
	await page.goto(`/courses/${STRICT.id}/quiz`);
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await answerQuiz(page, finalQuiz(STRICT.id), 'right');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	const download = page.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' });
	await expect(download).toBeVisible();

	const response = await page.request.get((await download.getAttribute('href'))!);
	expect(response.headers()['content-type']).toBe('application/pdf');
	const pdf = readPdf(await response.body());
	writeFileSync(`tests/screenshots/${testInfo.project.name}-certificate.png`, pdf.png);
	const code = (e2eDatabase().prepare('SELECT code FROM certificates WHERE person_id = ?').get(learner.id) as { code: string }).code;
	expect(pdf.text).toContain('Nguyễn Thị Ánh Tuyết');
	expect(pdf.text).toContain(STRICT.title);
	expect(pdf.text).toContain(`${code.slice(0, 5)}-${code.slice(5)}`);
	expect(pdf.qr).toBe(`${baseURL}/verify/${code}`);

	// "My learning" keeps the link and the code.
	await page.goto('/me');
	await expect(page.getByRole('region', { name: 'Đã hoàn thành' })).toContainText(`Mã giấy chứng nhận: ${code.slice(0, 5)}-${code.slice(5)}`);

	// A guest types the code as people do: lower case, with a space.
	const guest = await (await browser.newContext({ baseURL })).newPage();
	await guest.goto('/verify');
	await guest.getByLabel('Mã giấy chứng nhận').fill(`${code.slice(0, 5).toLowerCase()} ${code.slice(5).toLowerCase()}`);
	await guest.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(guest).toHaveURL(new RegExp(`/verify/${code}$`));
	await expect(guest.getByRole('status')).toContainText('Giấy chứng nhận còn giá trị.');
	await expect(guest.getByText('Nguyễn T. Á. T.')).toBeVisible();
	await expect(guest.getByText('Nguyễn Thị Ánh Tuyết')).toHaveCount(0);
	await expectAccessible(guest);
	await guest.getByLabel('Năm sinh hoặc 4 số cuối điện thoại').fill('1969');
	await guest.getByRole('button', { name: 'Xem họ tên' }).click();
	await expect(guest.getByRole('alert')).toHaveText('Thông tin không khớp với người được cấp.');
	await guest.getByLabel('Năm sinh hoặc 4 số cuối điện thoại').fill('1968');
	await guest.getByRole('button', { name: 'Xem họ tên' }).click();
	await expect(guest.getByText('Nguyễn Thị Ánh Tuyết')).toBeVisible();
	await guest.screenshot({ path: `tests/screenshots/${testInfo.project.name}-verify.png`, fullPage: true });

	// Someone else cannot download it.
	const other = await (await browser.newContext({ baseURL })).newPage();
	await signIn(other, await createAccount({ role: 'learner', commune: '08515' }));
	expect((await other.request.get(`/certificates/${code}`)).status()).toBe(404);

	// A province admin revokes it with a reason; the public check says so at once.
	const admin = await (await browser.newContext({ baseURL })).newPage();
	await signIn(admin, await createAccount({ role: 'province_admin' }));
	await admin.goto('/admin/certificates');
	await admin.getByLabel('Mã giấy chứng nhận').fill(code.toLowerCase());
	await admin.getByRole('button', { name: 'Tìm theo mã' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`Giấy chứng nhận ${code.slice(0, 5)}-${code.slice(5)}`);
	// Spaces get past the browser's "required"; the server still wants words.
	await admin.getByLabel('Lý do').fill('   ');
	await admin.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
	await expect(admin.getByRole('alert')).toHaveText('Hãy ghi lý do.');
	await admin.getByLabel('Lý do').fill('Cấp nhầm người');
	await admin.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
	await expect(admin.getByRole('status')).toHaveText('Đã thu hồi giấy chứng nhận.');
	await expectAccessible(admin);
	await guest.reload();
	await expect(guest.getByRole('status')).toContainText('Giấy chứng nhận đã bị thu hồi ngày');
	await expect(guest.getByRole('status')).toContainText('Lý do: Cấp nhầm người');
	const audit = e2eDatabase().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.revoke' AND target_id = ?").get(code);
	expect(audit).toEqual({ n: 1 });
	expect(readPdf(await (await page.request.get(`/certificates/${code}`)).body()).text).toContain('ĐÃ THU HỒI');
});

test('unknown and malformed codes answer 404 with the form to try again', async ({ page }) => {
	for (const path of ['/verify/0000000000', '/verify/not-a-code', '/verify?code=%27%20OR%201%3D1', '/verify/' + 'x'.repeat(500)]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(page.getByRole('alert')).toHaveText('Không tìm thấy giấy chứng nhận với mã này.');
		await expect(page.getByLabel('Mã giấy chứng nhận')).toBeVisible();
	}
	await page.goto('/en/verify/0000000000');
	await expect(page.getByRole('alert')).toHaveText('No certificate has this code.');
});
