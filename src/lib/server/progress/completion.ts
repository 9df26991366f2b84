import { and, desc, eq, inArray, isNotNull, max } from 'drizzle-orm';
import { issueCertificate } from '../certificates/issue';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { completions, lessonProgress, quizAttempts } from '../db/schema';
import type { LearnerUnits } from './learner';

export type CompletionOutcome =
	| { status: 'completed'; completedAt: Date; certificateCode: string }
	| { status: 'already-completed' }
	| { status: 'not-yet' }
	/** Every condition is met, but the person belongs to no commune or agency to count under. */
	| { status: 'no-unit' };

/**
 * Decides, inside the caller's transaction, whether the person has now completed the current
 * version of the course under its rule, and records it once with their units at this moment.
 */
export function recordCompletionIfMet(tx: DbOrTx, units: LearnerUnits, course: CatalogCourse, now: Date): CompletionOutcome {
	const existing = tx
		.select({ id: completions.id })
		.from(completions)
		.where(and(eq(completions.personId, units.personId), eq(completions.courseId, course.id), eq(completions.courseVersion, course.version)))
		.get();
	if (existing) return { status: 'already-completed' };
	const rules = rulesMet(tx, units.personId, course);
	if (!rules.met) return { status: 'not-yet' };
	if (units.communeId === null && units.agencyId === null) return { status: 'no-unit' };
	const completion = tx
		.insert(completions)
		.values({
			personId: units.personId,
			provinceId: units.provinceId,
			courseId: course.id,
			courseVersion: course.version,
			completedAt: now,
			score: rules.score,
			communeIdAtCompletion: units.communeId,
			agencyIdAtCompletion: units.agencyId,
			staffGroupAtCompletion: units.staffGroup
		})
		.returning({ id: completions.id })
		.get();
	const certificateCode = issueCertificate(
		tx,
		{ id: completion.id, personId: units.personId, provinceId: units.provinceId, completedAt: now, score: rules.score, communeId: units.communeId, agencyId: units.agencyId },
		course,
		now
	);
	return { status: 'completed', completedAt: now, certificateCode };
}

/**
 * The course's rule (like cmi5's moveOn): all lessons, the final quiz passed in this course
 * version, or both. The score is the best passing one, when the rule involves the quiz.
 */
function rulesMet(tx: DbOrTx, personId: number, course: CatalogCourse): { met: boolean; score: number | null } {
	const needsLessons = course.completion !== 'quiz-only';
	const needsQuiz = course.completion !== 'all-lessons';
	if (needsLessons) {
		const ids = course.lessons.map((lesson) => lesson.id);
		const done = tx
			.select({ lessonId: lessonProgress.lessonId })
			.from(lessonProgress)
			.where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, course.id), inArray(lessonProgress.lessonId, ids), isNotNull(lessonProgress.completedAt)))
			.all();
		if (done.length !== ids.length) return { met: false, score: null };
	}
	if (!needsQuiz) return { met: true, score: null };
	const quiz = course.finalQuiz;
	if (!quiz) return { met: false, score: null };
	const best = tx
		.select({ score: max(quizAttempts.score) })
		.from(quizAttempts)
		.where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, course.id), eq(quizAttempts.quizId, quiz.id), eq(quizAttempts.courseVersion, course.version), eq(quizAttempts.passed, true)))
		.get();
	return best?.score == null ? { met: false, score: null } : { met: true, score: best.score };
}

/** The person's latest completion of each course (any version), newest first. */
export function completionsOf(db: DbOrTx, personId: number): { courseId: string; courseVersion: number; completedAt: Date; score: number | null }[] {
	return db
		.select({ courseId: completions.courseId, courseVersion: completions.courseVersion, completedAt: completions.completedAt, score: completions.score })
		.from(completions)
		.where(eq(completions.personId, personId))
		.orderBy(desc(completions.completedAt))
		.all();
}
