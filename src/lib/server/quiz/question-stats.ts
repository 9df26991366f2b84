import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { CatalogCourse, Language } from '../content/catalog';
import type { AdminScope } from '../admin/scope';
import type { DbOrTx } from '../db/client';
import { people, quizAnswers, quizAttempts } from '../db/schema';

/** Fewer answers than this say nothing about a question's difficulty. */
export const MIN_ANSWERS_FOR_FLAG = 10;
export const TOO_HARD = 0.2;
export const TOO_EASY = 0.95;

export interface QuestionStats {
	id: string;
	type: string;
	prompt: string;
	answers: number;
	/** Share fully right, 0–1; null before anyone answered. */
	shareCorrect: number | null;
	flag: 'too-hard' | 'too-easy' | null;
}

/**
 * For the authors: how each question of a course's final quiz fares, from the submitted answers
 * of learners in the admin's province (all provinces for a system admin). A question almost
 * everyone fails or passes is flagged once enough people answered it.
 */
export function questionStats(db: DbOrTx, scope: AdminScope, course: CatalogCourse, language: Language): QuestionStats[] {
	const quiz = course.finalQuiz;
	if (!quiz) return [];
	const rows = db
		.select({ questionId: quizAnswers.questionId, answers: sql<number>`count(*)`, right: sql<number>`sum(${quizAnswers.correct})` })
		.from(quizAnswers)
		.innerJoin(quizAttempts, eq(quizAttempts.id, quizAnswers.attemptId))
		.innerJoin(people, eq(people.id, quizAttempts.personId))
		.where(
			and(
				eq(quizAttempts.courseId, course.id),
				eq(quizAttempts.quizId, quiz.id),
				isNotNull(quizAttempts.submittedAt),
				inArray(quizAnswers.questionId, quiz.questions.map((q) => q.id)),
				scope.allProvinces ? undefined : eq(people.provinceId, scope.provinceId)
			)
		)
		.groupBy(quizAnswers.questionId)
		.all();
	const byId = new Map(rows.map((row) => [row.questionId, row]));
	return quiz.questions.map((question) => {
		const row = byId.get(question.id);
		const answers = row?.answers ?? 0;
		const shareCorrect = answers > 0 ? (row!.right ?? 0) / answers : null;
		const flag = shareCorrect === null || answers < MIN_ANSWERS_FOR_FLAG ? null : shareCorrect < TOO_HARD ? 'too-hard' : shareCorrect > TOO_EASY ? 'too-easy' : null;
		return { id: question.id, type: question.type, prompt: question.prompt[language], answers, shareCorrect, flag };
	});
}
