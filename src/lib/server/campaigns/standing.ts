/** Where one person stands in a campaign. Pure, so every rule is tested without a database. */
export type CampaignState = 'done' | 'overdue' | 'in_progress' | 'not_started';

/** A campaign course: its id and how many lessons its current version has. */
export interface CampaignCourse {
	id: string;
	lessons: number;
}

/** What is known of the person in each campaign course. */
export interface CourseFacts {
	/** The first completion that still counts (its certificate not revoked). */
	completedAt: Date | null;
	lessonsDone: number;
	/** Any lesson opened or quiz started. */
	started: boolean;
}

export interface CampaignStanding {
	state: CampaignState;
	/** Lessons done across the campaign's courses, a completed course counting whole: 0–100. */
	percent: number;
	/** When the last course was completed, once all are. */
	completedAt: Date | null;
	/** Completed, but after the deadline. */
	late: boolean;
}

const NONE: CourseFacts = { completedAt: null, lessonsDone: 0, started: false };

/**
 * Done once every course is completed, whenever that was (a course finished before the campaign
 * began still counts); overdue from the instant after the deadline's last millisecond.
 */
export function campaignStanding(courses: readonly CampaignCourse[], facts: ReadonlyMap<string, CourseFacts>, deadlineAt: Date, now: Date): CampaignStanding {
	let lessons = 0;
	let done = 0;
	let completedAt: Date | null = null;
	let allDone = courses.length > 0;
	let started = false;
	for (const course of courses) {
		const fact = facts.get(course.id) ?? NONE;
		lessons += course.lessons;
		if (fact.completedAt) {
			done += course.lessons;
			if (!completedAt || fact.completedAt > completedAt) completedAt = fact.completedAt;
		} else {
			allDone = false;
			done += Math.min(fact.lessonsDone, course.lessons);
		}
		started ||= fact.started || fact.completedAt !== null;
	}
	const percent = lessons === 0 ? (allDone ? 100 : 0) : Math.floor((done * 100) / lessons);
	if (allDone) return { state: 'done', percent: 100, completedAt, late: completedAt! > deadlineAt };
	const state: CampaignState = now > deadlineAt ? 'overdue' : started ? 'in_progress' : 'not_started';
	return { state, percent, completedAt: null, late: false };
}
