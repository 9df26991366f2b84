import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { completions, lessonProgress } from '../db/schema';
import type { LearnerUnits } from './learner';

export type CompletionOutcome =
	| { status: 'completed'; completedAt: Date }
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
	if (!rulesMet(tx, units.personId, course)) return { status: 'not-yet' };
	if (units.communeId === null && units.agencyId === null) return { status: 'no-unit' };
	tx.insert(completions)
		.values({
			personId: units.personId,
			provinceId: units.provinceId,
			courseId: course.id,
			courseVersion: course.version,
			completedAt: now,
			score: null,
			communeIdAtCompletion: units.communeId,
			agencyIdAtCompletion: units.agencyId,
			staffGroupAtCompletion: units.staffGroup
		})
		.run();
	return { status: 'completed', completedAt: now };
}

function rulesMet(tx: DbOrTx, personId: number, course: CatalogCourse): boolean {
	// The final quiz arrives with the quiz engine; until a course's quiz can be passed, only the
	// lessons-only rule can be met.
	if (course.completion !== 'all-lessons') return false;
	const ids = course.lessons.map((lesson) => lesson.id);
	const done = tx
		.select({ lessonId: lessonProgress.lessonId })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, course.id), inArray(lessonProgress.lessonId, ids), isNotNull(lessonProgress.completedAt)))
		.all();
	return done.length === ids.length;
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
