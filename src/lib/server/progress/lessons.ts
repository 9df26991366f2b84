import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CatalogCourse } from '../content/catalog';
import { type AppDatabase, type DbOrTx, builtOnce } from '../db/client';
import { lessonProgress } from '../db/schema';
import { type CompletionOutcome, recordCompletionIfMet } from './completion';
import { learnerUnits } from './learner';

export interface CourseProgress {
	/** Ids of the course's current lessons this person has seen / marked done. */
	seen: Set<string>;
	done: Set<string>;
	/** Share of the current lessons done, 0–100, rounded down so 100 means all. */
	percent: number;
	/** Where to pick up: the first lesson not done, or null when all are. */
	resumeLessonId: string | null;
}

/** Every course and lesson page reads it: built once. */
const lessonsOf = builtOnce((db) =>
	db
		.select({ lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.personId, sql.placeholder('personId')), eq(lessonProgress.courseId, sql.placeholder('courseId'))))
		.prepare()
);

/**
 * Progress on the course as it is now. Lesson ids are stable across versions, so lessons kept in a
 * new version keep their progress and removed ones simply stop counting.
 */
export function courseProgress(db: DbOrTx, personId: number, course: CatalogCourse): CourseProgress {
	const rows = lessonsOf(db).all({ personId, courseId: course.id });
	const current = new Set(course.lessons.map((lesson) => lesson.id));
	const seen = new Set(rows.filter((row) => current.has(row.lessonId)).map((row) => row.lessonId));
	const done = new Set(rows.filter((row) => row.completedAt !== null && current.has(row.lessonId)).map((row) => row.lessonId));
	return {
		seen,
		done,
		percent: Math.floor((done.size * 100) / course.lessons.length),
		resumeLessonId: course.lessons.find((lesson) => !done.has(lesson.id))?.id ?? null
	};
}

/** In a course whose lessons open in order: the first earlier lesson not yet done, if any. */
export function lessonBlockedBy(course: CatalogCourse, lessonId: string, done: ReadonlySet<string>): string | null {
	if (!course.lessonsInOrder) return null;
	for (const lesson of course.lessons) {
		if (lesson.id === lessonId) return null;
		if (!done.has(lesson.id)) return lesson.id;
	}
	return null;
}

/** Notes the first time a person opens a lesson; later visits change nothing. */
export function recordLessonSeen(db: DbOrTx, personId: number, courseId: string, lessonId: string, now: Date): void {
	db.insert(lessonProgress).values({ personId, courseId, lessonId, firstSeenAt: now }).onConflictDoNothing().run();
}

export type MarkDoneResult =
	| { status: 'done'; completion: CompletionOutcome }
	/** Done before; the course completion is still decided, in case it was missed then (no unit yet, new version). */
	| { status: 'already-done'; completion: CompletionOutcome }
	| { status: 'locked'; blockedBy: string }
	| { status: 'unknown-lesson' };

/**
 * Marks a lesson done, once: the person's commune and agency are copied at that moment, and the
 * course completion is decided in the same transaction when this was the last thing missing.
 */
export function markLessonDone(db: AppDatabase, personId: number, course: CatalogCourse, lessonId: string, now: Date): MarkDoneResult {
	if (!course.lessons.some((lesson) => lesson.id === lessonId)) return { status: 'unknown-lesson' };
	return db.transaction((tx) => {
		const progress = courseProgress(tx, personId, course);
		if (progress.done.has(lessonId)) return { status: 'already-done', completion: recordCompletionIfMet(tx, learnerUnits(tx, personId), course, now) } as const;
		const blockedBy = lessonBlockedBy(course, lessonId, progress.done);
		if (blockedBy) return { status: 'locked', blockedBy } as const;
		const units = learnerUnits(tx, personId);
		const snapshot = { completedAt: now, communeIdAtCompletion: units.communeId, agencyIdAtCompletion: units.agencyId };
		recordLessonSeen(tx, personId, course.id, lessonId, now);
		tx.update(lessonProgress)
			.set(snapshot)
			.where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, course.id), eq(lessonProgress.lessonId, lessonId), isNull(lessonProgress.completedAt)))
			.run();
		return { status: 'done', completion: recordCompletionIfMet(tx, units, course, now) } as const;
	});
}
