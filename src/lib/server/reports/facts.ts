import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Catalog } from '../content/catalog';
import type { Criterion } from '../content/schema';
import type { DbOrTx } from '../db/client';
import { certificates, completions, lessonProgress, quizAttempts } from '../db/schema';
import { type CompletionFact, type CourseActivity, type CourseSteps, criterionWindow } from './status';

export interface CriterionFacts {
	completions: Map<number, CompletionFact[]>;
	activity: Map<number, Map<string, CourseActivity>>;
	steps: Map<string, CourseSteps>;
}

/**
 * Everything personStatus needs for the criterion's courses in a province, read in three grouped
 * queries whatever the number of people: completions in the period with their certificates,
 * lessons done and quizzes started up to the instant.
 */
export function criterionFacts(db: DbOrTx, criterion: Criterion, catalog: Catalog, provinceId: number, asOf: Date, personIds?: readonly number[]): CriterionFacts {
	const courses = criterion.met.courses;
	const { from, to } = criterionWindow(criterion);
	const only = personIds && personIds.length <= 500 ? personIds : undefined;
	const byPerson = new Map<number, CompletionFact[]>();
	const rows = db
		.select({
			personId: completions.personId,
			courseId: completions.courseId,
			courseVersion: completions.courseVersion,
			completedAt: completions.completedAt,
			score: completions.score,
			certificateCode: certificates.code,
			revokedAt: certificates.revokedAt
		})
		.from(completions)
		.leftJoin(certificates, eq(certificates.completionId, completions.id))
		.where(
			and(
				eq(completions.provinceId, provinceId),
				inArray(completions.courseId, courses),
				gte(completions.completedAt, from),
				lte(completions.completedAt, asOf < to ? asOf : to),
				only ? inArray(completions.personId, only) : undefined
			)
		)
		.all();
	for (const { personId, ...fact } of rows) {
		// A revocation after the instant was not known then: a past report stays as it was.
		if (fact.revokedAt !== null && fact.revokedAt > asOf) fact.revokedAt = null;
		const list = byPerson.get(personId);
		if (list) list.push(fact);
		else byPerson.set(personId, [fact]);
	}

	const activity = new Map<number, Map<string, CourseActivity>>();
	const note = (personId: number, courseId: string, lessonsDone: number) => {
		let courses = activity.get(personId);
		if (!courses) activity.set(personId, (courses = new Map()));
		const known = courses.get(courseId);
		courses.set(courseId, { lessonsDone: Math.max(known?.lessonsDone ?? 0, lessonsDone), started: true });
	};
	const lessons = db
		.select({
			personId: lessonProgress.personId,
			courseId: lessonProgress.courseId,
			done: sql<number>`sum(${lessonProgress.completedAt} IS NOT NULL AND ${lessonProgress.completedAt} <= ${+asOf})`
		})
		.from(lessonProgress)
		.where(and(inArray(lessonProgress.courseId, courses), lte(lessonProgress.firstSeenAt, asOf), only ? inArray(lessonProgress.personId, only) : undefined))
		.groupBy(lessonProgress.personId, lessonProgress.courseId)
		.all();
	for (const row of lessons) note(row.personId, row.courseId, Number(row.done ?? 0));
	const quizzes = db
		.select({ personId: quizAttempts.personId, courseId: quizAttempts.courseId })
		.from(quizAttempts)
		.where(and(inArray(quizAttempts.courseId, courses), lte(quizAttempts.startedAt, asOf), only ? inArray(quizAttempts.personId, only) : undefined))
		.groupBy(quizAttempts.personId, quizAttempts.courseId)
		.all();
	for (const row of quizzes) note(row.personId, row.courseId, 0);

	const steps = new Map<string, CourseSteps>();
	for (const courseId of courses) {
		const course = catalog.byId.get(courseId);
		steps.set(courseId, { lessons: course?.lessons.length ?? 0, quiz: course?.finalQuiz != null });
	}
	return { completions: byPerson, activity, steps };
}
