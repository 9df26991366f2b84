import { describe, expect, it } from 'vitest';
import { type CourseActivity, type CourseSteps, completionCounts, criterionWindow, personStatus } from '../../src/lib/server/reports/status';
import { fact, makeCriterion } from '../helpers/reports';

// The test criterion: the year 2026 in Vietnam, deadline 30 June 2026, courses khoa-a and khoa-b.
const PERIOD_START = '2025-12-31T17:00:00.000Z'; // 00:00 on 1 January 2026 in Vietnam
const PERIOD_END = '2026-12-31T16:59:59.999Z'; // 23:59:59.999 on 31 December 2026 in Vietnam
const DEADLINE = '2026-06-30T16:59:59.999Z'; // 23:59:59.999 on 30 June 2026 in Vietnam
const YEAR_END = new Date(PERIOD_END);
const MID_MAY = new Date('2026-05-15T05:00:00Z');

const ms = (instant: string, delta: number) => new Date(Date.parse(instant) + delta);

/** Four lessons and a final quiz (five steps) in khoa-a; three lessons and no quiz in khoa-b. */
const STEPS = new Map<string, CourseSteps>([
	['khoa-a', { lessons: 4, quiz: true }],
	['khoa-b', { lessons: 3, quiz: false }],
	['khoa-c', { lessons: 2, quiz: true }]
]);
const NOTHING = new Map<string, CourseActivity>();
const activity = (entries: Record<string, CourseActivity>) => new Map(Object.entries(entries));

describe('the days a criterion stands for', () => {
	it('starts the period at midnight and ends it and the deadline at the last millisecond of the day in Vietnam', () => {
		expect(criterionWindow(makeCriterion())).toEqual({ from: new Date(PERIOD_START), to: new Date(PERIOD_END), deadline: new Date(DEADLINE) });
	});
});

describe('which completions count', () => {
	const criterion = makeCriterion();

	it('counts only the criterion’s own courses', () => {
		expect(completionCounts(criterion, fact('khoa-a', '2026-03-01T03:00:00Z'), YEAR_END)).toBe(true);
		expect(completionCounts(criterion, fact('khoa-khac', '2026-03-01T03:00:00Z'), YEAR_END)).toBe(false);
	});

	it('does not count a completion from before the period’s first day in Vietnam', () => {
		expect(completionCounts(criterion, fact('khoa-a', ms(PERIOD_START, -1)), YEAR_END)).toBe(false);
		expect(completionCounts(criterion, fact('khoa-a', PERIOD_START), YEAR_END)).toBe(true);
	});

	it('does not count a completion from after the period’s last day in Vietnam', () => {
		const after = ms(PERIOD_END, 1);
		expect(completionCounts(criterion, fact('khoa-a', PERIOD_END), after)).toBe(true);
		expect(completionCounts(criterion, fact('khoa-a', after), after)).toBe(false);
	});

	it('does not count a completion made after the report’s instant', () => {
		expect(completionCounts(criterion, fact('khoa-a', '2026-05-15T05:00:00Z'), MID_MAY)).toBe(true);
		expect(completionCounts(criterion, fact('khoa-a', '2026-05-15T05:00:00.001Z'), MID_MAY)).toBe(false);
	});

	it('counts a score equal to the minimum, not one below it, and never a missing score', () => {
		const scored = makeCriterion({ met: { rule: 'all', courses: ['khoa-a', 'khoa-b'], minScore: 80 } });
		const at = '2026-03-01T03:00:00Z';
		expect(completionCounts(scored, fact('khoa-a', at, { score: 80 }), YEAR_END)).toBe(true);
		expect(completionCounts(scored, fact('khoa-a', at, { score: 100 }), YEAR_END)).toBe(true);
		expect(completionCounts(scored, fact('khoa-a', at, { score: 79.9 }), YEAR_END)).toBe(false);
		expect(completionCounts(scored, fact('khoa-a', at, { score: null }), YEAR_END)).toBe(false);
	});

	it('ignores the score when the criterion sets no minimum', () => {
		expect(completionCounts(criterion, fact('khoa-a', '2026-03-01T03:00:00Z', { score: 10 }), YEAR_END)).toBe(true);
		expect(completionCounts(criterion, fact('khoa-a', '2026-03-01T03:00:00Z', { score: null }), YEAR_END)).toBe(true);
	});

	it('counts only the versions from the minimum on, for the course that names one', () => {
		const versioned = makeCriterion({ met: { rule: 'all', courses: ['khoa-a', 'khoa-b'], minVersion: { 'khoa-a': 2 } } });
		const at = '2026-03-01T03:00:00Z';
		expect(completionCounts(versioned, fact('khoa-a', at, { courseVersion: 1 }), YEAR_END)).toBe(false);
		expect(completionCounts(versioned, fact('khoa-a', at, { courseVersion: 2 }), YEAR_END)).toBe(true);
		expect(completionCounts(versioned, fact('khoa-a', at, { courseVersion: 3 }), YEAR_END)).toBe(true);
		expect(completionCounts(versioned, fact('khoa-b', at, { courseVersion: 1 }), YEAR_END)).toBe(true);
	});

	it('stops counting a certificate from the instant it is revoked, and still counts it in a report from before', () => {
		const revoked = fact('khoa-a', '2026-03-01T03:00:00Z', { certificateCode: 'ABCDEFGHJK', revokedAt: new Date('2026-04-01T03:00:00Z') });
		expect(completionCounts(criterion, revoked, new Date('2026-03-31T16:59:59.999Z'))).toBe(true);
		expect(completionCounts(criterion, revoked, new Date('2026-04-01T02:59:59.999Z'))).toBe(true);
		expect(completionCounts(criterion, revoked, new Date('2026-04-01T03:00:00Z'))).toBe(false);
		expect(completionCounts(criterion, revoked, YEAR_END)).toBe(false);
	});
});

describe('a person’s standing', () => {
	it('is met under rule "all" only once every course is done, at the last one’s completion', () => {
		const criterion = makeCriterion();
		const first = fact('khoa-b', '2026-02-01T03:00:00Z');
		const second = fact('khoa-a', '2026-03-01T03:00:00Z');
		expect(personStatus(criterion, [first], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		const status = personStatus(criterion, [second, first], NOTHING, STEPS, MID_MAY);
		expect(status).toEqual({ state: 'met', metAt: second.completedAt, late: false, percent: 100, evidence: [first, second] });
	});

	it('is met under rule "any" once the counted number of courses is done, with the earliest ones as evidence', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 2, courses: ['khoa-a', 'khoa-b', 'khoa-c'] } });
		const a = fact('khoa-a', '2026-04-01T03:00:00Z');
		const b = fact('khoa-b', '2026-02-01T03:00:00Z');
		const c = fact('khoa-c', '2026-03-01T03:00:00Z');
		expect(personStatus(criterion, [a], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		const status = personStatus(criterion, [a, b, c], NOTHING, STEPS, MID_MAY);
		expect(status.state).toBe('met');
		expect(status.evidence).toEqual([b, c]);
		expect(status.metAt).toEqual(c.completedAt);
	});

	it('is met under rule "any" with a count of one by any single course', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a', 'khoa-b'] } });
		expect(personStatus(criterion, [fact('khoa-b', '2026-02-01T03:00:00Z')], NOTHING, STEPS, MID_MAY).state).toBe('met');
	});

	it('does not let one course completed twice (two versions) stand for two courses, and keeps its earliest counting completion', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 2, courses: ['khoa-a', 'khoa-b'] } });
		const v1 = fact('khoa-a', '2026-02-01T03:00:00Z', { courseVersion: 1 });
		const v2 = fact('khoa-a', '2026-03-01T03:00:00Z', { courseVersion: 2 });
		expect(personStatus(criterion, [v2, v1], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		const b = fact('khoa-b', '2026-04-01T03:00:00Z');
		expect(personStatus(criterion, [v2, v1, b], NOTHING, STEPS, MID_MAY).evidence).toEqual([v1, b]);
	});

	it('is not met by a score below the minimum or a missing score, and is met by a score equal to it', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'], minScore: 80 } });
		const at = '2026-03-01T03:00:00Z';
		expect(personStatus(criterion, [fact('khoa-a', at, { score: 79 })], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		expect(personStatus(criterion, [fact('khoa-a', at, { score: null })], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		expect(personStatus(criterion, [fact('khoa-a', at, { score: 80 })], NOTHING, STEPS, MID_MAY).state).toBe('met');
	});

	it('is not met by an older version than the minimum', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'], minVersion: { 'khoa-a': 2 } } });
		const at = '2026-03-01T03:00:00Z';
		expect(personStatus(criterion, [fact('khoa-a', at, { courseVersion: 1 })], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
		expect(personStatus(criterion, [fact('khoa-a', at, { courseVersion: 2 })], NOTHING, STEPS, MID_MAY).state).toBe('met');
	});

	it('is not met by completions from before the period or after its end', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'] }, deadline: '2026-12-31' });
		const afterEnd = ms(PERIOD_END, 60_000);
		expect(personStatus(criterion, [fact('khoa-a', ms(PERIOD_START, -1))], NOTHING, STEPS, YEAR_END).state).not.toBe('met');
		expect(personStatus(criterion, [fact('khoa-a', afterEnd)], NOTHING, STEPS, afterEnd).state).not.toBe('met');
		expect(personStatus(criterion, [fact('khoa-a', PERIOD_START)], NOTHING, STEPS, YEAR_END).state).toBe('met');
		expect(personStatus(criterion, [fact('khoa-a', PERIOD_END)], NOTHING, STEPS, YEAR_END).state).toBe('met');
	});

	it('counts a completion at 23:59:59.999 on the deadline day in Vietnam as on time, and one a millisecond later as late', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'] } });
		const onTime = personStatus(criterion, [fact('khoa-a', DEADLINE)], NOTHING, STEPS, YEAR_END);
		expect(onTime).toMatchObject({ state: 'met', late: false, metAt: new Date(DEADLINE) });
		const late = personStatus(criterion, [fact('khoa-a', ms(DEADLINE, 1))], NOTHING, STEPS, YEAR_END);
		expect(late).toMatchObject({ state: 'met', late: true, metAt: ms(DEADLINE, 1), percent: 100 });
	});

	it('is late under rule "all" when only the last course came after the deadline', () => {
		const criterion = makeCriterion();
		const status = personStatus(criterion, [fact('khoa-a', '2026-03-01T03:00:00Z'), fact('khoa-b', '2026-07-01T03:00:00Z')], NOTHING, STEPS, YEAR_END);
		expect(status).toMatchObject({ state: 'met', late: true });
	});

	it('is overdue when the report’s instant is after the deadline and the rule is not met, started or not', () => {
		const criterion = makeCriterion();
		const afterDeadline = ms(DEADLINE, 1);
		expect(personStatus(criterion, [], NOTHING, STEPS, afterDeadline).state).toBe('overdue');
		expect(personStatus(criterion, [fact('khoa-a', '2026-03-01T03:00:00Z')], NOTHING, STEPS, afterDeadline).state).toBe('overdue');
		expect(personStatus(criterion, [], activity({ 'khoa-a': { lessonsDone: 2, started: true } }), STEPS, YEAR_END).state).toBe('overdue');
	});

	it('is overdue from the deadline day’s last millisecond (a report at the period’s end says who missed it), not one ms before', () => {
		const criterion = makeCriterion();
		expect(personStatus(criterion, [], NOTHING, STEPS, new Date(DEADLINE)).state).toBe('overdue');
		expect(personStatus(criterion, [], NOTHING, STEPS, new Date(+new Date(DEADLINE) - 1)).state).toBe('not_started');
		expect(personStatus(criterion, [fact('khoa-a', '2026-03-01T03:00:00Z')], NOTHING, STEPS, new Date(+new Date(DEADLINE) - 1)).state).toBe('in_progress');
	});

	it('is not started without any activity in the criterion’s courses, and in progress once a lesson is opened or the quiz started', () => {
		const criterion = makeCriterion();
		expect(personStatus(criterion, [], NOTHING, STEPS, MID_MAY)).toEqual({ state: 'not_started', metAt: null, late: false, percent: 0, evidence: [] });
		expect(personStatus(criterion, [], activity({ 'khoa-khac': { lessonsDone: 5, started: true } }), STEPS, MID_MAY).state).toBe('not_started');
		const opened = personStatus(criterion, [], activity({ 'khoa-b': { lessonsDone: 0, started: true } }), STEPS, MID_MAY);
		expect(opened).toMatchObject({ state: 'in_progress', percent: 0 });
	});

	it('is in progress after a completion that does not count, such as a score below the minimum', () => {
		const criterion = makeCriterion({ met: { rule: 'all', courses: ['khoa-a'], minScore: 90 } });
		expect(personStatus(criterion, [fact('khoa-a', '2026-03-01T03:00:00Z', { score: 50 })], NOTHING, STEPS, MID_MAY).state).toBe('in_progress');
	});

	it('is not started when the only completion comes after the report’s instant', () => {
		const criterion = makeCriterion();
		expect(personStatus(criterion, [fact('khoa-a', '2026-06-01T03:00:00Z')], NOTHING, STEPS, MID_MAY)).toMatchObject({ state: 'not_started', percent: 0 });
	});

	it('is met with 100 % whatever the activity, and never 100 % while unmet', () => {
		const criterion = makeCriterion({ met: { rule: 'all', courses: ['khoa-b'] } });
		// Every lesson of a course without a quiz done, but its completion does not count (after the report's instant).
		const allLessons = activity({ 'khoa-b': { lessonsDone: 3, started: true } });
		expect(personStatus(criterion, [], allLessons, STEPS, MID_MAY)).toMatchObject({ state: 'in_progress', percent: 99 });
		expect(personStatus(criterion, [fact('khoa-b', '2026-03-01T03:00:00Z')], NOTHING, STEPS, MID_MAY)).toMatchObject({ state: 'met', percent: 100 });
	});

	it('counts a course’s final quiz as one more step than its lessons', () => {
		const criterion = makeCriterion({ met: { rule: 'all', courses: ['khoa-a'] } });
		// Four lessons of four done, the quiz not passed: 4 of 5 steps.
		expect(personStatus(criterion, [], activity({ 'khoa-a': { lessonsDone: 4, started: true } }), STEPS, MID_MAY).percent).toBe(80);
		expect(personStatus(criterion, [], activity({ 'khoa-a': { lessonsDone: 1, started: true } }), STEPS, MID_MAY).percent).toBe(20);
	});

	it('averages over the needed courses, a counting completion being a whole course', () => {
		const criterion = makeCriterion();
		// khoa-a done (1), khoa-b one lesson of three (1/3): (1 + 1/3) / 2 = 66.6… → 66.
		const status = personStatus(criterion, [fact('khoa-a', '2026-03-01T03:00:00Z')], activity({ 'khoa-b': { lessonsDone: 1, started: true } }), STEPS, MID_MAY);
		expect(status).toMatchObject({ state: 'in_progress', percent: 66 });
		// khoa-a four of five steps, khoa-b nothing: 0.8 / 2 = 40.
		expect(personStatus(criterion, [], activity({ 'khoa-a': { lessonsDone: 4, started: true } }), STEPS, MID_MAY).percent).toBe(40);
	});

	it('takes the courses furthest along under rule "any"', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a', 'khoa-b'] } });
		// khoa-a 2 of 5 steps, khoa-b 2 of 3: the better one counts.
		const both = activity({ 'khoa-a': { lessonsDone: 2, started: true }, 'khoa-b': { lessonsDone: 2, started: true } });
		expect(personStatus(criterion, [], both, STEPS, MID_MAY).percent).toBe(66);
	});

	it('never counts more lessons than the course has', () => {
		const criterion = makeCriterion({ met: { rule: 'all', courses: ['khoa-a'] } });
		expect(personStatus(criterion, [], activity({ 'khoa-a': { lessonsDone: 9, started: true } }), STEPS, MID_MAY).percent).toBe(80);
	});

	it('does not count a certificate revoked before the report’s instant, and does count one revoked after it', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'] } });
		const revoked = fact('khoa-a', '2026-03-01T03:00:00Z', { certificateCode: 'ABCDEFGHJK', revokedAt: new Date('2026-04-01T03:00:00Z') });
		expect(personStatus(criterion, [revoked], NOTHING, STEPS, new Date('2026-03-31T16:59:59.999Z'))).toMatchObject({ state: 'met', metAt: revoked.completedAt });
		const after = personStatus(criterion, [revoked], NOTHING, STEPS, MID_MAY);
		expect(after.state).toBe('in_progress');
		expect(after.evidence).toEqual([]);
		expect(after.metAt).toBeNull();
	});

	it('falls back on a later valid completion of the same course when an earlier certificate was revoked', () => {
		const criterion = makeCriterion({ met: { rule: 'any', count: 1, courses: ['khoa-a'] } });
		const revoked = fact('khoa-a', '2026-02-01T03:00:00Z', { courseVersion: 1, revokedAt: new Date('2026-03-01T03:00:00Z') });
		const again = fact('khoa-a', '2026-04-01T03:00:00Z', { courseVersion: 2 });
		expect(personStatus(criterion, [revoked, again], NOTHING, STEPS, MID_MAY)).toMatchObject({ state: 'met', metAt: again.completedAt, evidence: [again] });
	});
});
