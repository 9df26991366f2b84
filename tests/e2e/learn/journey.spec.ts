import type { Page } from '@playwright/test';
import { type TestAccount, createAccount, e2eDatabase, expect, signIn, test } from '../support';
import { IN_ORDER_COURSE, SCAM_COURSE } from './courses';

const progressRow = (personId: number, courseId: string, lessonId: string) =>
	e2eDatabase()
		.prepare('SELECT completed_at, commune_id_at_completion AS commune FROM lesson_progress WHERE person_id = ? AND course_id = ? AND lesson_id = ?')
		.get(personId, courseId, lessonId) as { completed_at: number | null; commune: number | null } | undefined;

const hyCuong = () => (e2eDatabase().prepare("SELECT id FROM communes WHERE code = '08515'").get() as { id: number }).id;

/** The whole learner journey; run with and without JavaScript. */
async function learnerJourney(page: Page, learner: TestAccount) {
	await signIn(page, learner);
	await page.getByRole('link', { name: 'Khóa học', exact: true }).click();
	await page.getByRole('link', { name: SCAM_COURSE.title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SCAM_COURSE.title);
	await page.getByRole('link', { name: 'Bắt đầu học' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SCAM_COURSE.firstLessonTitle);

	// The scam practice: the first message is a fake "account locked" SMS.
	const first = page.locator('.inbox-message').first();
	await first.getByRole('button', { name: 'Lừa đảo' }).click();
	await expect(page.locator('.inbox-message').first().getByRole('status')).toContainText('Đúng rồi!');
	await expect(page.locator('.practice-score').first()).toHaveText('Bạn đã trả lời 1 trên 8 tin, đúng 1 tin.');
	const second = page.locator('.inbox-message').nth(1);
	await second.getByRole('button', { name: 'An toàn' }).click();
	await expect(page.locator('.inbox-message').nth(1).getByRole('status')).toContainText('Chưa đúng.');
	await expect
		.poll(() => e2eDatabase().prepare('SELECT count(*) AS n FROM practice_answers WHERE person_id = ?').get(learner.id))
		.toEqual({ n: 2 });

	await page.getByRole('button', { name: 'Tôi đã học xong, sang bài tiếp' }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.secondLesson}\\?done=lesson-${SCAM_COURSE.firstLesson}$`));
	await expect(page.getByRole('status').first()).toContainText(`Đã ghi nhận: bạn học xong bài “${SCAM_COURSE.firstLessonTitle}”.`);
	const row = progressRow(learner.id, SCAM_COURSE.id, SCAM_COURSE.firstLesson);
	expect(row?.completed_at).toBeGreaterThan(0);
	expect(row?.commune).toBe(hyCuong());

	// Leave, come back: "My learning" offers to continue where the learner stopped.
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/$/);
	await signIn(page, learner);
	await page.goto('/me');
	const inProgress = page.getByRole('region', { name: 'Đang học' });
	await expect(inProgress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '16');
	await inProgress.getByRole('link', { name: /^Học tiếp/ }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.secondLesson}$`));
	// The practice answers are still there on the first lesson.
	await page.goto(`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}`);
	await expect(page.locator('.practice-score').first()).toHaveText('Bạn đã trả lời 2 trên 8 tin, đúng 1 tin.');
	await expect(page.getByText('Bạn đã học xong bài này.')).toBeVisible();
}

test('a resident opens a course, does the scam practice, marks a lesson done, leaves and resumes', async ({ page }) => {
	await learnerJourney(page, await createAccount({ role: 'learner', commune: '08515' }));
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the same journey works with plain forms', async ({ page }) => {
		await learnerJourney(page, await createAccount({ role: 'learner', commune: '08515' }));
	});
});

test('a course taken in order: locked lessons explain what comes first, the last lesson completes the course', async ({ page }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, learner);
	const [one, two, three] = IN_ORDER_COURSE.lessons as [string, string, string];
	await page.goto(`/courses/${IN_ORDER_COURSE.id}/${two}`);
	await expect(page.getByText('Bài này chưa mở. Bạn cần học xong bài “Bài một” trước.')).toBeVisible();
	await expect(page.locator('#lesson-text')).toHaveCount(0);

	// A forged "done" for a locked lesson changes nothing.
	const forged = await page.request.post(`/courses/${IN_ORDER_COURSE.id}/${three}?/done`, { form: { lesson: three }, headers: { accept: 'application/json', origin: new URL(page.url()).origin } });
	expect(await forged.text()).toContain('Bài này chưa mở');
	expect(progressRow(learner.id, IN_ORDER_COURSE.id, three)).toBeUndefined();

	for (const lesson of [one, two, three]) {
		await page.goto(`/courses/${IN_ORDER_COURSE.id}/${lesson}`);
		await page.getByRole('button', { name: /^Tôi đã học xong/ }).click();
		// Wait for the answer before opening the next lesson, or that navigation cancels this one.
		await page.waitForURL(new RegExp(`\\?done=(lesson|course)-${lesson}$`));
	}
	await expect(page).toHaveURL(new RegExp(`/courses/${IN_ORDER_COURSE.id}\\?done=course-`));
	await expect(page.getByRole('status').first()).toHaveText('Chúc mừng! Bạn đã hoàn thành khóa học.');
	const completion = e2eDatabase().prepare('SELECT course_version, commune_id_at_completion AS commune FROM completions WHERE person_id = ? AND course_id = ?').all(learner.id, IN_ORDER_COURSE.id);
	expect(completion).toEqual([{ course_version: 1, commune: hyCuong() }]);
	await page.goto('/me');
	await expect(page.getByRole('region', { name: 'Đã hoàn thành' })).toContainText('Khóa thử học lần lượt');
});

test('marking a lesson done twice, for another lesson, or as a guest changes nothing', async ({ page, baseURL }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	const path = `/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}`;
	const headers = { accept: 'application/json', origin: new URL(baseURL!).origin };

	const guest = await page.request.post(`${path}?/done`, { form: { lesson: SCAM_COURSE.firstLesson }, headers });
	expect(await guest.text()).toContain('Bạn cần đăng nhập để lưu bài đã học.');

	await signIn(page, learner);
	const forged = await page.request.post(`${path}?/done`, { form: { lesson: SCAM_COURSE.secondLesson }, headers });
	expect(await forged.text()).toContain('Trang này đã cũ');
	expect(progressRow(learner.id, SCAM_COURSE.id, SCAM_COURSE.secondLesson)).toBeUndefined();

	await page.request.post(`${path}?/done`, { form: { lesson: SCAM_COURSE.firstLesson }, headers });
	const firstTime = progressRow(learner.id, SCAM_COURSE.id, SCAM_COURSE.firstLesson)?.completed_at;
	expect(firstTime).toBeGreaterThan(0);
	const again = await page.request.post(`${path}?/done`, { form: { lesson: SCAM_COURSE.firstLesson }, headers });
	expect(await again.text()).toContain('already');
	expect(progressRow(learner.id, SCAM_COURSE.id, SCAM_COURSE.firstLesson)?.completed_at).toBe(firstTime);

	const badPractice = await page.request.post(`${path}?/practice`, { form: { practice: 'nhan-dien-tin-nhan-lua-dao', item: 'no-such-message', answer: 'scam' }, headers });
	expect(await badPractice.text()).toContain('Câu trả lời luyện tập không hợp lệ');
	expect(e2eDatabase().prepare('SELECT count(*) AS n FROM practice_answers WHERE person_id = ?').get(learner.id)).toEqual({ n: 0 });
});

test('English pages show the English lesson, or the Vietnamese one with a notice', async ({ page }) => {
	await page.goto(`/en/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Common scams');
	await expect(page.locator('#lesson-text')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('button', { name: 'Scam' }).first()).toBeVisible();

	await page.goto(`/en/courses/${IN_ORDER_COURSE.id}/bai-hai`);
	await expect(page.getByText('This lesson has no English version yet, so it is shown in Vietnamese.')).toBeVisible();
	await expect(page.locator('#lesson-text')).toHaveAttribute('lang', 'vi');
	await expect(page.locator('#lesson-text')).toContainText('Bài này chưa có bản tiếng Anh.');
});

test('the catalogue finds courses typed without accents and filters by audience and topic', async ({ page }) => {
	await page.goto('/courses');
	await page.getByRole('searchbox', { name: 'Tìm khóa học' }).fill('lua dao');
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page).toHaveURL(/q=lua\+dao/);
	await expect(page.getByRole('link', { name: SCAM_COURSE.title })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Dịch vụ công trực tuyến và VNeID' })).toHaveCount(0);

	await page.goto('/courses?audience=civil_servants');
	await expect(page.getByRole('link', { name: 'Kỹ năng số cho cán bộ, công chức' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Khóa thử học lần lượt' })).toHaveCount(0);
	await page.goto('/courses?audience=residents');
	await expect(page.getByRole('link', { name: 'Kỹ năng số cho cán bộ, công chức' })).toHaveCount(0);
	await page.goto('/courses?topic=6');
	await expect(page.getByRole('link', { name: 'Kỹ năng số cho cán bộ, công chức' })).toBeVisible();
	await expect(page.getByRole('link', { name: SCAM_COURSE.title })).toHaveCount(0);
});

test('a draft course is hidden from learners and shown to admins with a banner', async ({ page }) => {
	expect((await page.goto('/courses/khoa-thu-ban-nhap'))?.status()).toBe(404);
	await page.goto('/courses');
	await expect(page.getByRole('link', { name: 'Khóa thử bản nháp' })).toHaveCount(0);
	await signIn(page, await createAccount({ role: 'province_admin' }));
	await page.goto('/courses/khoa-thu-ban-nhap');
	await expect(page.getByText('Khóa học này là bản nháp.')).toBeVisible();
});
