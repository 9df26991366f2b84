import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogCourse } from '../../src/lib/server/content/catalog';
import { type Quiz, courseSchema, quizSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { completions, people, quizAttempts } from '../../src/lib/server/db/schema';
import { recordCompletionIfMet } from '../../src/lib/server/progress/completion';
import { learnerUnits } from '../../src/lib/server/progress/learner';
import { markLessonDone } from '../../src/lib/server/progress/lessons';
import { type Randomness, quizStanding, startAttempt, submitAttempt } from '../../src/lib/server/quiz/attempts';
import { postedFields } from '../../src/lib/server/quiz/page';
import type { QuestionLayout } from '../../src/lib/server/quiz/questions';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

/** A certificate code: 10 Crockford base32 characters. */
const CERTIFICATE_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

// ---------------------------------------------------------------------------------------------
// A course with two lessons and a final quiz of five single-choice questions (20 points each).

const both = (vi: string, en: string) => ({ vi, en });
const single = (id: string) => ({
	id,
	type: 'single',
	tags: ['4.2'],
	prompt: both(`Câu ${id}?`, `Question ${id}?`),
	explanation: both('Vì thế', 'Because'),
	options: [
		{ id: 'a', correct: false, text: both(`Sai ${id}`, `Wrong ${id}`) },
		{ id: 'b', correct: true, text: both(`Đúng ${id}`, `Right ${id}`) }
	]
});
const QUESTION_IDS = ['cau-1', 'cau-2', 'cau-3', 'cau-4', 'cau-5'];
const QUIZ: Quiz = quizSchema.parse({ id: 'final', final: true, passMark: 80, draw: 5, title: both('Kiểm tra', 'Quiz'), questions: QUESTION_IDS.map(single) });

function makeCourse(completion: 'all-lessons-and-quiz' | 'quiz-only' | 'all-lessons', version = 1, quiz: Quiz | null = QUIZ): CatalogCourse {
	const meta = courseSchema.parse({
		id: 'khoa-hoan-thanh',
		version,
		order: 1,
		status: 'published',
		audience: 'all',
		minutes: 30,
		competencies: ['4.2'],
		lessonsInOrder: false,
		completion,
		title: both('Khóa thử', 'Test course'),
		summary: both('Tóm tắt', 'Summary')
	});
	const lesson = (id: string) => ({ id, slug: `01-${id}`, title: { vi: id, en: null }, minutes: 5, hasEnglish: false, practiceIds: [], glossary: { vi: [], en: [] } });
	return { ...meta, folder: '90-khoa-hoan-thanh', lessons: [lesson('bai-mot'), lesson('bai-hai')], practice: new Map(), finalQuiz: quiz };
}

let tokens = 0;
const random: Randomness = {
	int: (max) => (tokens * 7) % max,
	token: () => {
		const n = ++tokens;
		return encodeBase32LowerCaseNoPadding(new Uint8Array([9, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, 0]));
	}
};

const T0 = new Date('2025-04-01T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: AppDatabase;
let provinceId: number;
let communeA: number;
let communeB: number;
let agencyX: number;
/** A civil servant of agency X living in commune A. */
let clerk: number;
/** A resident of commune A. */
let resident: number;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeA = makeCommune(db, provinceId).id;
	communeB = makeCommune(db, provinceId).id;
	agencyX = makeAgency(db, provinceId).id;
	clerk = makePerson(db, provinceId, { communeId: communeA, agencyId: agencyX, staffGroup: 'cong_chuc' }).id;
	resident = makePerson(db, provinceId, { communeId: communeA }).id;
});

const completionRows = (personId: number) => db.select().from(completions).where(eq(completions.personId, personId)).orderBy(completions.courseVersion).all();

/** Takes the quiz with `right` of the five questions right (20 points each). */
function takeQuiz(course: CatalogCourse, personId: number, right: number, startAt: Date, submitAt: Date) {
	const start = startAttempt(db, personId, course, startAt, random);
	if (start.status !== 'started') throw new Error(`could not start: ${JSON.stringify(start)}`);
	const layout = db.select({ layout: quizAttempts.layout }).from(quizAttempts).where(eq(quizAttempts.publicId, start.publicId)).get()!.layout as QuestionLayout[];
	const data = new FormData();
	data.append('attempt', start.publicId);
	layout.forEach((l, i) => {
		// Right for the first `right` questions in file order, wrong for the rest.
		const isRight = QUESTION_IDS.indexOf(l.questionId) < right;
		data.append(`q${i + 1}`, l.choices.find((c) => c.source === (isRight ? 1 : 0))!.token);
	});
	const result = submitAttempt(db, personId, course, start.publicId, postedFields(data), submitAt);
	if (result.status !== 'graded') throw new Error(`not graded: ${JSON.stringify(result)}`);
	return result;
}

const doLessons = (course: CatalogCourse, personId: number, when: Date) => course.lessons.map((lesson) => markLessonDone(db, personId, course, lesson.id, when));

describe("'all-lessons-and-quiz'", () => {
	const course = makeCourse('all-lessons-and-quiz');

	it('pass first, then the lessons: completes when the last lesson is marked done, with the best passing score', () => {
		const failed = takeQuiz(course, clerk, 2, at(0), at(1));
		expect(failed).toMatchObject({ score: 40, passed: false, completion: { status: 'not-yet' } });
		const first = takeQuiz(course, clerk, 4, at(2), at(3));
		expect(first).toMatchObject({ score: 80, passed: true, completion: { status: 'not-yet' } });
		const better = takeQuiz(course, clerk, 5, at(4), at(5));
		expect(better).toMatchObject({ score: 100, passed: true, completion: { status: 'not-yet' } });
		takeQuiz(course, clerk, 4, at(6), at(7)); // a later, lower pass does not lower it
		expect(completionRows(clerk)).toEqual([]);

		expect(markLessonDone(db, clerk, course, 'bai-hai', at(10))).toEqual({ status: 'done', completion: { status: 'not-yet' } });
		expect(completionRows(clerk)).toEqual([]);
		expect(markLessonDone(db, clerk, course, 'bai-mot', at(11))).toEqual({ status: 'done', completion: { status: 'completed', completedAt: at(11), certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(clerk)).toEqual([
			expect.objectContaining({
				personId: clerk,
				provinceId,
				courseId: course.id,
				courseVersion: 1,
				completedAt: at(11),
				score: 100,
				communeIdAtCompletion: communeA,
				agencyIdAtCompletion: agencyX,
				staffGroupAtCompletion: 'cong_chuc'
			})
		]);
	});

	it('lessons first, then the pass: completes in submitAttempt, with that score', () => {
		expect(doLessons(course, resident, at(0)).map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet']);
		expect(takeQuiz(course, resident, 3, at(1), at(2))).toMatchObject({ score: 60, passed: false, completion: { status: 'not-yet' } });
		expect(completionRows(resident)).toEqual([]);
		const pass = takeQuiz(course, resident, 4, at(3), at(4));
		expect(pass).toMatchObject({ score: 80, passed: true, completion: { status: 'completed', completedAt: at(4), certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(resident)).toEqual([
			expect.objectContaining({ courseVersion: 1, completedAt: at(4), score: 80, communeIdAtCompletion: communeA, agencyIdAtCompletion: null, staffGroupAtCompletion: null })
		]);
	});

	it('one lesson short of the rule: a pass does not complete', () => {
		markLessonDone(db, resident, course, 'bai-mot', at(0));
		expect(takeQuiz(course, resident, 5, at(1), at(2)).completion).toEqual({ status: 'not-yet' });
		expect(completionRows(resident)).toEqual([]);
	});

	it('lessons without a pass do not complete', () => {
		takeQuiz(course, resident, 3, at(0), at(1));
		expect(doLessons(course, resident, at(2)).map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet']);
		expect(completionRows(resident)).toEqual([]);
	});

	it('copies the units at the moment of completion, not of the pass', () => {
		takeQuiz(course, clerk, 5, at(0), at(1));
		markLessonDone(db, clerk, course, 'bai-mot', at(2));
		db.update(people).set({ communeId: communeB, agencyId: null, staffGroup: null }).where(eq(people.id, clerk)).run();
		markLessonDone(db, clerk, course, 'bai-hai', at(3));
		expect(completionRows(clerk)).toEqual([expect.objectContaining({ communeIdAtCompletion: communeB, agencyIdAtCompletion: null, staffGroupAtCompletion: null, score: 100 })]);
		// A later move leaves the completion alone.
		db.update(people).set({ communeId: communeA }).where(eq(people.id, clerk)).run();
		expect(completionRows(clerk)[0]!.communeIdAtCompletion).toBe(communeB);
	});
});

describe("'quiz-only'", () => {
	const course = makeCourse('quiz-only');

	it('completes on a pass alone, with its score and both unit snapshots', () => {
		expect(takeQuiz(course, clerk, 3, at(0), at(1)).completion).toEqual({ status: 'not-yet' });
		expect(takeQuiz(course, clerk, 4, at(2), at(3))).toMatchObject({ passed: true, completion: { status: 'completed', completedAt: at(3), certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(completionRows(clerk)).toEqual([expect.objectContaining({ score: 80, completedAt: at(3), communeIdAtCompletion: communeA, agencyIdAtCompletion: agencyX, staffGroupAtCompletion: 'cong_chuc' })]);
	});

	it('marking lessons done neither completes nor duplicates', () => {
		expect(doLessons(course, resident, at(0)).map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet']);
		takeQuiz(course, resident, 5, at(1), at(2));
		expect(completionRows(resident)).toHaveLength(1);
	});

	it('a person with no commune and no agency passes but is not counted anywhere', () => {
		const nobody = makePerson(db, provinceId).id;
		expect(takeQuiz(course, nobody, 5, at(0), at(1))).toMatchObject({ passed: true, completion: { status: 'no-unit' } });
		expect(completionRows(nobody)).toEqual([]);
	});
});

describe('completing twice never duplicates', () => {
	it('a second pass reports already-completed and keeps the first completion', () => {
		const course = makeCourse('quiz-only');
		expect(takeQuiz(course, resident, 4, at(0), at(1)).completion).toEqual({ status: 'completed', completedAt: at(1), certificateCode: expect.stringMatching(CERTIFICATE_CODE) });
		expect(takeQuiz(course, resident, 5, at(2), at(3)).completion).toEqual({ status: 'already-completed' });
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), course, at(4))).toEqual({ status: 'already-completed' });
		expect(completionRows(resident)).toEqual([expect.objectContaining({ completedAt: at(1), score: 80 })]);
	});

	it('lessons done again after completing change nothing', () => {
		const course = makeCourse('all-lessons-and-quiz');
		doLessons(course, resident, at(0));
		takeQuiz(course, resident, 5, at(1), at(2));
		expect(doLessons(course, resident, at(3)).map((r) => r.status)).toEqual(['already-done', 'already-done']);
		expect(completionRows(resident)).toHaveLength(1);
	});

	it('the database refuses a second row for the same person, course and version', () => {
		const course = makeCourse('quiz-only');
		takeQuiz(course, resident, 5, at(0), at(1));
		expect(() =>
			db.insert(completions).values({ personId: resident, provinceId, courseId: course.id, courseVersion: 1, completedAt: at(5), score: 100, communeIdAtCompletion: communeA }).run()
		).toThrow(/UNIQUE/);
	});
});

describe('course versions', () => {
	it('a pass in an older version does not count for the current one', () => {
		const v1 = makeCourse('all-lessons-and-quiz', 1);
		const v2 = makeCourse('all-lessons-and-quiz', 2);
		takeQuiz(v1, resident, 5, at(0), at(1));
		expect(quizStanding(db, resident, v1, at(2))!.passed).toBe(true);
		expect(quizStanding(db, resident, v2, at(2))!.passed).toBe(false);
		// Lessons are done under version 2: the old pass is not enough.
		expect(doLessons(v2, resident, at(3)).map((r) => r.status === 'done' && r.completion.status)).toEqual(['not-yet', 'not-yet']);
		expect(completionRows(resident)).toEqual([]);
		// A new pass in version 2 completes version 2.
		expect(takeQuiz(v2, resident, 4, at(4), at(5)).completion).toEqual({ status: 'completed', completedAt: at(5), certificateCode: expect.stringMatching(CERTIFICATE_CODE) });
		expect(completionRows(resident).map((r) => [r.courseVersion, r.score])).toEqual([[2, 80]]);
	});

	it("'quiz-only': a version 1 pass completes version 1 only; version 2 needs its own", () => {
		const v1 = makeCourse('quiz-only', 1);
		const v2 = makeCourse('quiz-only', 2);
		expect(takeQuiz(v1, resident, 5, at(0), at(1)).completion.status).toBe('completed');
		expect(recordCompletionIfMet(db, learnerUnits(db, resident), v2, at(2))).toEqual({ status: 'not-yet' });
		expect(takeQuiz(v2, resident, 4, at(3), at(4)).completion.status).toBe('completed');
		expect(completionRows(resident).map((r) => [r.courseVersion, r.score])).toEqual([
			[1, 100],
			[2, 80]
		]);
	});

	it('the best score of the current version is used, not a better one from an older version', () => {
		const v1 = makeCourse('all-lessons-and-quiz', 1);
		const v2 = makeCourse('all-lessons-and-quiz', 2);
		takeQuiz(v1, resident, 5, at(0), at(1));
		takeQuiz(v2, resident, 4, at(2), at(3));
		doLessons(v2, resident, at(4));
		expect(completionRows(resident).map((r) => [r.courseVersion, r.score])).toEqual([[2, 80]]);
	});
});
