import { createAccount, expect, expectAccessible, signIn, test } from '../support';
import { SCAM_COURSE } from './courses';

const PAGES = [
	{ name: 'catalogue', path: '/courses' },
	{ name: 'course', path: `/courses/${SCAM_COURSE.id}` },
	{ name: 'lesson-scam', path: `/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}` },
	{ name: 'lesson-pay', path: '/courses/thanh-toan-dien-tu-an-toan/kiem-tra-truoc-khi-tra-tien' },
	{ name: 'lesson-application', path: '/courses/dich-vu-cong-truc-tuyen/nop-ho-so-truc-tuyen' },
	{ name: 'lesson-en', path: `/en/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}` }
];

for (const { name, path } of PAGES) {
	test(`${name} is accessible and has a screenshot to look at`, async ({ page }, testInfo) => {
		expect((await page.goto(path))?.status()).toBe(200);
		await expectAccessible(page);
		await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
	});
}

test('answered practice, progress and "My learning" stay accessible', async ({ page }, testInfo) => {
	await signIn(page, await createAccount({ role: 'learner', commune: '08515' }));
	await page.goto('/courses/thanh-toan-dien-tu-an-toan/kiem-tra-truoc-khi-tra-tien');
	const practice = page.locator('.practice').first();
	await practice.getByLabel('Số tiền sai').check();
	await practice.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(practice.getByRole('status')).toContainText('Đúng rồi!');
	await expectAccessible(page, 'payment practice answered');
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-lesson-pay-answered.png`, fullPage: true });
	await page.getByRole('button', { name: 'Tôi đã học xong, sang bài tiếp' }).click();
	await page.waitForURL(/\?done=lesson-/);
	await page.goto('/me');
	// The demo campaign for Hy Cương residents comes first, with its deadline.
	const assigned = page.getByRole('region', { name: 'Khóa học được giao' });
	await expect(assigned.getByRole('link', { name: 'Dịch vụ công trực tuyến và VNeID' })).toBeVisible();
	await expect(assigned).toContainText(/Hạn: \d\d\/\d\d\/\d{4}/);
	await expect(page.getByRole('region', { name: 'Đang học' })).toContainText('Thanh toán điện tử an toàn');
	await expectAccessible(page, 'my learning');
	await page.screenshot({ path: `tests/screenshots/${testInfo.project.name}-my-learning.png`, fullPage: true });
});

test('a glossary word opens its explanation by keyboard, without JavaScript code of ours', async ({ page }) => {
	await page.goto(`/courses/${SCAM_COURSE.id}/${SCAM_COURSE.firstLesson}`);
	const term = page.locator('#lesson-text').getByRole('button', { name: 'mã độc' });
	await term.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('tooltip').filter({ hasText: 'Phần mềm xấu' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Từ ngữ trong bài' })).toContainText('mã độc');
});

test.describe('at 320 CSS px (a 640 px window zoomed to 200%)', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('course pages reflow without sideways scrolling, also at the largest text', async ({ page, context, baseURL }) => {
		const overflowing = () =>
			page.evaluate(() => {
				const width = document.documentElement.clientWidth;
				return [...document.querySelectorAll('body *')]
					.filter((el) => el.getBoundingClientRect().right > width + 1)
					.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
			});
		await signIn(page, await createAccount({ role: 'learner', commune: '08515' }));
		for (const size of ['normal', 'larger']) {
			await context.addCookies([{ name: 'text_size', value: size, url: baseURL! }]);
			for (const path of [...PAGES.map((p) => p.path), '/me', '/courses/khoa-thu-kiem-tra/quiz']) {
				await page.goto(path);
				expect(await overflowing(), `${path} at ${size} text`).toEqual([]);
			}
			// The quiz page is the last one visited: start an attempt there once, then it stays open.
			const start = page.getByRole('button', { name: 'Bắt đầu làm bài' });
			if ((await start.count()) > 0) await start.click();
			await page.locator('fieldset.quiz-question').first().waitFor();
			expect(await overflowing(), `quiz attempt at ${size} text`).toEqual([]);
		}
	});
});

test('a lesson picture comes resized in modern formats, lazy-loaded, with its alt text', async ({ page, request }) => {
	await page.goto('/courses/khoa-thu-theo-thu-tu/bai-mot');
	const figure = page.locator('#lesson-text figure');
	await expect(figure.locator('source[type="image/avif"]')).toHaveCount(1);
	await expect(figure.locator('source[type="image/webp"]')).toHaveCount(1);
	const img = figure.getByRole('img', { name: 'Một chiếc điện thoại, màn hình có một nút màu xanh và hai dòng chữ.' });
	await expect(img).toHaveAttribute('loading', 'lazy');
	await expect(img).toHaveAttribute('width', '1200');
	await expect(img).toHaveAttribute('height', '800');
	// Two widths for the small and the sharp screen, the smaller one well under the original.
	const srcset = (await figure.locator('source[type="image/avif"]').getAttribute('srcset'))!;
	const [small] = srcset.split(',').map((entry) => entry.trim().split(' ')[0]!);
	const response = await request.get(small!);
	expect(response.status()).toBe(200);
	expect((await response.body()).length).toBeLessThan(20_000);
});
