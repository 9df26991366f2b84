import type { Criterion } from '../content/schema';
import { vietnamDayEnd, vietnamDayStart } from '../../vietnam-day';

export const CRITERION_STATES = ['met', 'in_progress', 'not_started', 'overdue'] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];

/** A completion as evidence: the course, when, with what score, and its certificate. */
export interface CompletionFact {
	courseId: string;
	courseVersion: number;
	completedAt: Date;
	score: number | null;
	certificateCode: string | null;
	/** When the certificate was revoked, if it was: it stops counting from that instant. */
	revokedAt: Date | null;
}

/** What a person did in one course up to the report's instant. */
export interface CourseActivity {
	lessonsDone: number;
	/** Opened a lesson or started the quiz. */
	started: boolean;
}

/** How many steps a course has: its lessons, and its final quiz as one more. */
export interface CourseSteps {
	lessons: number;
	quiz: boolean;
}

export interface PersonStatus {
	state: CriterionState;
	/** When the rule became true: the last needed course's completion. */
	metAt: Date | null;
	/** Met, but after the deadline. */
	late: boolean;
	/** 0–100: share of the needed steps done (lessons and quizzes of the best courses). */
	percent: number;
	/** The completions that made it met, earliest per course. */
	evidence: CompletionFact[];
}

/** The instants a criterion's days stand for, in Vietnam: the period and the deadline, inclusive. */
export function criterionWindow(criterion: Criterion) {
	return {
		from: vietnamDayStart(criterion.period.from),
		to: vietnamDayEnd(criterion.period.to),
		deadline: vietnamDayEnd(criterion.deadline)
	};
}

/** Whether a completion counts towards the criterion as of an instant. */
export function completionCounts(criterion: Criterion, completion: CompletionFact, asOf: Date): boolean {
	const { from, to } = criterionWindow(criterion);
	const { met } = criterion;
	if (!met.courses.includes(completion.courseId)) return false;
	if (completion.completedAt < from || completion.completedAt > to || completion.completedAt > asOf) return false;
	// A course without a scored quiz cannot show a minimum score.
	if (met.minScore !== undefined && (completion.score === null || completion.score < met.minScore)) return false;
	if (completion.courseVersion < (met.minVersion?.[completion.courseId] ?? 1)) return false;
	// Revoked later than the report's instant: the report still tells what was true then.
	return completion.revokedAt === null || completion.revokedAt > asOf;
}

/**
 * One person's standing on one criterion as of an instant, from their completions and activity.
 * Pure, so each rule form and boundary is tested without a database.
 */
export function personStatus(
	criterion: Criterion,
	completions: readonly CompletionFact[],
	activity: ReadonlyMap<string, CourseActivity>,
	steps: ReadonlyMap<string, CourseSteps>,
	asOf: Date
): PersonStatus {
	const { met } = criterion;
	const earliest = new Map<string, CompletionFact>();
	for (const completion of completions) {
		if (!completionCounts(criterion, completion, asOf)) continue;
		const known = earliest.get(completion.courseId);
		if (!known || completion.completedAt < known.completedAt) earliest.set(completion.courseId, completion);
	}
	const needed = met.rule === 'all' ? met.courses.length : (met.count ?? 1);
	const done = [...earliest.values()].sort((a, b) => +a.completedAt - +b.completedAt);
	const { deadline } = criterionWindow(criterion);

	if (done.length >= needed) {
		const evidence = done.slice(0, needed);
		const metAt = evidence.at(-1)!.completedAt;
		return { state: 'met', metAt, late: metAt > deadline, percent: 100, evidence };
	}

	const shares = met.courses.map((courseId) => {
		if (earliest.has(courseId)) return 1;
		const course = steps.get(courseId);
		const total = (course?.lessons ?? 0) + (course?.quiz ? 1 : 0);
		return total === 0 ? 0 : Math.min(activity.get(courseId)?.lessonsDone ?? 0, course?.lessons ?? 0) / total;
	});
	const best = shares.sort((a, b) => b - a).slice(0, needed);
	// Never 100 while unmet: a course whose lessons are all done still needs its quiz.
	const percent = Math.min(99, Math.floor((100 * best.reduce((sum, share) => sum + share, 0)) / needed));
	const started = earliest.size > 0 || met.courses.some((courseId) => activity.get(courseId)?.started || completions.some((c) => c.courseId === courseId && c.completedAt <= asOf));
	// The deadline's last millisecond has no time left in it: a report computed then is past it.
	const state: CriterionState = asOf >= deadline ? 'overdue' : started ? 'in_progress' : 'not_started';
	return { state, metAt: null, late: false, percent, evidence: [] };
}
