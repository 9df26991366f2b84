import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { containsWords, quizSecrets } from '../../../src/lib/server/content/quiz-text';
import { createAccount, expect, signIn, test } from '../support';
import { testCatalog } from './quiz-helpers';

// This run's build (playwright.config.ts: one per port).
const BUILD_CLIENT = `.svelte-kit/test-build-${process.env.E2E_PORT ?? 4173}/client`;
const hasWordCharacters = (text: string) => /[\p{L}\p{N}]/u.test(text);

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/**
 * What a body says, for the search: every string in a JSON body (its numbers are indexes into
 * the serialised data, where "113" means nothing), and an HTML page without its scripts, whose
 * data is the same as __data.json's.
 */
function readable(body: string): string {
	if (body.startsWith('{')) {
		const strings: string[] = [];
		const walk = (value: unknown): void => {
			if (typeof value === 'string') strings.push(value);
			else if (value && typeof value === 'object') Object.values(value).forEach(walk);
		};
		walk(JSON.parse(body));
		return strings.join('\n');
	}
	return body.replace(/<script\b[\s\S]*?<\/script>/g, '');
}

const quizzes = () => testCatalog().courses.filter((course) => course.finalQuiz).map((course) => ({ course, quiz: course.finalQuiz! }));

/**
 * The platform's own interface text (messages/**.json) ships in the client by design; an answer
 * that is also interface wording ("xác thực hai bước" is a settings page) proves nothing there.
 */
const interfaceText = filesUnder('messages')
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) => Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>))
	.join('\n');

test('no answer key is in the client build', () => {
	const files = filesUnder(BUILD_CLIENT).filter((file) => /\.(js|css|html|json)$/.test(file));
	expect(files.length).toBeGreaterThan(10);
	const text = files.map((file) => readFileSync(file, 'utf8'));
	const leaks: string[] = [];
	for (const { course, quiz } of quizzes()) {
		for (const secret of quizSecrets(quiz).filter((secret) => hasWordCharacters(secret) && !containsWords(interfaceText, secret))) {
			// Minified code is full of short numbers and names ("113" can be a character code),
			// so answers under four characters count only as a string of their own.
			const found = secret.length >= 4 ? text.some((t) => containsWords(t, secret)) : text.some((t) => [`"${secret}"`, `'${secret}'`, `>${secret}<`].some((q) => t.includes(q)));
			if (found) leaks.push(`${course.id}: ${secret}`);
		}
	}
	expect(leaks).toEqual([]);
});

test('the quiz pages a learner receives before submitting carry no answer key', async ({ page }) => {
	await signIn(page, await createAccount({ role: 'learner', commune: '08515' }));
	for (const { course, quiz } of quizzes()) {
		const quizPath = `/courses/${course.id}/quiz`;
		const received: string[] = [];
		const raw: string[] = [];
		const keep = async (url: string) => {
			const response = await page.request.get(url);
			expect(response.status(), url).toBe(200);
			raw.push(await response.text());
			received.push(readable(raw.at(-1)!));
		};
		await keep(quizPath);
		await keep(`${quizPath}/__data.json`);
		await page.goto(quizPath);
		await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(page.locator('fieldset.quiz-question').first()).toBeVisible();
		await keep(quizPath);
		await keep(`${quizPath}/__data.json`);
		received.push(readable(await page.content()));

		// The choices of the drawn questions are on the page by design; nothing else from the keys may be.
		const shown = new Set((await page.locator('fieldset.quiz-question label, fieldset.quiz-question option').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()));
		const leaks = quizSecrets(quiz)
			.filter((secret) => hasWordCharacters(secret) && !shown.has(secret.replace(/\s+/g, ' ').trim()))
			.filter((secret) => received.some((body) => containsWords(body, secret)));
		expect(leaks, course.id).toEqual([]);
		for (const body of raw) expect(body, `${course.id}: answer fields`).not.toMatch(/["']?\b(correct|accepted|explanation)\b["']?\s*:/);
	}
});
