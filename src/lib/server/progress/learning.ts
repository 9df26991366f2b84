import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { campaignCovers } from '../campaigns/reach';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { assignmentCourses, assignments, lessonProgress } from '../db/schema';
import { loadAgencyTree } from '../people/agency-tree';
import { completionsOf } from './completion';
import { type LearnerUnits, learnerUnits } from './learner';

export interface CourseStanding {
	courseId: string;
	/** Share of the current lessons done, 0–100. */
	percent: number;
	started: boolean;
	/** The first lesson not done yet, or null when all are. */
	resumeLessonId: string | null;
	/** Completion of the current version, or of an older one (then `completedVersion` is lower). */
	completedAt: Date | null;
	completedVersion: number | null;
}

/** Where the person stands in each of these courses, from two queries however many courses there are. */
export function courseStandings(db: DbOrTx, personId: number, courses: readonly CatalogCourse[]): Map<string, CourseStanding> {
	const rows = db
		.select({ courseId: lessonProgress.courseId, lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt })
		.from(lessonProgress)
		.where(eq(lessonProgress.personId, personId))
		.all();
	const completed = new Map<string, { completedAt: Date; courseVersion: number }>();
	// Newest first: the first row per course is its latest completion.
	for (const row of completionsOf(db, personId)) if (!completed.has(row.courseId)) completed.set(row.courseId, row);
	return new Map(
		courses.map((course) => {
			const ids = new Set(course.lessons.map((lesson) => lesson.id));
			const mine = rows.filter((row) => row.courseId === course.id && ids.has(row.lessonId));
			const done = new Set(mine.filter((row) => row.completedAt !== null).map((row) => row.lessonId));
			const completion = completed.get(course.id);
			return [
				course.id,
				{
					courseId: course.id,
					percent: Math.floor((done.size * 100) / course.lessons.length),
					started: mine.length > 0,
					resumeLessonId: course.lessons.find((lesson) => !done.has(lesson.id))?.id ?? null,
					completedAt: completion?.completedAt ?? null,
					completedVersion: completion?.courseVersion ?? null
				}
			];
		})
	);
}

export interface AssignedCourse {
	courseId: string;
	assignmentTitle: string;
	startsAt: Date;
	deadlineAt: Date;
}

/**
 * Courses assigned to this person by campaigns that have started and are not cancelled, by the
 * same rule the managers' lists use. Earliest deadline first; a course assigned twice shows once.
 */
export function assignedCourses(db: DbOrTx, personId: number, now: Date): AssignedCourse[] {
	const person: LearnerUnits = learnerUnits(db, personId);
	const tree = loadAgencyTree(db, person.provinceId);
	const rows = db
		.select({
			courseId: assignmentCourses.courseId,
			assignmentTitle: assignments.title,
			startsAt: assignments.startsAt,
			deadlineAt: assignments.deadlineAt,
			provinceId: assignments.provinceId,
			communeId: assignments.communeId,
			agencyId: assignments.agencyId,
			includeSubunits: assignments.includeSubunits,
			audience: assignments.audience,
			staffGroup: assignments.staffGroup
		})
		.from(assignments)
		.innerJoin(assignmentCourses, eq(assignmentCourses.assignmentId, assignments.id))
		.where(and(eq(assignments.provinceId, person.provinceId), isNull(assignments.cancelledAt), lte(assignments.startsAt, now)))
		.orderBy(asc(assignments.deadlineAt))
		.all();
	const seen = new Set<string>();
	return rows
		.filter((row) => campaignCovers(row, person, tree))
		.filter((row) => (seen.has(row.courseId) ? false : (seen.add(row.courseId), true)))
		.map(({ courseId, assignmentTitle, startsAt, deadlineAt }) => ({ courseId, assignmentTitle, startsAt, deadlineAt }));
}
