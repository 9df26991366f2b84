import { and, eq, sql } from 'drizzle-orm';
import type { PracticeAnswer } from '../../practice';
import type { CatalogCourse } from '../content/catalog';
import type { Practice } from '../content/schema';
import { type DbOrTx, builtOnce } from '../db/client';
import { practiceAnswers } from '../db/schema';

export const PAYMENT_FIELDS = ['payee', 'amount', 'purpose'] as const;


/**
 * Checks an answer against the practice it belongs to. Null when the item or the answer is not
 * one this practice offers (a forged form), so nothing gets saved.
 *   spot-the-scam: item = message id, answer = "scam" | "safe"
 *   check-before-pay: item = "screen", answer = the fields found wrong, sorted and comma-joined, or "none"
 *   mock-application: item = step id, answer = "done"
 */
export function judgePracticeAnswer(practice: Practice, itemId: string, answer: string): PracticeAnswer | null {
	switch (practice.kind) {
		case 'spot-the-scam': {
			const message = practice.messages.find((m) => m.id === itemId);
			if (!message || (answer !== 'scam' && answer !== 'safe')) return null;
			return { itemId, answer, correct: message.verdict === answer };
		}
		case 'check-before-pay': {
			if (itemId !== 'screen') return null;
			const fields = answer === 'none' ? [] : answer.split(',');
			const valid = fields.every((field) => (PAYMENT_FIELDS as readonly string[]).includes(field)) && new Set(fields).size === fields.length;
			if (!valid) return null;
			const normalised = fields.length === 0 ? 'none' : [...fields].sort().join(',');
			return { itemId, answer: normalised, correct: normalised === [...practice.problems].sort().join(',') };
		}
		case 'mock-application':
			if (!practice.steps.some((step) => step.id === itemId) || answer !== 'done') return null;
			return { itemId, answer, correct: null };
	}
}

/** Saves the learner's latest answer to one practice item, counting how often they answered it. */
export function savePracticeAnswer(db: DbOrTx, personId: number, courseId: string, practiceId: string, judged: PracticeAnswer, now: Date): void {
	db.insert(practiceAnswers)
		.values({ personId, courseId, practiceId, itemId: judged.itemId, answer: judged.answer, correct: judged.correct, firstAnsweredAt: now, answeredAt: now })
		.onConflictDoUpdate({
			target: [practiceAnswers.personId, practiceAnswers.courseId, practiceAnswers.practiceId, practiceAnswers.itemId],
			set: { answer: judged.answer, correct: judged.correct, answeredAt: now, tries: sql`${practiceAnswers.tries} + 1` }
		})
		.run();
}

/** Every lesson page reads them: built once. */
const practiceAnswersOf = builtOnce((db) =>
	db
		.select({ practiceId: practiceAnswers.practiceId, itemId: practiceAnswers.itemId, answer: practiceAnswers.answer, correct: practiceAnswers.correct })
		.from(practiceAnswers)
		.where(and(eq(practiceAnswers.personId, sql.placeholder('personId')), eq(practiceAnswers.courseId, sql.placeholder('courseId'))))
		.prepare()
);

/** The learner's saved answers in one course, by practice id. */
export function savedPracticeAnswers(db: DbOrTx, personId: number, course: CatalogCourse): Map<string, PracticeAnswer[]> {
	const rows = practiceAnswersOf(db).all({ personId, courseId: course.id });
	const byPractice = new Map<string, PracticeAnswer[]>();
	for (const { practiceId, ...answer } of rows) byPractice.set(practiceId, [...(byPractice.get(practiceId) ?? []), answer]);
	return byPractice;
}
