import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createAccount, e2eDatabase, expect, expectAccessible, fillSignIn, signIn, test } from '../support';

const CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const HOW = 'Mở trang đăng nhập (quét mã QR), gõ mã kích hoạt vào ô Mật khẩu, rồi chọn mật khẩu mới.';
const BANNER = 'Máy dùng chung ở điểm học — nhớ đăng xuất khi học xong';

/** Given names that no other test uses, so a run's residents never meet an earlier run's as duplicates. */
function uniqueName(family: string): string {
	const syllables = ['Lan', 'Huệ', 'Cúc', 'Mai', 'Đào', 'Sen', 'Quế', 'Trúc', 'Nhài', 'Thảo'];
	return `${family} ${Array.from({ length: 3 }, () => syllables[randomInt(syllables.length)]).join(' ')} ${randomInt(1000, 9999)}`;
}

/** A PDF of the page as printed: its page count and size, text, and what its first QR code says. */
/** Millimetres, rounded: Chromium rounds a page's size to whole CSS pixels. */
const pointsToMm = (points: number | undefined) => Math.round(((points ?? 0) * 25.4) / 72);

async function printed(page: Page): Promise<{ pages: number; mm: number[]; text: string; qr: string | null }> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'centre-card-'));
	try {
		const file = path.join(dir, 'p.pdf');
		writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
		execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
		const image = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
		const qr = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
		const [width, height] = (/Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? []).slice(1).map(Number);
		return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), mm: [pointsToMm(width), pointsToMm(height)], text, qr: qr?.data ?? null };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `tests/screenshots/${test.info().project.name}-${name}.png`, fullPage: true });
}

async function fillRegistration(page: Page, person: { fullName: string; phone?: string; birthYear: string; hamlet: string }) {
	await page.getByLabel('Họ và tên').fill(person.fullName);
	await page.getByLabel('Số điện thoại (nếu có)').fill(person.phone ?? '');
	await page.getByLabel('Năm sinh').fill(person.birthYear);
	await page.getByLabel('Thôn, tổ dân phố').fill(person.hamlet);
}

test.describe('a learning centre', () => {
	test('a facilitator registers a resident and prints their card; the resident activates it on the centre computer, chooses a password, and is signed out when idle', async ({
		page,
		baseURL
	}) => {
		test.setTimeout(150_000);
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const fullName = uniqueName('Hoàng Thị');
		const phone = `09${randomInt(10_000_000, 99_999_999)}`;
		await signIn(page, facilitator);
		await page.getByRole('link', { name: /^Điểm học cộng đồng/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Điểm học cộng đồng');
		await expect(page.getByRole('link', { name: 'Lớp học' })).toHaveAttribute('href', '/centre/sessions');

		// Registration: the commune is the facilitator's own, chosen for them.
		await page.getByRole('link', { name: 'Đăng ký người học' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký người học');
		const commune = page.getByLabel('Xã, phường');
		await expect(commune.locator('option')).toHaveText(['Xã Hy Cương']);
		await expect(page.getByText('Lưu trong thời gian bạn còn dùng tài khoản. Bạn có thể yêu cầu xóa bất cứ lúc nào.')).toBeVisible();
		await expectAccessible(page);
		await shot(page, 'centre-register');
		await fillRegistration(page, { fullName, phone, birthYear: '1961', hamlet: 'Thôn Đồng Lạc' });
		await page.getByLabel('Người dân đã nghe và đồng ý').check();
		await page.getByRole('button', { name: 'Tạo tài khoản và in thẻ' }).click();

		// The answer is the card itself.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Đã tạo tài khoản cho ${fullName}`);
		const card = page.getByTestId('sign-in-card');
		await expect(card).toContainText(fullName);
		await expect(card).toContainText('Thôn Đồng Lạc, Xã Hy Cương');
		await expect(card).toContainText(HOW);
		await expect(card).toContainText(/Đến hết ngày \d\d\/\d\d\/\d{4}/);
		const username = await card.getByTestId('card-username').innerText();
		const firstCode = await card.getByTestId('activation-code').innerText();
		expect(firstCode).toMatch(CODE);
		const person = e2eDatabase().prepare('SELECT id, must_change_password AS must FROM people WHERE username = ?').get(username) as { id: number; must: number };
		const consent = e2eDatabase().prepare('SELECT purpose, recorded_by_id AS recordedBy FROM consent_records WHERE person_id = ?').all(person.id);
		expect(consent).toEqual([{ purpose: 'learning-account', recordedBy: facilitator.id }]);
		await expectAccessible(page);
		await shot(page, 'centre-card');

		// Printed: only the card, on one A6 sheet, with the code, the words and a QR code that opens the sign-in page.
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-header')).toBeHidden();
		await expect(page.locator('.site-footer')).toBeHidden();
		await expect(page.getByRole('heading', { level: 1 })).toBeHidden();
		await expect(card).toBeVisible();
		await shot(page, 'centre-card-print');
		const paper = await printed(page);
		expect(paper.pages).toBe(1);
		expect(paper.mm).toEqual([105, 148]);
		expect(paper.text).toContain(firstCode);
		expect(paper.text.replace(/\s+/g, ' ')).toContain(HOW);
		expect(paper.qr).toBe(`${baseURL}/sign-in?username=${username}`);
		await page.emulateMedia({ media: 'screen' });

		// A second try for the same person, typed without accents: the existing account is shown.
		await page.goto('/centre/register');
		const unaccented = fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
		await fillRegistration(page, { fullName: unaccented, birthYear: '1961', hamlet: 'Thôn Đồng Lạc' });
		await page.getByLabel('Người dân đã nghe và đồng ý').check();
		await page.getByRole('button', { name: 'Tạo tài khoản và in thẻ' }).click();
		const warning = page.getByRole('region', { name: 'Có thể người này đã có tài khoản' });
		await expect(warning).toBeVisible();
		await expect(warning.getByTestId('duplicates')).toContainText(fullName);
		await expect(page.getByLabel('Người dân đã nghe và đồng ý')).toBeChecked();
		await expectAccessible(page);
		await shot(page, 'centre-duplicate');
		expect((e2eDatabase().prepare('SELECT count(*) AS n FROM people WHERE search_name = lower(?)').get(unaccented) as { n: number }).n).toBe(1);

		// Their card page gives a new code; the first one stops working.
		await warning.getByRole('link', { name: /^Mở thẻ đăng nhập của tài khoản này/ }).click();
		await expect(page).toHaveURL(new RegExp(`/centre/people/${person.id}/card$`));
		await expect(page.getByText('Chưa đăng nhập lần nào')).toBeVisible();
		await page.getByRole('button', { name: 'Cấp mã mới' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Thẻ đăng nhập mới của ${fullName}`);
		const code = await page.getByTestId('activation-code').innerText();
		expect(code).toMatch(CODE);
		expect(code).not.toBe(firstCode);

		// This browser becomes the centre's shared computer.
		await page.goto('/centre/device');
		await page.getByRole('button', { name: 'Bật chế độ máy dùng chung' }).click();
		await expect(page.getByTestId('device-state')).toHaveText('Máy này đang là máy dùng chung của điểm học.');
		await expect(page.getByText(BANNER)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(1);
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByText(BANNER)).toBeVisible();

		// The resident scans the card: the sign-in page with their username, and a code where the password goes.
		await page.goto(`/sign-in?username=${username}`);
		await expect(page.getByLabel('Tên đăng nhập hoặc số điện thoại')).toHaveValue(username);
		await expect(page.getByRole('checkbox')).toHaveCount(0);
		await expect(page.getByRole('note')).toContainText('máy dùng chung ở điểm học');
		await fillSignIn(page, username, firstCode);
		await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.');
		await fillSignIn(page, username, code.toLowerCase());
		await expect(page).toHaveURL(/\/account\/password$/);
		await expect(page.getByLabel('Mật khẩu đang dùng')).toHaveCount(0);
		const cookie = (await page.context().cookies()).find((c) => c.name === 'session');
		expect(cookie?.expires).toBe(-1);
		const newPassword = 'hoa ban no tren doi';
		await page.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
		await page.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
		await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
		await expect(page).toHaveURL(/\/account\?changed=1$/);
		expect((e2eDatabase().prepare('SELECT must_change_password AS must FROM people WHERE id = ?').get(person.id) as { must: number }).must).toBe(0);
		const sessions = e2eDatabase().prepare('SELECT shared_device AS shared FROM sessions WHERE person_id = ?').all(person.id);
		expect(sessions).toEqual([{ shared: 1 }]);
		await expect(page.getByText(BANNER)).toBeVisible();
		await shot(page, 'centre-device-signed-in');

		// The code has died with its use.
		const used = e2eDatabase().prepare("SELECT count(*) AS n FROM one_time_codes WHERE person_id = ? AND purpose = 'activation' AND used_at IS NULL").get(person.id) as { n: number };
		expect(used.n).toBe(0);

		// Fifteen idle minutes later the computer is signed out.
		e2eDatabase().prepare('UPDATE sessions SET last_seen_at = ? WHERE person_id = ?').run(Date.now() - 16 * 60_000, person.id);
		await page.goto('/me');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fme$/);
		await fillSignIn(page, username, newPassword);
		await expect(page).toHaveURL(/\/me$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Xin chào, ${fullName}`);
	});

	test("a facilitator of another commune gets 404 for a resident's card and cannot register into that commune by a forged form", async ({ page }) => {
		test.setTimeout(90_000);
		const resident = await createAccount({ role: 'learner', commune: '08515', fullName: uniqueName('Khúc Thị') });
		const facilitatorB = await createAccount({ role: 'facilitator', commune: '07900' });
		await signIn(page, facilitatorB);

		const response = await page.goto(`/centre/people/${resident.id}/card`);
		expect(response?.status()).toBe(404);
		expect(await page.content()).not.toContain(resident.fullName);
		const origin = new URL(page.url()).origin;
		const reissue = await page.request.post(`/centre/people/${resident.id}/card?/reissue`, { form: {}, headers: { origin }, maxRedirects: 0 });
		expect(reissue.status()).toBe(404);
		const batch = await page.request.post('/centre/cards?/print', { form: { person: String(resident.id) }, headers: { origin }, maxRedirects: 0 });
		expect(batch.status()).toBe(404);
		expect(await batch.text()).not.toContain(resident.fullName);
		const live = e2eDatabase().prepare("SELECT count(*) AS n FROM one_time_codes WHERE person_id = ? AND purpose = 'activation'").get(resident.id) as { n: number };
		expect(live.n).toBe(0);

		// The form offers only Việt Trì; a form sent by hand with Hy Cương is refused and creates nobody.
		await page.goto('/centre/register');
		await expect(page.getByLabel('Xã, phường').locator('option')).toHaveText(['Phường Việt Trì']);
		const hyCuong = (e2eDatabase().prepare("SELECT id FROM communes WHERE code = '08515'").get() as { id: number }).id;
		const forgedName = uniqueName('Giả Văn');
		const forged = await page.request.post('/centre/register', {
			form: { fullName: forgedName, birthYear: '1970', commune: String(hyCuong), hamlet: 'Thôn 1', consent: 'on', createAnyway: 'on' },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(forged.status()).toBe(403);
		expect(e2eDatabase().prepare('SELECT id FROM people WHERE full_name = ?').get(forgedName)).toBeUndefined();

		// The resident list on the hub stays Việt Trì's, whatever the URL asks for.
		await page.goto(`/centre?commune=${hyCuong}`);
		await expect(page.getByRole('heading', { level: 2, name: 'Người dân Phường Việt Trì' })).toBeVisible();
		expect(await page.content()).not.toContain(resident.fullName);
	});

	test('a facilitator ticks residents on the hub and prints their cards eight to an A4 sheet', async ({ page }) => {
		test.setTimeout(90_000);
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const family = `Vi ${randomInt(100_000, 999_999)}`;
		const residents = await Promise.all([1, 2, 3].map((n) => createAccount({ role: 'learner', commune: '08515', fullName: `${family} Thị Số ${n}` })));
		await signIn(page, facilitator);
		await page.goto('/centre');
		await page.getByLabel('Tìm theo họ tên, tên đăng nhập hoặc số điện thoại').fill(family);
		await page.getByRole('button', { name: 'Xem', exact: true }).click();
		for (const resident of residents) await page.getByLabel(resident.fullName).check();
		await expectAccessible(page);
		await shot(page, 'centre-hub');
		await page.getByRole('button', { name: 'In thẻ cho những người đã chọn' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('3 thẻ đăng nhập đã sẵn sàng');
		await expect(page.getByTestId('sign-in-card')).toHaveCount(3);
		for (const resident of residents) await expect(page.getByRole('article', { name: `Thẻ đăng nhập của ${resident.fullName}` })).toContainText(resident.username);
		await expectAccessible(page);

		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-header')).toBeHidden();
		await shot(page, 'centre-cards-print');
		const paper = await printed(page);
		expect(paper.pages).toBe(1);
		expect(paper.mm).toEqual([210, 297]);
		for (const resident of residents) expect(paper.text).toContain(resident.username);
		const issued = e2eDatabase()
			.prepare(`SELECT count(*) AS n FROM one_time_codes WHERE purpose = 'activation' AND used_at IS NULL AND person_id IN (${residents.map(() => '?').join(',')})`)
			.get(...residents.map((r) => r.id)) as { n: number };
		expect(issued.n).toBe(3);
	});
});
