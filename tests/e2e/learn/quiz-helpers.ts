import type { Locator, Page } from '@playwright/test';
import { type Catalog, buildCatalog } from '../../../src/lib/server/content/catalog';
import { readContentFiles } from '../../../src/lib/server/content/files';
import type { Question, Quiz } from '../../../src/lib/server/content/schema';

let catalog: Catalog | undefined;
/** The content the test server was built with (content/ plus the test courses). */
export function testCatalog(): Catalog {
	// The content folder this run's server was built from (playwright.config.ts: one per port).
	catalog ??= buildCatalog(readContentFiles(`.svelte-kit/test-content-${process.env.E2E_PORT ?? 4173}`));
	return catalog;
}

export function finalQuiz(courseId: string): Quiz {
	const quiz = testCatalog().byId.get(courseId)?.finalQuiz;
	if (!quiz) throw new Error(`no final quiz for ${courseId}`);
	return quiz;
}

const norm = (text: string) => text.replace(/\s+/g, ' ').trim();

async function questionOf(fieldset: Locator, quiz: Quiz, language: 'vi' | 'en'): Promise<Question> {
	const legend = norm(await fieldset.locator('legend').innerText());
	const question = quiz.questions.find((q) => legend.endsWith(norm(q.prompt[language])));
	if (!question) throw new Error(`no question in the bank for "${legend}"`);
	return question;
}

/** Answers every question on the open attempt, all right or all wrong, as a learner would click. */
export async function answerQuiz(page: Page, quiz: Quiz, mode: 'right' | 'wrong', language: 'vi' | 'en' = 'vi') {
	const fieldsets = page.locator('fieldset.quiz-question');
	await fieldsets.first().waitFor();
	const count = await fieldsets.count();
	for (let i = 0; i < count; i++) {
		const fieldset = fieldsets.nth(i);
		const question = await questionOf(fieldset, quiz, language);
		const right = mode === 'right';
		switch (question.type) {
			case 'single':
			case 'multiple': {
				const pick = question.type === 'single' ? question.options.filter((o) => o.correct === right).slice(0, 1) : question.options.filter((o) => o.correct === right);
				for (const option of pick) await fieldset.getByLabel(option.text[language], { exact: true }).check();
				break;
			}
			case 'true_false': {
				const truth = question.answer === right;
				await fieldset.getByLabel(language === 'vi' ? (truth ? 'Đúng' : 'Sai') : truth ? 'True' : 'False', { exact: true }).check();
				break;
			}
			case 'ordering': {
				const rows = fieldset.locator('.quiz-row');
				for (let r = 0; r < (await rows.count()); r++) {
					const text = norm(await rows.nth(r).locator('label').innerText());
					const place = question.items.findIndex((item) => norm(item[language]) === text);
					await rows.nth(r).locator('select').selectOption(String(right ? place + 1 : question.items.length - place));
				}
				break;
			}
			case 'matching': {
				const rows = fieldset.locator('.quiz-match');
				for (let r = 0; r < (await rows.count()); r++) {
					const text = norm(await rows.nth(r).locator('label').innerText());
					const index = question.pairs.findIndex((pair) => norm(pair.left[language]) === text);
					const target = question.pairs[right ? index : (index + 1) % question.pairs.length]!;
					await rows.nth(r).locator('select').selectOption({ label: target.right[language] });
				}
				break;
			}
			case 'short_text':
				await fieldset.getByRole('textbox').fill(right ? question.accepted[language][0]! : 'không biết');
				break;
		}
	}
}
