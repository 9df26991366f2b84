import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogCourse, CatalogLesson } from '../../src/lib/server/content/catalog';
import { catalogOfFolder } from '../../src/lib/server/content/files';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { type StaffGroup, agencies, assignmentCourses, assignments, completions, lessonProgress, people } from '../../src/lib/server/db/schema';
import { AUDIENCES, type CatalogueFilters, TOPICS, catalogue, catalogueFilters, courseSummary, courseTopics } from '../../src/lib/server/progress/catalogue';
import { completionsOf, recordCompletionIfMet } from '../../src/lib/server/progress/completion';
import { learnerUnits } from '../../src/lib/server/progress/learner';
import { assignedCourses, courseStandings } from '../../src/lib/server/progress/learning';
import { courseProgress, lessonBlockedBy, markLessonDone, recordLessonSeen } from '../../src/lib/server/progress/lessons';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

/** A certificate code: 10 Crockford base32 characters. */
const CERTIFICATE_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

const fixtures = catalogOfFolder('tests/fixtures/content');
const shipped = catalogOfFolder('content');

function courseOf(catalog: typeof fixtures, id: string): CatalogCourse {
	const course = catalog.byId.get(id);
	if (!course) throw new Error(`no course ${id}`);
	return course;
}

/** khoa-thu-theo-thu-tu: bai-mot, bai-hai, bai-ba; lessons in order; completed by lessons alone. */
const inOrder = courseOf(fixtures, 'khoa-thu-theo-thu-tu');
const anyOrder: CatalogCourse = { ...inOrder, lessonsInOrder: false };
const lessonLike = (id: string): CatalogLesson => ({ ...inOrder.lessons[0]!, id, slug: `09-${id}`, title: { vi: id, en: null } });

const T1 = new Date('2025-03-01T01:00:00.000Z');
const T2 = new Date('2025-03-02T02:00:00.000Z');
const T3 = new Date('2025-03-03T03:00:00.000Z');
const T4 = new Date('2025-03-04T04:00:00.000Z');
/** When the learner looks at their assigned courses: after every test campaign has started. */
const NOW = new Date('2025-03-10T00:00:00.000Z');

let db: AppDatabase;
let provinceId: number;
let communeA: number;
let communeB: number;
let agencyX: number;
/** A resident of commune A. */
let resident: number;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeA = makeCommune(db, provinceId).id;
	communeB = makeCommune(db, provinceId).id;
	agencyX = makeAgency(db, provinceId).id;
	resident = makePerson(db, provinceId, { communeId: communeA }).id;
});

const progressRows = (personId: number, courseId = inOrder.id) =>
	db
		.select()
		.from(lessonProgress)
		.where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, courseId)))
		.orderBy(lessonProgress.lessonId)
		.all();
const rowOf = (personId: number, lessonId: string, courseId = inOrder.id) => progressRows(personId, courseId).find((row) => row.lessonId === lessonId);
const completionRows = (personId: number) => db.select().from(completions).where(eq(completions.personId, personId)).orderBy(completions.courseVersion).all();
const allRowCounts = () => ({
	progress: db.$client.prepare('SELECT count(*) FROM lesson_progress').pluck().get(),
	completions: db.$client.prepare('SELECT count(*) FROM completions').pluck().get()
});
const insertProgress = (personId: number, lessonId: string, completedAt: Date | null, courseId = inOrder.id) =>
	db.insert(lessonProgress).values({ personId, courseId, lessonId, firstSeenAt: T1, completedAt, communeIdAtCompletion: completedAt ? communeA : null }).run();
const doneAll = (personId: number, course: CatalogCourse, at = T1) => course.lessons.map((lesson) => markLessonDone(db, personId, course, lesson.id, at));

describe('courseProgress', () => {
	it('starts empty, resuming at the first lesson', () => {
		expect(courseProgress(db, resident, inOrder)).toEqual({ seen: new Set(), done: new Set(), percent: 0, resumeLessonId: 'bai-mot' });
	});

	it('rounds the percentage down: 33, 66 (not 67), then 100 only when all are done', () => {
		const percents: number[] = [];
		for (const lesson of inOrder.lessons) {
			markLessonDone(db, resident, inOrder, lesson.id, T1);
			percents.push(courseProgress(db, resident, inOrder).percent);
		}
		expect(percents).toEqual([33, 66, 100]);
		expect(courseProgress(db, resident, inOrder).resumeLessonId).toBeNull();
	});

	it('resumes at the first lesson not done, even after a later one is done', () => {
		markLessonDone(db, resident, anyOrder, 'bai-ba', T1);
		expect(courseProgress(db, resident, anyOrder)).toMatchObject({ done: new Set(['bai-ba']), percent: 33, resumeLessonId: 'bai-mot' });
	});

	it('tells lessons only opened from lessons done', () => {
		recordLessonSeen(db, resident, inOrder.id, 'bai-mot', T1);
		markLessonDone(db, resident, anyOrder, 'bai-hai', T2);
		const progress = courseProgress(db, resident, inOrder);
		expect(progress.seen).toEqual(new Set(['bai-mot', 'bai-hai']));
		expect(progress.done).toEqual(new Set(['bai-hai']));
		expect(progress.resumeLessonId).toBe('bai-mot');
	});

	it("counts only the course's current lesson ids, for this person and this course", () => {
		insertProgress(resident, 'bai-cu-da-bo', T1);
		insertProgress(resident, 'bai-mot', T1, 'khoa-khac');
		const someoneElse = makePerson(db, provinceId, { communeId: communeA }).id;
		insertProgress(someoneElse, 'bai-hai', T1);
		expect(courseProgress(db, resident, inOrder)).toEqual({ seen: new Set(), done: new Set(), percent: 0, resumeLessonId: 'bai-mot' });
		insertProgress(resident, 'bai-hai', T1);
		expect(courseProgress(db, resident, inOrder)).toMatchObject({ done: new Set(['bai-hai']), percent: 33 });
	});

	it('a new version keeps progress on lessons whose ids did not change; removed ones stop counting', () => {
		markLessonDone(db, resident, inOrder, 'bai-mot', T1);
		markLessonDone(db, resident, inOrder, 'bai-hai', T1);
		// Version 2 drops bai-hai and adds bai-bon at the end.
		const v2: CatalogCourse = { ...inOrder, version: 2, lessons: [inOrder.lessons[0]!, inOrder.lessons[2]!, lessonLike('bai-bon')] };
		expect(courseProgress(db, resident, v2)).toEqual({ seen: new Set(['bai-mot']), done: new Set(['bai-mot']), percent: 33, resumeLessonId: 'bai-ba' });
		// bai-ba opens: in v2 the only lesson before it is bai-mot, which is done.
		expect(markLessonDone(db, resident, v2, 'bai-ba', T2).status).toBe('done');
		expect(courseProgress(db, resident, v2).percent).toBe(66);
		// The removed lesson's row stays in the database.
		expect(rowOf(resident, 'bai-hai')?.completedAt).toEqual(T1);
	});
});

describe('lessonBlockedBy', () => {
	it('in an in-order course names the first earlier lesson not done', () => {
		expect(lessonBlockedBy(inOrder, 'bai-mot', new Set())).toBeNull();
		expect(lessonBlockedBy(inOrder, 'bai-hai', new Set())).toBe('bai-mot');
		expect(lessonBlockedBy(inOrder, 'bai-ba', new Set())).toBe('bai-mot');
		expect(lessonBlockedBy(inOrder, 'bai-ba', new Set(['bai-mot']))).toBe('bai-hai');
		expect(lessonBlockedBy(inOrder, 'bai-ba', new Set(['bai-hai']))).toBe('bai-mot');
		expect(lessonBlockedBy(inOrder, 'bai-ba', new Set(['bai-mot', 'bai-hai']))).toBeNull();
	});

	it('never blocks in a course whose lessons open in any order', () => {
		for (const lesson of anyOrder.lessons) expect(lessonBlockedBy(anyOrder, lesson.id, new Set())).toBeNull();
	});
});

describe('recordLessonSeen', () => {
	it('notes the first visit once; later visits change nothing', () => {
		recordLessonSeen(db, resident, inOrder.id, 'bai-mot', T1);
		recordLessonSeen(db, resident, inOrder.id, 'bai-mot', T2);
		expect(progressRows(resident)).toEqual([
			{ personId: resident, courseId: inOrder.id, lessonId: 'bai-mot', firstSeenAt: T1, completedAt: null, communeIdAtCompletion: null, agencyIdAtCompletion: null }
		]);
	});
});

describe('markLessonDone', () => {
	it('is idempotent: the second call says already-done and leaves the one row as it was', () => {
		expect(markLessonDone(db, resident, anyOrder, 'bai-hai', T1)).toEqual({ status: 'done', completion: { status: 'not-yet' } });
		const first = progressRows(resident);
		expect(markLessonDone(db, resident, anyOrder, 'bai-hai', T2)).toEqual({ status: 'already-done', completion: { status: 'not-yet' } });
		expect(progressRows(resident)).toEqual(first);
		expect(first).toHaveLength(1);
		expect(first[0]?.completedAt).toEqual(T1);
	});

	it('keeps the time the lesson was first opened, and records when it was done', () => {
		recordLessonSeen(db, resident, inOrder.id, 'bai-mot', T1);
		markLessonDone(db, resident, inOrder, 'bai-mot', T2);
		expect(rowOf(resident, 'bai-mot')).toMatchObject({ firstSeenAt: T1, completedAt: T2 });
		// Done without opening first: both times are now.
		markLessonDone(db, resident, inOrder, 'bai-hai', T3);
		expect(rowOf(resident, 'bai-hai')).toMatchObject({ firstSeenAt: T3, completedAt: T3 });
	});

	it("copies the person's commune and agency at that moment; a later move leaves earlier rows alone", () => {
		const clerk = makePerson(db, provinceId, { communeId: communeA, agencyId: agencyX, staffGroup: 'cong_chuc' }).id;
		markLessonDone(db, clerk, anyOrder, 'bai-mot', T1);
		const agencyY = makeAgency(db, provinceId).id;
		db.update(people).set({ communeId: communeB, agencyId: agencyY }).where(eq(people.id, clerk)).run();
		markLessonDone(db, clerk, anyOrder, 'bai-hai', T2);
		db.update(people).set({ communeId: null, agencyId: null }).where(eq(people.id, clerk)).run();
		markLessonDone(db, clerk, anyOrder, 'bai-mot', T3);
		expect(progressRows(clerk).map((row) => [row.lessonId, row.communeIdAtCompletion, row.agencyIdAtCompletion])).toEqual([
			['bai-hai', communeB, agencyY],
			['bai-mot', communeA, agencyX]
		]);
	});

	it('copies a null unit as null: a resident has no agency', () => {
		markLessonDone(db, resident, inOrder, 'bai-mot', T1);
		expect(rowOf(resident, 'bai-mot')).toMatchObject({ communeIdAtCompletion: communeA, agencyIdAtCompletion: null });
	});

	it('in an in-order course refuses a lesson before the ones above it are done, and writes nothing', () => {
		expect(markLessonDone(db, resident, inOrder, 'bai-hai', T1)).toEqual({ status: 'locked', blockedBy: 'bai-mot' });
		expect(markLessonDone(db, resident, inOrder, 'bai-ba', T1)).toEqual({ status: 'locked', blockedBy: 'bai-mot' });
		expect(allRowCounts()).toEqual({ progress: 0, completions: 0 });
		expect(markLessonDone(db, resident, inOrder, 'bai-mot', T1).status).toBe('done');
		expect(markLessonDone(db, resident, inOrder, 'bai-ba', T2)).toEqual({ status: 'locked', blockedBy: 'bai-hai' });
		expect(progressRows(resident).map((row) => row.lessonId)).toEqual(['bai-mot']);
		expect(markLessonDone(db, resident, inOrder, 'bai-hai', T2).status).toBe('done');
		expect(markLessonDone(db, resident, inOrder, 'bai-ba', T3).status).toBe('done');
	});

	it('a locked lesson that was opened before stays not done', () => {
		recordLessonSeen(db, resident, inOrder.id, 'bai-hai', T1);
		expect(markLessonDone(db, resident, inOrder, 'bai-hai', T2)).toEqual({ status: 'locked', blockedBy: 'bai-mot' });
		expect(rowOf(resident, 'bai-hai')).toMatchObject({ completedAt: null, communeIdAtCompletion: null });
	});

	it('answers unknown-lesson for an id the course does not have (now), and writes nothing', () => {
		expect(markLessonDone(db, resident, inOrder, 'khong-co', T1)).toEqual({ status: 'unknown-lesson' });
		// A lesson of another course, and one removed from this course in a new version.
		expect(markLessonDone(db, resident, inOrder, 'bai-nhap', T1)).toEqual({ status: 'unknown-lesson' });
		const withoutBaiHai: CatalogCourse = { ...anyOrder, version: 2, lessons: anyOrder.lessons.filter((l) => l.id !== 'bai-hai') };
		expect(markLessonDone(db, resident, withoutBaiHai, 'bai-hai', T1)).toEqual({ status: 'unknown-lesson' });
		expect(allRowCounts()).toEqual({ progress: 0, completions: 0 });
	});

	it("does not touch other people's or other courses' progress", () => {
		const other = makePerson(db, provinceId, { communeId: communeB }).id;
		markLessonDone(db, other, inOrder, 'bai-mot', T1);
		insertProgress(resident, 'bai-mot', T1, 'khoa-khac');
		expect(markLessonDone(db, resident, inOrder, 'bai-mot', T2).status).toBe('done');
		expect(rowOf(other, 'bai-mot')).toMatchObject({ completedAt: T1, communeIdAtCompletion: communeB });
		expect(rowOf(resident, 'bai-mot')).toMatchObject({ completedAt: T2, communeIdAtCompletion: communeA });
	});
});

describe('course completion', () => {
	it('records an all-lessons course once, when the last lesson is done, with both units and the staff group', () => {
		const clerk = makePerson(db, provinceId, { communeId: communeA, agencyId: agencyX, staffGroup: 'vien_chuc' }).id;
		const results = [markLessonDone(db, clerk, inOrder, 'bai-mot', T1), markLessonDone(db, clerk, inOrder, 'bai-hai', T2)];
		expect(results.map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet']);
		expect(completionRows(clerk)).toEqual([]);
		expect(markLessonDone(db, clerk, inOrder, 'bai-ba', T3)).toEqual({ status: 'done', completion: { status: 'completed', completedAt: T3, certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(clerk)).toEqual([
			{
				id: expect.any(Number),
				personId: clerk,
				provinceId,
				courseId: 'khoa-thu-theo-thu-tu',
				courseVersion: 1,
				completedAt: T3,
				score: null,
				communeIdAtCompletion: communeA,
				agencyIdAtCompletion: agencyX,
				staffGroupAtCompletion: 'vien_chuc'
			}
		]);
	});

	it('a completion missed for want of a unit is recorded when a done lesson is marked again', () => {
		db.update(people).set({ communeId: null, agencyId: null }).where(eq(people.id, resident)).run();
		expect(inOrder.lessons.map((lesson) => markLessonDone(db, resident, inOrder, lesson.id, T1).status)).toEqual(['done', 'done', 'done']);
		expect(completionRows(resident)).toEqual([]);
		db.update(people).set({ communeId: communeA }).where(eq(people.id, resident)).run();
		expect(markLessonDone(db, resident, inOrder, 'bai-ba', T2)).toEqual({ status: 'already-done', completion: { status: 'completed', completedAt: T2, certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(resident)).toHaveLength(1);
	});

	it('a second run says already-completed and adds no row', () => {
		doneAll(resident, inOrder);
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), inOrder, T2)).toEqual({ status: 'already-completed' });
		expect(markLessonDone(db, resident, inOrder, 'bai-ba', T2)).toEqual({ status: 'already-done', completion: { status: 'already-completed' } });
		expect(completionRows(resident)).toHaveLength(1);
		expect(completionRows(resident)[0]?.completedAt).toEqual(T1);
	});

	it('completes in whatever order the lessons were done when the course allows it', () => {
		const results = ['bai-ba', 'bai-mot', 'bai-hai'].map((id) => markLessonDone(db, resident, anyOrder, id, T1));
		expect(results.map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet', 'completed']);
	});

	it('snapshots the units of the moment of completion, which a later move does not change', () => {
		markLessonDone(db, resident, inOrder, 'bai-mot', T1);
		markLessonDone(db, resident, inOrder, 'bai-hai', T1);
		db.update(people).set({ communeId: communeB }).where(eq(people.id, resident)).run();
		markLessonDone(db, resident, inOrder, 'bai-ba', T2);
		db.update(people).set({ communeId: communeA }).where(eq(people.id, resident)).run();
		expect(completionRows(resident).map((row) => [row.communeIdAtCompletion, row.agencyIdAtCompletion, row.staffGroupAtCompletion])).toEqual([[communeB, null, null]]);
	});

	it('counts a civil servant with no commune of residence under their agency', () => {
		const clerk = makePerson(db, provinceId, { agencyId: agencyX, staffGroup: 'can_bo' }).id;
		doneAll(clerk, inOrder);
		expect(completionRows(clerk).map((row) => [row.communeIdAtCompletion, row.agencyIdAtCompletion, row.staffGroupAtCompletion])).toEqual([[null, agencyX, 'can_bo']]);
	});

	it('a person with neither commune nor agency gets no-unit and no completion row', () => {
		const nowhere = makePerson(db, provinceId).id;
		const results = doneAll(nowhere, inOrder);
		expect(results.at(-1)).toEqual({ status: 'done', completion: { status: 'no-unit' } });
		expect(completionRows(nowhere)).toEqual([]);
		// The lessons themselves are done, with no unit copied.
		expect(progressRows(nowhere).map((row) => [row.lessonId, row.completedAt, row.communeIdAtCompletion, row.agencyIdAtCompletion])).toEqual([
			['bai-ba', T1, null, null],
			['bai-hai', T1, null, null],
			['bai-mot', T1, null, null]
		]);
	});

	it.each(['all-lessons-and-quiz', 'quiz-only'] as const)('a course completed by "%s" is never completed by lessons alone', (completion) => {
		// With a final quiz in place (but never passed), lessons alone are not enough.
		const needsQuiz: CatalogCourse = { ...inOrder, completion, finalQuiz: courseOf(shipped, 'dich-vu-cong-truc-tuyen').finalQuiz };
		expect(needsQuiz.finalQuiz).not.toBeNull();
		const results = doneAll(resident, needsQuiz);
		expect(results.map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet', 'not-yet']);
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), needsQuiz, T2)).toEqual({ status: 'not-yet' });
		expect(completionRows(resident)).toEqual([]);
		expect(courseProgress(db, resident, needsQuiz).percent).toBe(100);
	});

	it('recordCompletionIfMet alone: not-yet until every current lesson is done', () => {
		const units = learnerUnits(db, resident);
		expect(recordCompletionIfMet(db, units, inOrder, T1)).toEqual({ status: 'not-yet' });
		insertProgress(resident, 'bai-mot', T1);
		insertProgress(resident, 'bai-hai', T1);
		// Opened but not done does not count.
		db.insert(lessonProgress).values({ personId: resident, courseId: inOrder.id, lessonId: 'bai-ba', firstSeenAt: T1 }).run();
		// Nor does a lesson of the same id in another course, or a lesson no longer in the course.
		insertProgress(resident, 'bai-ba', T1, 'khoa-khac');
		insertProgress(resident, 'bai-cu-da-bo', T1);
		expect(recordCompletionIfMet(db, units, inOrder, T2)).toEqual({ status: 'not-yet' });
		expect(completionRows(resident)).toEqual([]);
	});

	it('a new version is completed on its own, keeping the lessons done in the old one', () => {
		doneAll(resident, inOrder, T1);
		const v2: CatalogCourse = { ...anyOrder, version: 2, lessons: [inOrder.lessons[0]!, inOrder.lessons[2]!, lessonLike('bai-bon')] };
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), v2, T2)).toEqual({ status: 'not-yet' });
		expect(markLessonDone(db, resident, v2, 'bai-mot', T2)).toEqual({ status: 'already-done', completion: { status: 'not-yet' } });
		expect(markLessonDone(db, resident, v2, 'bai-bon', T3)).toEqual({ status: 'done', completion: { status: 'completed', completedAt: T3, certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(resident).map((row) => [row.courseVersion, row.completedAt])).toEqual([
			[1, T1],
			[2, T3]
		]);
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), inOrder, T4)).toEqual({ status: 'already-completed' });
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), v2, T4)).toEqual({ status: 'already-completed' });
	});

	it('completionsOf lists the newest completion first', () => {
		doneAll(resident, inOrder, T1);
		const v2: CatalogCourse = { ...anyOrder, version: 2, lessons: [...inOrder.lessons, lessonLike('bai-bon')] };
		markLessonDone(db, resident, v2, 'bai-bon', T3);
		expect(completionsOf(db, resident)).toEqual([
			{ courseId: inOrder.id, courseVersion: 2, completedAt: T3, score: null },
			{ courseId: inOrder.id, courseVersion: 1, completedAt: T1, score: null }
		]);
	});
});

describe('courseStandings', () => {
	const dichVuCong = courseOf(shipped, 'dich-vu-cong-truc-tuyen');

	it('gives each course its percent (rounded down), whether started, where to resume and its completion', () => {
		markLessonDone(db, resident, inOrder, 'bai-mot', T1);
		recordLessonSeen(db, resident, dichVuCong.id, dichVuCong.lessons[1]!.id, T1);
		const standings = courseStandings(db, resident, [inOrder, dichVuCong]);
		expect([...standings.keys()]).toEqual([inOrder.id, dichVuCong.id]);
		expect(standings.get(inOrder.id)).toEqual({ courseId: inOrder.id, percent: 33, started: true, resumeLessonId: 'bai-hai', completedAt: null, completedVersion: null });
		// Opened but nothing done: started, 0 percent, resume at the first lesson.
		expect(standings.get(dichVuCong.id)).toEqual({ courseId: dichVuCong.id, percent: 0, started: true, resumeLessonId: dichVuCong.lessons[0]!.id, completedAt: null, completedVersion: null });
		// 1 of 7 lessons is 14.28…%: 14.
		markLessonDone(db, resident, dichVuCong, dichVuCong.lessons[1]!.id, T1);
		expect(dichVuCong.lessons).toHaveLength(7);
		expect(courseStandings(db, resident, [dichVuCong]).get(dichVuCong.id)?.percent).toBe(14);
	});

	it('a course never opened is not started; rows of removed lessons do not start it', () => {
		insertProgress(resident, 'bai-cu-da-bo', T1);
		expect(courseStandings(db, resident, [inOrder]).get(inOrder.id)).toMatchObject({ percent: 0, started: false, resumeLessonId: 'bai-mot' });
	});

	it('reports the completed version, lower than the current one after a new version', () => {
		doneAll(resident, inOrder, T1);
		expect(courseStandings(db, resident, [inOrder]).get(inOrder.id)).toMatchObject({ percent: 100, resumeLessonId: null, completedAt: T1, completedVersion: 1 });
		const v2: CatalogCourse = { ...anyOrder, version: 2, lessons: [...inOrder.lessons, lessonLike('bai-bon')] };
		const standing = courseStandings(db, resident, [v2]).get(inOrder.id);
		expect(standing).toMatchObject({ percent: 75, resumeLessonId: 'bai-bon', completedAt: T1, completedVersion: 1 });
		expect(courseSummary(v2, 'vi', standing ?? null).standing).toEqual({ percent: 75, started: true, completed: false, resumeLessonId: 'bai-bon' });
		expect(courseSummary(inOrder, 'vi', courseStandings(db, resident, [inOrder]).get(inOrder.id) ?? null).standing?.completed).toBe(true);
	});

	it("only reads this person's rows", () => {
		const other = makePerson(db, provinceId, { communeId: communeA }).id;
		doneAll(other, inOrder);
		expect(courseStandings(db, resident, [inOrder]).get(inOrder.id)).toMatchObject({ percent: 0, started: false, completedAt: null });
	});
});

describe('assignedCourses', () => {
	type AssignmentValues = Partial<typeof assignments.$inferInsert>;
	let seq = 0;
	/** An assignment of the given courses, province-wide for everyone unless told otherwise. */
	const assign = (courseIds: string[], values: AssignmentValues = {}) => {
		seq++;
		const { id } = db
			.insert(assignments)
			.values({
				provinceId,
				title: `Đợt ${seq}`,
				audience: 'all',
				startsAt: T1,
				deadlineAt: new Date(Date.UTC(2025, 5, 1) + seq * 86_400_000),
				...values
			})
			.returning({ id: assignments.id })
			.get();
		for (const courseId of courseIds) db.insert(assignmentCourses).values({ assignmentId: id, courseId }).run();
		return id;
	};
	const assigned = (personId: number) => assignedCourses(db, personId, NOW).map((a) => a.courseId);
	const personIn = (values: { communeId?: number; agencyId?: number; staffGroup?: StaffGroup }) => makePerson(db, provinceId, values).id;

	it('a province-wide assignment reaches residents, civil servants and people of no unit', () => {
		assign(['khoa-a']);
		const clerk = personIn({ agencyId: agencyX, staffGroup: 'cong_chuc' });
		const nowhere = personIn({});
		expect(assigned(resident)).toEqual(['khoa-a']);
		expect(assigned(clerk)).toEqual(['khoa-a']);
		expect(assigned(nowhere)).toEqual(['khoa-a']);
	});

	it('returns the title, start and deadline of the assignment', () => {
		assign(['khoa-a'], { title: 'Chiến dịch tháng Ba', startsAt: T1, deadlineAt: T4 });
		expect(assignedCourses(db, resident, NOW)).toEqual([{ courseId: 'khoa-a', assignmentTitle: 'Chiến dịch tháng Ba', startsAt: T1, deadlineAt: T4 }]);
	});

	it('never reaches into another province', () => {
		const other = makeProvince(db, '01', 'Thành phố Hà Nội').id;
		db.insert(assignments).values({ provinceId: other, title: 'Hà Nội', audience: 'all', startsAt: T1, deadlineAt: T4 }).run();
		const id = db.$client.prepare('SELECT max(id) FROM assignments').pluck().get() as number;
		db.insert(assignmentCourses).values({ assignmentId: id, courseId: 'khoa-ha-noi' }).run();
		expect(assigned(resident)).toEqual([]);
	});

	it('a commune assignment reaches the residents of that commune only', () => {
		assign(['khoa-xa-a'], { communeId: communeA });
		assign(['khoa-xa-b'], { communeId: communeB });
		expect(assigned(resident)).toEqual(['khoa-xa-a']);
		expect(assigned(personIn({ communeId: communeB }))).toEqual(['khoa-xa-b']);
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual([]);
	});

	it("an agency assignment with sub-units reaches people of child agencies; without, only the agency's own people", () => {
		const child = makeAgency(db, provinceId, { parentAgencyId: agencyX }).id;
		const grandchild = makeAgency(db, provinceId, { parentAgencyId: child }).id;
		const sibling = makeAgency(db, provinceId).id;
		assign(['khoa-ca-nhanh'], { agencyId: agencyX, includeSubunits: true });
		assign(['khoa-rieng'], { agencyId: agencyX, includeSubunits: false });
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual(['khoa-ca-nhanh', 'khoa-rieng']);
		expect(assigned(personIn({ agencyId: child }))).toEqual(['khoa-ca-nhanh']);
		expect(assigned(personIn({ agencyId: grandchild }))).toEqual(['khoa-ca-nhanh']);
		expect(assigned(personIn({ agencyId: sibling }))).toEqual([]);
		expect(assigned(resident)).toEqual([]);
	});

	it('an assignment to a child agency does not reach its parent', () => {
		const child = makeAgency(db, provinceId, { parentAgencyId: agencyX }).id;
		assign(['khoa-con'], { agencyId: child });
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual([]);
		expect(assigned(personIn({ agencyId: child }))).toEqual(['khoa-con']);
	});

	it('a civil servant who lives in a commune also gets that commune’s assignments for everyone', () => {
		assign(['khoa-xa-a'], { communeId: communeA });
		assign(['khoa-co-quan'], { agencyId: agencyX });
		expect(assigned(personIn({ communeId: communeA, agencyId: agencyX }))).toEqual(['khoa-xa-a', 'khoa-co-quan']);
	});

	it('filters by audience: residents for people of a commune, civil servants for people of an agency', () => {
		assign(['cho-dan'], { audience: 'residents' });
		assign(['cho-can-bo'], { audience: 'civil_servants' });
		assign(['cho-tat-ca'], { audience: 'all' });
		expect(assigned(resident)).toEqual(['cho-dan', 'cho-tat-ca']);
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual(['cho-can-bo', 'cho-tat-ca']);
		expect(assigned(personIn({ communeId: communeA, agencyId: agencyX }))).toEqual(['cho-can-bo', 'cho-tat-ca']);
		expect(assigned(personIn({}))).toEqual(['cho-tat-ca']);
	});

	it('filters by staff group: a group-wide assignment reaches only that group', () => {
		assign(['cho-cong-chuc'], { audience: 'civil_servants', staffGroup: 'cong_chuc' });
		assign(['cho-vien-chuc'], { audience: 'civil_servants', staffGroup: 'vien_chuc' });
		assign(['cho-moi-nhom'], { audience: 'civil_servants' });
		expect(assigned(personIn({ agencyId: agencyX, staffGroup: 'cong_chuc' }))).toEqual(['cho-cong-chuc', 'cho-moi-nhom']);
		expect(assigned(personIn({ agencyId: agencyX, staffGroup: 'vien_chuc' }))).toEqual(['cho-vien-chuc', 'cho-moi-nhom']);
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual(['cho-moi-nhom']);
	});

	it('waits for a campaign to start before showing it', () => {
		assign(['khoa-sau'], { startsAt: new Date('2025-03-10T00:00:00.001Z') });
		assign(['khoa-ngay']);
		expect(assigned(resident)).toEqual(['khoa-ngay']);
	});

	it("a commune's campaign reaches the staff of its own agencies, not residents, for civil servants only", () => {
		const committee = makeAgency(db, provinceId, { communeId: communeA, level: 'commune' }).id;
		const office = makeAgency(db, provinceId, { parentAgencyId: committee }).id;
		assign(['khoa-cong-chuc-xa'], { communeId: communeA, audience: 'civil_servants' });
		assign(['khoa-ca-xa'], { communeId: communeA });
		expect(assigned(personIn({ agencyId: office, communeId: communeB }))).toEqual(['khoa-cong-chuc-xa', 'khoa-ca-xa']);
		expect(assigned(resident)).toEqual(['khoa-ca-xa']);
		expect(assigned(personIn({ agencyId: agencyX, communeId: communeB }))).toEqual([]);
	});

	it('leaves out cancelled assignments', () => {
		assign(['khoa-huy'], { cancelledAt: T2 });
		assign(['khoa-con-hieu-luc']);
		expect(assigned(resident)).toEqual(['khoa-con-hieu-luc']);
	});

	it('orders by deadline, earliest first, whatever the order of creation', () => {
		assign(['han-muon'], { deadlineAt: new Date('2025-12-31T16:59:59.999Z') });
		assign(['han-som'], { deadlineAt: new Date('2025-04-30T16:59:59.999Z') });
		assign(['han-giua'], { deadlineAt: new Date('2025-06-30T16:59:59.999Z') });
		expect(assigned(resident)).toEqual(['han-som', 'han-giua', 'han-muon']);
	});

	it('shows a course assigned twice once, under the earliest deadline', () => {
		assign(['khoa-a', 'khoa-b'], { title: 'Đợt muộn', deadlineAt: new Date('2025-09-30T16:59:59.999Z') });
		assign(['khoa-a'], { title: 'Đợt sớm', communeId: communeA, deadlineAt: new Date('2025-05-31T16:59:59.999Z') });
		expect(assignedCourses(db, resident, NOW).map((a) => [a.courseId, a.assignmentTitle])).toEqual([
			['khoa-a', 'Đợt sớm'],
			['khoa-b', 'Đợt muộn']
		]);
	});

	it('an assignment the person is not reached by does not hide the same course from one that reaches them', () => {
		const child = makeAgency(db, provinceId, { parentAgencyId: agencyX }).id;
		// Earlier deadline but not for sub-units: it must not swallow the later one that is.
		assign(['khoa-a'], { title: 'Chỉ cơ quan cha', agencyId: agencyX, includeSubunits: false, deadlineAt: new Date('2025-04-30T16:59:59.999Z') });
		assign(['khoa-a'], { title: 'Cả cơ quan con', agencyId: agencyX, includeSubunits: true, deadlineAt: new Date('2025-08-31T16:59:59.999Z') });
		expect(assignedCourses(db, personIn({ agencyId: child }), NOW).map((a) => a.assignmentTitle)).toEqual(['Cả cơ quan con']);
	});

	it('nobody is assigned anything without assignments', () => {
		expect(assignedCourses(db, resident, NOW)).toEqual([]);
	});

	it('follows the agency tree even if it loops, without hanging', () => {
		const child = makeAgency(db, provinceId, { parentAgencyId: agencyX }).id;
		db.update(agencies).set({ parentAgencyId: child }).where(eq(agencies.id, agencyX)).run();
		assign(['khoa-vong'], { agencyId: child });
		expect(assigned(personIn({ agencyId: agencyX }))).toEqual(['khoa-vong']);
	});
});

describe('catalogueFilters', () => {
	const filters = (query: string) => catalogueFilters(new URLSearchParams(query));

	it('reads the query, audience and topic', () => {
		expect(filters('q=l%E1%BB%ABa+%C4%91%E1%BA%A3o&audience=residents&topic=4')).toEqual({ query: 'lừa đảo', audience: 'residents', topic: '4' });
		for (const audience of AUDIENCES) expect(filters(`audience=${audience}`).audience).toBe(audience);
		for (const topic of TOPICS) expect(filters(`topic=${topic}`).topic).toBe(topic);
	});

	it('ignores what it does not know instead of refusing it', () => {
		expect(filters('')).toEqual({ query: '', audience: null, topic: null });
		expect(filters('audience=everyone&topic=7')).toEqual({ query: '', audience: null, topic: null });
		expect(filters('audience=Residents&topic=4.2')).toEqual({ query: '', audience: null, topic: null });
		expect(filters('topic=0&audience=')).toEqual({ query: '', audience: null, topic: null });
	});

	it('trims the query, caps it at 100 characters and turns decomposed accents into composed ones', () => {
		expect(filters('q=++vneid++').query).toBe('vneid');
		expect(filters(`q=${'a'.repeat(150)}`).query).toHaveLength(100);
		const decomposed = 'lừa đảo'.normalize('NFD');
		expect(decomposed).not.toBe('lừa đảo');
		expect(filters(`q=${encodeURIComponent(decomposed)}`).query).toBe('lừa đảo');
	});
});

describe('courseTopics', () => {
	it('gives the competency domains a course touches, once each and sorted', () => {
		expect(courseTopics(courseOf(shipped, 'dich-vu-cong-truc-tuyen'))).toEqual(['1', '2', '4']);
		expect(courseTopics(courseOf(shipped, 'ky-nang-so-can-bo-cong-chuc'))).toEqual(['1', '2', '4', '6']);
		expect(courseTopics(inOrder)).toEqual(['1']);
	});
});

describe('catalogue (the bundled shipped content)', () => {
	const none: CatalogueFilters = { query: '', audience: null, topic: null };
	const ids = (filters: Partial<CatalogueFilters>) => catalogue(db, undefined, null, 'vi', { ...none, ...filters }).map((c) => c.id);
	const ALL = ['dich-vu-cong-truc-tuyen', 'thanh-toan-dien-tu-an-toan', 'an-toan-thong-tin-phong-chong-lua-dao', 'ky-nang-so-can-bo-cong-chuc'];

	it('lists the published courses in order, without standings for a visitor', () => {
		const courses = catalogue(db, undefined, null, 'en', none);
		expect(courses.map((c) => c.id)).toEqual(ALL);
		expect(courses[0]).toMatchObject({ title: 'Online public services and VNeID', audience: 'all', lessonCount: 7, topics: ['1', '2', '4'], draft: false, standing: null });
	});

	it('finds courses by words typed with or without accents, in any case, in titles, summaries and lesson titles', () => {
		expect(ids({ query: 'lừa đảo' })).toEqual(['an-toan-thong-tin-phong-chong-lua-dao']);
		expect(ids({ query: 'lua dao' })).toEqual(['an-toan-thong-tin-phong-chong-lua-dao']);
		expect(ids({ query: 'LUA DAO' })).toEqual(['an-toan-thong-tin-phong-chong-lua-dao']);
		// "đ" folds to "d": "chu ky so" finds "chữ ký số".
		expect(ids({ query: 'chu ky so' })).toEqual(['ky-nang-so-can-bo-cong-chuc']);
		// In a lesson title only ("Trả tiền bằng mã VietQR").
		expect(ids({ query: 'vietqr' })).toEqual(['thanh-toan-dien-tu-an-toan']);
		// English words find too.
		expect(ids({ query: 'scams' })).toEqual(['an-toan-thong-tin-phong-chong-lua-dao']);
	});

	it('needs every word to match, and finds nothing for words that are nowhere', () => {
		expect(ids({ query: 'vneid' })).toContain('dich-vu-cong-truc-tuyen');
		expect(ids({ query: 'vneid vietqr' })).toEqual([]);
		expect(ids({ query: 'xyzzy' })).toEqual([]);
		expect(ids({ query: '   ' })).toEqual(ALL);
	});

	it('by audience: residents also get courses for everyone; civil servants get theirs and those for everyone', () => {
		expect(ids({ audience: 'residents' })).toEqual(ALL.filter((id) => id !== 'ky-nang-so-can-bo-cong-chuc'));
		expect(ids({ audience: 'civil_servants' })).toEqual(ALL);
		expect(ids({ audience: 'all' })).toEqual(ALL.filter((id) => id !== 'ky-nang-so-can-bo-cong-chuc'));
	});

	it('by topic: the competency domain of any of its codes', () => {
		expect(ids({ topic: '5' })).toEqual(['thanh-toan-dien-tu-an-toan']);
		expect(ids({ topic: '6' })).toEqual(['ky-nang-so-can-bo-cong-chuc']);
		expect(ids({ topic: '3' })).toEqual([]);
		expect(ids({ topic: '4' })).toEqual(ALL);
	});

	it("adds a signed-in learner's standing to each course", () => {
		const course = courseOf(shipped, 'an-toan-thong-tin-phong-chong-lua-dao');
		markLessonDone(db, resident, course, course.lessons[0]!.id, T1);
		const listed = catalogue(db, ['learner'], resident, 'vi', none);
		expect(listed.find((c) => c.id === course.id)?.standing).toEqual({ percent: 16, started: true, completed: false, resumeLessonId: course.lessons[1]!.id });
		expect(listed.find((c) => c.id === 'dich-vu-cong-truc-tuyen')?.standing).toEqual({ percent: 0, started: false, completed: false, resumeLessonId: 'cong-dich-vu-cong-quoc-gia' });
	});
});
