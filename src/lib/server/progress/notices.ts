import { DAY_MS, vietnamDayOf } from '../../vietnam-day';

/** How close a deadline must be, in Vietnamese calendar days, before the learner is reminded. */
export const NOTICE_WINDOW_DAYS = 7;

export interface NoticeSource {
	courseId: string;
	courseTitle: string;
	deadlineAt: Date;
	completed: boolean;
}

export type LearningNotice =
	| { kind: 'overdue'; courseId: string; courseTitle: string; deadlineAt: Date }
	| { kind: 'due'; courseId: string; courseTitle: string; deadlineAt: Date; daysLeft: number };

/**
 * Reminders for assigned courses not finished yet: overdue ones, and those whose deadline day is
 * at most seven Vietnamese days away. Computed on every visit, so nothing is stored or sent.
 * Most urgent first: overdue before due, then the earliest deadline.
 */
export function learningNotices(sources: readonly NoticeSource[], now: Date): LearningNotice[] {
	const today = Date.parse(vietnamDayOf(now));
	return sources
		.filter((source) => !source.completed)
		.flatMap((source): LearningNotice[] => {
			const { courseId, courseTitle, deadlineAt } = source;
			if (deadlineAt.getTime() < now.getTime()) return [{ kind: 'overdue', courseId, courseTitle, deadlineAt }];
			const daysLeft = Math.round((Date.parse(vietnamDayOf(deadlineAt)) - today) / DAY_MS);
			return daysLeft <= NOTICE_WINDOW_DAYS ? [{ kind: 'due', courseId, courseTitle, deadlineAt, daysLeft }] : [];
		})
		.sort((a, b) => (a.kind === b.kind ? a.deadlineAt.getTime() - b.deadlineAt.getTime() : a.kind === 'overdue' ? -1 : 1));
}
