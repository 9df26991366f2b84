import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import { buildCatalog } from '../../../src/lib/server/content/catalog';
import { readContentFiles } from '../../../src/lib/server/content/files';
import { vietnamDayOf } from '../../../src/lib/vietnam-day';
import { createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';
import { screenshot } from '../staff/helpers';

const COURSE = 'dich-vu-cong-truc-tuyen';
const COURSE_TITLE = 'Dịch vụ công trực tuyến và VNeID';
const lessonIds = () => buildCatalog(readContentFiles('content')).byId.get(COURSE)!.lessons.map((lesson) => lesson.id);

/** A mobile number nobody else in the test database has: +849 and 8 random digits. */
const freshPhone = () => `+849${String(randomInt(10_000_000, 100_000_000))}`;
const spoken = (stored: string) => `0${stored.slice(3, 6)} ${stored.slice(6, 9)} ${stored.slice(9)}`;

function markLessonsDone(personId: number, lessons: string[]) {
	const insert = e2eDatabase().prepare('INSERT INTO lesson_progress (person_id, course_id, lesson_id, first_seen_at, completed_at) VALUES (?, ?, ?, ?, ?)');
	for (const lesson of lessons) insert.run(personId, COURSE, lesson, Date.now(), Date.now());
}

const attendanceRows = (classId: number) => e2eDatabase().prepare('SELECT person_id AS personId FROM class_attendance WHERE session_id = ?').all(classId) as { personId: number }[];

async function scheduleClass(page: Page, place: string): Promise<number> {
	await page.goto('/centre/sessions');
	await page.getByLabel('Khóa học').selectOption(COURSE);
	await page.getByLabel('Ngày học').fill(vietnamDayOf(new Date()));
	await page.getByLabel('Giờ bắt đầu').fill('08:00');
	await page.getByLabel('Địa điểm').fill(place);
	await page.getByRole('button', { name: 'Lên lịch' }).click();
	await expect(page).toHaveURL(/\/centre\/sessions\/\d+\?scheduled=1$/);
	return Number(/\/centre\/sessions\/(\d+)/.exec(page.url())![1]);
}

async function searchResidents(page: Page, query: string) {
	await page.getByLabel('Họ tên hoặc số điện thoại').fill(query);
	await page.getByRole('button', { name: 'Tìm', exact: true }).click();
	await expect(page.getByRole('heading', { level: 3 })).toHaveText(`Kết quả tìm “${query}”`);
}

test.describe('a facilitator runs a class day at the commune centre', () => {
	// Two staff sign-ins with a second factor and a dozen page loads: more than the default on a busy machine.
	test.describe.configure({ timeout: 90_000 });

	test('schedules a class, finds residents without diacritics and by phone, marks them present and sees who still has lessons open', async ({ page }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const learning = await createAccount({ role: 'learner', commune: '08515', fullName: 'Lục Thị Hạnh Phúc' });
		const finished = await createAccount({ role: 'learner', commune: '08515', fullName: 'Đinh Văn Xong Bài', phone: freshPhone() });
		const finishedPhone = e2eDatabase().prepare('SELECT phone FROM people WHERE id = ?').pluck().get(finished.id) as string;
		const lessons = lessonIds();
		markLessonsDone(learning.id, lessons.slice(0, 1));
		markLessonsDone(finished.id, lessons);

		await signIn(page, facilitator);
		// Both screen sizes schedule in the same commune at once: each class gets a place of its own.
		const place = `Nhà văn hóa thôn ${randomInt(10_000, 100_000)}`;
		const classId = await scheduleClass(page, place);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(COURSE_TITLE);
		await expect(page.getByText('Đã lên lịch lớp học.')).toBeVisible();
		await expect(page.getByText(place)).toBeVisible();

		await searchResidents(page, 'luc thi hanh phuc');
		// Both screen sizes run against one database, so each resident is told apart by username.
		const results = page.getByRole('list', { name: /^Kết quả tìm/ });
		await results.getByRole('listitem').filter({ hasText: learning.username }).getByRole('button', { name: 'Đánh dấu Lục Thị Hạnh Phúc có mặt' }).click();
		await expect(page.getByText('Đã điểm danh Lục Thị Hạnh Phúc.')).toBeVisible();
		await expect(results.getByRole('listitem').filter({ hasText: learning.username })).toContainText('Đã có mặt');

		await searchResidents(page, spoken(finishedPhone));
		await page.getByRole('button', { name: 'Đánh dấu Đinh Văn Xong Bài có mặt' }).click();
		await expect(page.getByText('Đã điểm danh Đinh Văn Xong Bài.')).toBeVisible();

		await expect(page.getByRole('heading', { name: 'Người có mặt (2)' })).toBeVisible();
		const attendees = page.getByTestId('attendee');
		await expect(attendees.filter({ hasText: learning.username })).toContainText(`Đã học 1/${lessons.length} bài`);
		await expect(attendees.filter({ hasText: learning.username })).toContainText('Còn bài chưa học');
		await expect(attendees.filter({ hasText: finished.username })).toContainText(`Đã học ${lessons.length}/${lessons.length} bài`);
		await expect(attendees.filter({ hasText: finished.username })).not.toContainText('Còn bài chưa học');
		await expectAccessible(page);
		await screenshot(page, 'centre-session');

		await page.getByLabel('Chỉ người còn bài chưa học').check();
		await page.getByRole('button', { name: 'Lọc' }).click();
		await expect(attendees).toHaveCount(1);
		await expect(attendees).toContainText(learning.username);
		expect(attendanceRows(classId).map((row) => row.personId).sort()).toEqual([learning.id, finished.id].sort());

		await page.goto('/centre/sessions');
		await expect(page.getByRole('list', { name: 'Lớp sắp tới' }).getByRole('listitem').filter({ hasText: place })).toContainText('2 người có mặt');
		await expectAccessible(page);
		await screenshot(page, 'centre-sessions');
	});

	test("another commune's facilitator cannot open the class or mark anyone, and another commune's resident cannot be added", async ({ page, browser }) => {
		const facilitator = await createAccount({ role: 'facilitator', commune: '08515' });
		const resident = await createAccount({ role: 'learner', commune: '08515' });
		const stranger = await createAccount({ role: 'learner', commune: '07900', fullName: 'Khúc Thị Dân Việt Trì' });
		await signIn(page, facilitator);
		const classId = await scheduleClass(page, 'Nhà văn hóa thôn 5');
		const origin = new URL(page.url()).origin;

		await searchResidents(page, 'khuc thi dan viet tri');
		await expect(page.getByText('Không tìm thấy người dân nào với “khuc thi dan viet tri”.')).toBeVisible();
		const forged = await page.request.post(`/centre/sessions/${classId}?/mark`, { form: { person: String(stranger.id) }, headers: { origin }, maxRedirects: 0 });
		expect(forged.status()).toBe(404);
		expect(await forged.text()).not.toContain(stranger.fullName);

		const otherContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.202.${randomInt(256)}.${randomInt(1, 255)}` } });
		const other = await otherContext.newPage();
		await signIn(other, await createAccount({ role: 'facilitator', commune: '07900' }));
		expect((await other.goto(`/centre/sessions/${classId}`))?.status()).toBe(404);
		await expect(other.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
		const intruder = await other.request.post(`/centre/sessions/${classId}?/mark`, { form: { person: String(resident.id) }, headers: { origin }, maxRedirects: 0 });
		expect(intruder.status()).toBe(404);
		await otherContext.close();

		expect(attendanceRows(classId)).toEqual([]);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the scheduling form says what is wrong, then schedules the class', async ({ page }) => {
		await signIn(page, await createAccount({ role: 'facilitator', commune: '08515' }));
		await page.goto('/centre/sessions');
		await page.getByLabel('Khóa học').selectOption(COURSE);
		await page.getByLabel('Ngày học').fill('2020-01-01');
		await page.getByLabel('Giờ bắt đầu').fill('14:30');
		await page.getByRole('button', { name: 'Lên lịch' }).click();
		await expect(page.getByText('Hãy nhập địa điểm.')).toBeVisible();
		await expect(page.getByText(/Ngày học phải trong 30 ngày qua/)).toBeVisible();
		await expect(page.getByLabel('Khóa học')).toHaveValue(COURSE);

		await page.getByLabel('Ngày học').fill(vietnamDayOf(Date.now() + 7 * 24 * 3600_000));
		await page.getByLabel('Địa điểm').fill('Bưu điện văn hóa xã');
		await page.getByRole('button', { name: 'Lên lịch' }).click();
		await expect(page).toHaveURL(/\/centre\/sessions\/\d+\?scheduled=1$/);
		await expect(page.getByText('Đã lên lịch lớp học.')).toBeVisible();
		await expect(page.getByText(/14:30/)).toBeVisible();
	});
});
