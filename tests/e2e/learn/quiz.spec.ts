import type { Page } from '@playwright/test';
import { type TestAccount, createAccount, e2eDatabase, expect, expectAccessible, signIn, test } from '../support';
import { answerQuiz, finalQuiz, testCatalog } from './quiz-helpers';
import { SCAM_COURSE } from './courses';

const STRICT = { id: 'khoa-thu-kiem-tra', title: 'Khóa thử bài kiểm tra' };

const attempts = (personId: number) =>
	e2eDatabase().prepare('SELECT public_id AS id, score, passed, submitted_at AS submittedAt FROM quiz_attempts WHERE person_id = ? ORDER BY id').all(personId) as {
		id: string;
		score: number | null;
		passed: number | null;
		submittedAt: number | null;
	}[];
const answerRows = (personId: number) =>
	(e2eDatabase().prepare('SELECT count(*) AS n FROM quiz_answers JOIN quiz_attempts ON quiz_attempts.id = attempt_id WHERE person_id = ?').get(personId) as { n: number }).n;

/** Fails the strict quiz, waits out the pause (back-dated in the database), then passes it. */
async function failThenPass(page: Page, learner: TestAccount, { javaScript }: { javaScript: boolean }) {
	const quiz = finalQuiz(STRICT.id);
	await signIn(page, learner);
	await page.goto(`/courses/${STRICT.id}`);
	await page.getByRole('link', { name: 'Làm bài kiểm tra cuối khóa' }).click();
	await expect(page.getByText('Được làm tối đa 3 lần.')).toBeVisible();
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await expect(page.locator('fieldset.quiz-question')).toHaveCount(6);

	// A reload shows the same attempt.
	const firstLegend = await page.locator('fieldset.quiz-question legend').first().innerText();
	await page.reload();
	await expect(page.locator('fieldset.quiz-question legend').first()).toHaveText(firstLegend);

	await answerQuiz(page, quiz, 'wrong');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('status').first()).toContainText('Bạn được 0%. Cần 80% để đạt.');
	await expect(page.getByText('Đáp án đúng sẽ hiện khi bạn đạt bài kiểm tra.')).toBeVisible();
	// Explanations, without the keys.
	await expect(page.getByText('Lá cây thường có màu xanh lục.')).toBeVisible();
	await expect(page.getByText(/^Đáp án:/)).toHaveCount(0);
	// axe runs as a script in the page, so only where scripts run.
	if (javaScript) await expectAccessible(page, 'failed result');

	// The pause between tries is enforced by the server.
	await page.goto(`/courses/${STRICT.id}/quiz`);
	await expect(page.getByText(/Bạn cần chờ đến .* mới làm lại được\./)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Làm lại bài kiểm tra' })).toHaveCount(0);
	const early = await page.request.post(`/courses/${STRICT.id}/quiz?/start`, { form: {}, headers: { accept: 'application/json', origin: new URL(page.url()).origin } });
	expect(await early.text()).toContain('mới làm lại được');
	expect(attempts(learner.id)).toHaveLength(1);
	e2eDatabase().prepare('UPDATE quiz_attempts SET submitted_at = submitted_at - 6 * 60000, started_at = started_at - 6 * 60000 WHERE person_id = ?').run(learner.id);

	await page.reload();
	await page.getByRole('button', { name: 'Làm lại bài kiểm tra' }).click();
	await answerQuiz(page, quiz, 'right');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('status').first()).toContainText('Bạn đạt 100%. Chúc mừng, bạn đã đạt bài kiểm tra!');
	await expect(page.getByText('Bạn đã hoàn thành khóa học này.')).toBeVisible();
	await expect(page.getByText('Đáp án: Màu xanh lục')).toBeVisible();
	const completion = e2eDatabase().prepare('SELECT score, commune_id_at_completion AS commune FROM completions WHERE person_id = ? AND course_id = ?').all(learner.id, STRICT.id);
	expect(completion).toEqual([{ score: 100, commune: expect.any(Number) }]);
	await page.goto('/me');
	await expect(page.getByRole('region', { name: 'Đã hoàn thành' })).toContainText(STRICT.title);
}

test('a learner fails, sees explanations without the keys, waits, passes, and the course shows completed', async ({ page }) => {
	await failThenPass(page, await createAccount({ role: 'learner', commune: '08515' }), { javaScript: true });
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the same quiz journey works with plain forms', async ({ page }) => {
		await failThenPass(page, await createAccount({ role: 'learner', commune: '08515' }), { javaScript: false });
	});
});

test('a missing answer keeps the choices made and records nothing; a double submission records one result', async ({ page, baseURL }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, learner);
	await page.goto(`/courses/${STRICT.id}/quiz`);
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await answerQuiz(page, finalQuiz(STRICT.id), 'right');
	const shortAnswer = page.locator('fieldset.quiz-question').filter({ has: page.getByRole('textbox') }).getByRole('textbox');
	await shortAnswer.fill('');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('alert')).toContainText('Bạn chưa trả lời câu');
	expect(answerRows(learner.id)).toBe(0);
	expect(attempts(learner.id)[0]?.submittedAt).toBeNull();

	await shortAnswer.fill('ha noi');
	// Checkboxes repeat a name, so the body is sent as the browser would encode it.
	const body = await page.locator('form.quiz-form').evaluate((el: HTMLFormElement) => new URLSearchParams([...new FormData(el).entries()].map(([k, v]) => [k, String(v)])).toString());
	// The same form sent twice, as a double click or the back button would.
	const headers = { origin: new URL(baseURL!).origin, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
	const [one, two] = await Promise.all([
		page.request.post(`/courses/${STRICT.id}/quiz?/submit`, { data: body, headers }),
		page.request.post(`/courses/${STRICT.id}/quiz?/submit`, { data: body, headers })
	]);
	expect([await one.text(), await two.text()].every((body) => body.includes('"type":"redirect"'))).toBe(true);
	expect(attempts(learner.id)).toEqual([expect.objectContaining({ score: 100, passed: 1 })]);
	expect(answerRows(learner.id)).toBe(6);
});

test('staff cannot submit a learner’s attempt (403) and nothing is recorded', async ({ browser, baseURL }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	const learnerPage = await (await browser.newContext({ baseURL })).newPage();
	await signIn(learnerPage, learner);
	await learnerPage.goto(`/courses/${STRICT.id}/quiz`);
	await learnerPage.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await expect(learnerPage.locator('fieldset.quiz-question')).toHaveCount(6);
	const attemptId = attempts(learner.id)[0]!.id;

	for (const staff of [
		await createAccount({ role: 'facilitator', commune: '08515' }),
		await createAccount({ role: 'unit_manager', commune: '08515' }),
		await createAccount({ role: 'province_admin' })
	]) {
		const context = await browser.newContext({ baseURL });
		const page = await context.newPage();
		await signIn(page, staff);
		const response = await page.request.post(`/courses/${STRICT.id}/quiz?/submit`, {
			form: { attempt: attemptId, q1: 'x', startedAt: '0' },
			headers: { origin: new URL(baseURL!).origin, accept: 'application/json' }
		});
		expect(await response.text()).toContain('"status":403');
		await context.close();
	}
	expect(attempts(learner.id)[0]?.submittedAt).toBeNull();
	expect(answerRows(learner.id)).toBe(0);
});

test('a real course: lessons done and the final quiz passed complete it at once', async ({ page, baseURL }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, learner);
	const headers = { origin: new URL(baseURL!).origin, accept: 'application/json' };
	for (const lesson of testCatalog().byId.get(SCAM_COURSE.id)!.lessons) {
		await page.request.post(`/courses/${SCAM_COURSE.id}/${lesson.id}?/done`, { form: { lesson: lesson.id }, headers });
	}
	await page.goto(`/courses/${SCAM_COURSE.id}/quiz`);
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await answerQuiz(page, finalQuiz(SCAM_COURSE.id), 'right');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('status').first()).toContainText('Bạn đạt 100%');
	await expect(page.getByText('Bạn đã hoàn thành khóa học này.')).toBeVisible();
	await page.goto(`/courses/${SCAM_COURSE.id}`);
	await expect(page.getByText('Bạn đã hoàn thành khóa học này.').first()).toBeVisible();
});

test('the authors’ view shows answers and share right per question, to admins', async ({ page }) => {
	const learner = await createAccount({ role: 'learner', commune: '08515' });
	await signIn(page, learner);
	await page.goto(`/courses/${STRICT.id}/quiz`);
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await answerQuiz(page, finalQuiz(STRICT.id), 'right');
	await page.getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('status').first()).toContainText('Bạn đạt 100%');
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/$/);

	await signIn(page, await createAccount({ role: 'province_admin' }));
	await page.goto(`/admin/quizzes?course=${STRICT.id}`);
	const row = page.getByRole('row').filter({ hasText: 'Thủ đô của Việt Nam là thành phố nào?' });
	await expect(row.getByRole('cell').nth(1)).not.toHaveText('0');
	await expect(row.getByRole('cell').nth(2)).toHaveText(/%$/);
	await expectAccessible(page);
});

test('a question may show a picture with its alt text', async ({ page }) => {
	await signIn(page, await createAccount({ role: 'learner', commune: '08515' }));
	await page.goto(`/courses/${STRICT.id}/quiz`);
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	const picture = page.locator('fieldset.quiz-question').getByRole('img', { name: 'Hình vẽ một chiếc lá.' });
	// Lazy-loaded: on a small screen it loads when scrolled to.
	await picture.scrollIntoViewIfNeeded();
	await expect(picture).toBeVisible();
	expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
});
