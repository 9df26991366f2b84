import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogCourse, Language } from '../../src/lib/server/content/catalog';
import { type Question, type Quiz, courseSchema, quizSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { quizAnswers, quizAttempts } from '../../src/lib/server/db/schema';
import {
	type Randomness,
	displayAttempt,
	drawQuestions,
	quizStanding,
	reviewAttempt,
	secureRandom,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/quiz/attempts';
import { postedFields } from '../../src/lib/server/quiz/page';
import type { QuestionLayout } from '../../src/lib/server/quiz/questions';
import { testDatabase } from '../helpers/db';
import { type How, answerFields } from '../helpers/quiz-answers';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

/** A certificate code: 10 Crockford base32 characters. */
const CERTIFICATE_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

// ---------------------------------------------------------------------------------------------
// Content built by hand and checked against the real schemas.

const both = (vi: string, en: string) => ({ vi, en });
type Tag = Question['tags'][number];
const base = (id: string, tags: Tag[] = ['4.2']) => ({ id, tags, prompt: both(`Câu ${id}?`, `Question ${id}?`), explanation: both(`Vì sao ${id}`, `Why ${id}`) });
const option = (id: string, correct: boolean) => ({ id, correct, text: both(`Phương án ${id}`, `Option ${id}`) });

const single = (id: string, tags?: Tag[]) => ({ ...base(id, tags), type: 'single', options: [option(`${id}-sai`, false), option(`${id}-dung`, true), option(`${id}-khong`, false)] });
/** Two right options (0, 1) and two wrong ones (2, 3). */
const multiple = (id: string) => ({ ...base(id), type: 'multiple', options: [option(`${id}-a`, true), option(`${id}-b`, true), option(`${id}-c`, false), option(`${id}-d`, false)] });
/** Ten right options and one wrong one: ticking nine of the right ones earns 0.9. */
const tenths = (id: string) => ({ ...base(id), type: 'multiple', options: [...Array.from({ length: 10 }, (_, i) => option(`${id}-${i}`, true)), option(`${id}-sai`, false)] });

function makeQuiz(questions: Record<string, unknown>[], settings: Record<string, unknown> = {}): Quiz {
	return quizSchema.parse({ id: 'final', final: true, draw: questions.length, title: both('Bài kiểm tra cuối khóa', 'Final quiz'), questions, ...settings });
}

function makeCourse(quiz: Quiz | null, meta: Record<string, unknown> = {}): CatalogCourse {
	const parsed = courseSchema.parse({
		id: 'khoa-kiem-tra',
		version: 1,
		order: 1,
		status: 'published',
		audience: 'all',
		minutes: 30,
		competencies: ['4.2'],
		lessonsInOrder: false,
		completion: 'quiz-only',
		title: both('Khóa kiểm tra', 'Test course'),
		summary: both('Tóm tắt', 'Summary'),
		...meta
	});
	const lesson = (id: string) => ({ id, slug: `01-${id}`, title: { vi: id, en: null }, minutes: 5, hasEnglish: false, practiceIds: [], glossary: { vi: [], en: [] } });
	return { ...parsed, folder: `90-${parsed.id}`, lessons: [lesson('bai-mot'), lesson('bai-hai')], practice: new Map(), finalQuiz: quiz };
}

/** The five-question quiz of most tests: three single, one 2-of-4 multiple, one 10-of-11 multiple. */
const FIVE = [single('cau-mot'), single('cau-hai'), single('cau-ba'), multiple('cau-bon'), tenths('cau-nam')];

const mixedBank = () => [
	single('chon-mot'),
	multiple('chon-nhieu'),
	{ ...base('dung-sai'), type: 'true_false', answer: false },
	{ ...base('thu-tu'), type: 'ordering', items: [both('Một', 'One'), both('Hai', 'Two'), both('Ba', 'Three')] },
	{ ...base('ghep'), type: 'matching', pairs: [{ left: both('113', '113'), right: both('Công an', 'Police') }, { left: both('114', '114'), right: both('Cứu hỏa', 'Fire') }, { left: both('115', '115'), right: both('Cấp cứu', 'Ambulance') }] },
	{ ...base('ngan'), type: 'short_text', accepted: { vi: ['mã hồ sơ'], en: ['file code'] }, ignoreDiacritics: true }
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: a seeded generator for shuffles and unique base32 tokens.

let tokens = 0;
function seeded(seed: number): Randomness {
	let state = seed >>> 0 || 1;
	return {
		int(max) {
			state ^= state << 13;
			state >>>= 0;
			state ^= state >>> 17;
			state ^= state << 5;
			state >>>= 0;
			return state % max;
		},
		token() {
			const n = ++tokens;
			return encodeBase32LowerCaseNoPadding(new Uint8Array([seed & 255, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]));
		}
	};
}

// ---------------------------------------------------------------------------------------------
// The database, people and clock.

const T0 = new Date('2025-03-01T01:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * MIN + seconds * 1000);

let db: AppDatabase;
let provinceId: number;
let communeId: number;
let learner: number;
let other: number;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeId = makeCommune(db, provinceId).id;
	learner = makePerson(db, provinceId, { communeId }).id;
	other = makePerson(db, provinceId, { communeId }).id;
});

const attemptRows = (personId?: number) =>
	db
		.select()
		.from(quizAttempts)
		.where(personId === undefined ? undefined : eq(quizAttempts.personId, personId))
		.orderBy(quizAttempts.id)
		.all();
const attemptRow = (publicId: string) => db.select().from(quizAttempts).where(eq(quizAttempts.publicId, publicId)).get()!;
const answerRows = (publicId?: string) =>
	publicId === undefined
		? db.select().from(quizAnswers).orderBy(quizAnswers.position).all()
		: db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptRow(publicId).id)).orderBy(quizAnswers.position).all();
const layoutOf = (publicId: string) => attemptRow(publicId).layout as QuestionLayout[];
const backdate = (publicId: string, submittedAt: Date) =>
	db.$client.prepare('UPDATE quiz_attempts SET submitted_at = ? WHERE public_id = ?').run(submittedAt.getTime(), publicId);

function started(result: ReturnType<typeof startAttempt>): string {
	if (result.status !== 'started' && result.status !== 'resumed') throw new Error(`expected an attempt, got ${JSON.stringify(result)}`);
	return result.publicId;
}

/**
 * The posted form for an attempt: each question answered as `plan` says (by question id, default
 * right), plus any extra fields. The attempt id is a field as on the real page.
 */
function form(course: CatalogCourse, publicId: string, plan: Record<string, How> = {}, extra: [string, string][] = [], skip: string[] = []) {
	const bank = new Map(course.finalQuiz!.questions.map((q) => [q.id, q]));
	const data = new FormData();
	data.append('attempt', publicId);
	const layouts = db.select({ layout: quizAttempts.layout }).from(quizAttempts).where(eq(quizAttempts.publicId, publicId)).get();
	((layouts?.layout ?? []) as QuestionLayout[]).forEach((layout, i) => {
		if (skip.includes(layout.questionId)) return;
		for (const [name, value] of answerFields(bank.get(layout.questionId)!, layout, i + 1, plan[layout.questionId] ?? 'right')) data.append(name, value);
	});
	for (const [name, value] of extra) data.append(name, value);
	return postedFields(data);
}

const submit = (course: CatalogCourse, personId: number, publicId: string, when: Date, plan: Record<string, How> = {}, extra: [string, string][] = []) =>
	submitAttempt(db, personId, course, publicId, form(course, publicId, plan, extra), when);

/** Nothing was recorded for the attempt: no answers and still open. */
function expectUntouched(publicId: string) {
	expect(answerRows()).toEqual([]);
	const row = attemptRow(publicId);
	expect(row.submittedAt).toBeNull();
	expect(row.score).toBeNull();
	expect(row.passed).toBeNull();
	expect(row.expired).toBe(false);
}

// =============================================================================================

describe('drawQuestions', () => {
	const bank = Array.from({ length: 8 }, (_, i) => single(`cau-${i + 1}`));

	it('draws that many different questions from the bank', () => {
		const quiz = makeQuiz(bank, { draw: 5 });
		for (let seed = 1; seed <= 30; seed++) {
			const drawn = drawQuestions(quiz, seeded(seed));
			expect(drawn).toHaveLength(5);
			expect(new Set(drawn.map((q) => q.id)).size).toBe(5);
			for (const question of drawn) expect(quiz.questions).toContain(question);
		}
	});

	it('draws at random: different seeds give different sets and orders', () => {
		const quiz = makeQuiz(bank, { draw: 3 });
		const sets = new Set<string>();
		const orders = new Set<string>();
		for (let seed = 1; seed <= 30; seed++) {
			const ids = drawQuestions(quiz, seeded(seed)).map((q) => q.id);
			sets.add([...ids].sort().join());
			orders.add(ids.join());
		}
		expect(sets.size).toBeGreaterThan(5);
		// Not only which questions, but their order too.
		expect([...orders].some((ids) => ids !== [...ids.split(',')].sort().join())).toBe(true);
	});

	it('draws the whole bank, shuffled, when draw equals its size', () => {
		const quiz = makeQuiz(bank, { draw: 8 });
		const drawn = drawQuestions(quiz, seeded(7));
		expect(drawn.map((q) => q.id).sort()).toEqual(bank.map((q) => q.id).sort());
	});

	it('draws so many per competency tag, never a question twice, never an untagged one', () => {
		const tagged = [
			single('a-1', ['1.1']),
			single('a-2', ['1.1']),
			single('a-3', ['1.1']),
			single('b-1', ['2.1']),
			single('b-2', ['2.1']),
			single('ab', ['1.1', '5.1']),
			single('khac-1', ['6.1']),
			single('khac-2', ['6.1'])
		];
		const quiz = makeQuiz(tagged, { draw: { '1.1': 2, '2.1': 2 } });
		const seenIds = new Set<string>();
		for (let seed = 1; seed <= 40; seed++) {
			const drawn = drawQuestions(quiz, seeded(seed));
			expect(drawn).toHaveLength(4);
			expect(new Set(drawn.map((q) => q.id)).size).toBe(4);
			expect(drawn.filter((q) => q.tags.includes('1.1')).length).toBeGreaterThanOrEqual(2);
			expect(drawn.filter((q) => q.tags.includes('2.1')).length).toBeGreaterThanOrEqual(2);
			expect(drawn.some((q) => q.tags.includes('6.1'))).toBe(false);
			for (const q of drawn) seenIds.add(q.id);
		}
		// Every tagged question is drawn sometimes.
		expect([...seenIds].sort()).toEqual(['a-1', 'a-2', 'a-3', 'ab', 'b-1', 'b-2']);
	});
});

describe('startAttempt and quizStanding', () => {
	it('a course without a final quiz has no standing and no attempt', () => {
		const course = makeCourse(null);
		expect(quizStanding(db, learner, course, T0)).toBeNull();
		expect(startAttempt(db, learner, course, T0, seeded(1))).toEqual({ status: 'no-quiz' });
		expect(attemptRows()).toEqual([]);
	});

	it('starts an attempt with its layout stored: drawn questions, tokens, no deadline without a time limit', () => {
		const quiz = makeQuiz(mixedBank(), { draw: 4 });
		const course = makeCourse(quiz);
		expect(quizStanding(db, learner, course, T0)).toMatchObject({ history: [], open: null, passed: false, bestScore: null, attemptsLeft: null, waitUntil: null, canStart: true });
		const result = startAttempt(db, learner, course, T0, seeded(3));
		expect(result.status).toBe('started');
		const publicId = started(result);
		expect(publicId).toMatch(/^[a-z2-7]{16}$/);
		const [row, ...more] = attemptRows();
		expect(more).toEqual([]);
		expect(row).toMatchObject({ personId: learner, courseId: course.id, courseVersion: 1, quizId: 'final', publicId, startedAt: T0, deadlineAt: null, submittedAt: null, score: null, passed: null, expired: false });
		const layout = row!.layout as QuestionLayout[];
		expect(layout).toHaveLength(4);
		expect(new Set(layout.map((l) => l.questionId)).size).toBe(4);
		for (const l of layout) expect(quiz.questions.map((q) => q.id)).toContain(l.questionId);
		expect(quizStanding(db, learner, course, T0)).toMatchObject({ open: { publicId }, canStart: false });
	});

	it('a reload shows the same attempt: resumed, same id, same layout, one open row', () => {
		const course = makeCourse(makeQuiz(mixedBank()));
		const first = started(startAttempt(db, learner, course, T0, seeded(1)));
		const layout = layoutOf(first);
		const shown = displayAttempt(course, quizStanding(db, learner, course, at(1))!.open!, 'vi');
		// Another request, other randomness, later: still the same attempt.
		expect(startAttempt(db, learner, course, at(5), seeded(99))).toEqual({ status: 'resumed', publicId: first });
		expect(startAttempt(db, learner, course, at(6))).toEqual({ status: 'resumed', publicId: first });
		expect(attemptRows()).toHaveLength(1);
		expect(layoutOf(first)).toEqual(layout);
		expect(attemptRow(first).startedAt).toEqual(T0);
		expect(displayAttempt(course, quizStanding(db, learner, course, at(7))!.open!, 'vi')).toEqual(shown);
	});

	it('keeps one open attempt per person and quiz, and the database refuses a second', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const mine = started(startAttempt(db, learner, course, T0, seeded(1)));
		const theirs = started(startAttempt(db, other, course, T0, seeded(2)));
		expect(theirs).not.toBe(mine);
		expect(startAttempt(db, learner, course, at(1), seeded(3))).toEqual({ status: 'resumed', publicId: mine });
		expect(attemptRows(learner)).toHaveLength(1);
		expect(() =>
			db
				.insert(quizAttempts)
				.values({ personId: learner, courseId: course.id, courseVersion: 1, quizId: 'final', publicId: 'aaaaaaaaaaaaaaaa', layout: [], startedAt: at(2) })
				.run()
		).toThrow(/UNIQUE/);
		// Another course's quiz (also called "final") is a different quiz.
		const otherCourse = { ...makeCourse(makeQuiz(FIVE)), id: 'khoa-khac' };
		expect(startAttempt(db, learner, otherCourse, at(3), seeded(4)).status).toBe('started');
		expect(attemptRows(learner)).toHaveLength(2);
	});

	it('the real randomness gives unguessable ids and different layouts to different attempts', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const a = started(startAttempt(db, learner, course, T0));
		const b = started(startAttempt(db, other, course, T0));
		expect(a).toMatch(/^[a-z2-7]{16}$/);
		const tokensOf = (id: string) => layoutOf(id).flatMap((l) => l.choices.map((c) => c.token));
		expect(tokensOf(a).filter((t) => tokensOf(b).includes(t))).toEqual([]);
		expect(secureRandom.token()).toMatch(/^[a-z2-7]{8}$/);
	});

	it('sets the deadline from the time limit', () => {
		const course = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 15 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(1)));
		expect(attemptRow(id).deadlineAt).toEqual(at(15));
	});
});

describe('displayAttempt', () => {
	it('shows the attempt in order, positions from 1, without any answer key', () => {
		const quiz = makeQuiz(mixedBank());
		const course = makeCourse(quiz);
		const id = started(startAttempt(db, learner, course, T0, seeded(5)));
		const open = quizStanding(db, learner, course, T0)!.open!;
		for (const language of ['vi', 'en'] as Language[]) {
			const shown = displayAttempt(course, open, language);
			expect(shown.map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6]);
			const layout = layoutOf(id);
			shown.forEach((q, i) => {
				const question = quiz.questions.find((x) => x.id === layout[i]!.questionId)!;
				expect(q.type).toBe(question.type);
				expect(q.prompt).toBe(question.prompt[language]);
				expect(q.choices.map((c) => c.token)).toEqual(layout[i]!.choices.map((c) => c.token));
			});
			const json = JSON.stringify(shown);
			for (const key of ['"correct"', '"answer"', '"accepted"', '"source"', '"questionId"', '"explanation"']) expect(json).not.toContain(key);
			expect(json).not.toContain('mã hồ sơ');
			expect(json).not.toContain('file code');
		}
	});
});

describe('submitAttempt: grading', () => {
	it('grades all right as 100, records one answer row per question, and closes the attempt', () => {
		const quiz = makeQuiz(mixedBank());
		const course = makeCourse(quiz);
		const id = started(startAttempt(db, learner, course, T0, seeded(11)));
		const result = submit(course, learner, id, at(5));
		expect(result).toEqual({ status: 'graded', publicId: id, score: 100, passed: true, completion: { status: 'completed', completedAt: at(5), certificateCode: expect.stringMatching(CERTIFICATE_CODE) } });
		expect(attemptRow(id)).toMatchObject({ submittedAt: at(5), score: 100, passed: true, expired: false });
		const rows = answerRows(id);
		expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(rows.map((r) => r.questionId)).toEqual(layoutOf(id).map((l) => l.questionId));
		for (const row of rows) expect(row).toMatchObject({ credit: 1, correct: true });
		// Answers in the question's own terms.
		const byId = new Map(rows.map((r) => [r.questionId, r.answer]));
		expect(byId.get('chon-mot')).toBe(1);
		expect(byId.get('chon-nhieu')).toEqual([0, 1]);
		expect(byId.get('dung-sai')).toBe(false);
		expect(byId.get('thu-tu')).toEqual([0, 1, 2]);
		expect(byId.get('ghep')).toEqual([0, 1, 2]);
		expect(byId.get('ngan')).toBe('mã hồ sơ');
	});

	it('grades all wrong as 0 and fails', () => {
		const quiz = makeQuiz(mixedBank());
		const course = makeCourse(quiz);
		const id = started(startAttempt(db, learner, course, T0, seeded(12)));
		const plan = Object.fromEntries(quiz.questions.map((q) => [q.id, 'wrong' as How]));
		expect(submit(course, learner, id, at(5), plan)).toEqual({ status: 'graded', publicId: id, score: 0, passed: false, completion: { status: 'not-yet' } });
		for (const row of answerRows(id)) expect(row).toMatchObject({ credit: 0, correct: false });
	});

	it('passes exactly at the pass mark: 4 of 5 is 80', () => {
		const course = makeCourse(makeQuiz(FIVE, { passMark: 80 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(13)));
		const result = submit(course, learner, id, at(5), { 'cau-bon': 'wrong' });
		expect(result).toMatchObject({ status: 'graded', score: 80, passed: true });
		expect(attemptRow(id)).toMatchObject({ score: 80, passed: true });
	});

	it('fails just under the pass mark with partial credit: 3.9 of 5 is 78', () => {
		const course = makeCourse(makeQuiz(FIVE, { passMark: 80 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(14)));
		const result = submit(course, learner, id, at(5), { 'cau-bon': 'wrong', 'cau-nam': { tick: [0, 1, 2, 3, 4, 5, 6, 7, 8] } });
		expect(result).toMatchObject({ status: 'graded', score: 78, passed: false, completion: { status: 'not-yet' } });
		const credits = new Map(answerRows(id).map((r) => [r.questionId, r]));
		expect(credits.get('cau-nam')).toMatchObject({ credit: 0.9, correct: false });
		expect(credits.get('cau-bon')).toMatchObject({ credit: 0, correct: false });
	});

	it('a fractional score equal to the pass mark passes: 3.9 of 5 with a pass mark of 78', () => {
		const course = makeCourse(makeQuiz(FIVE, { passMark: 78 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(15)));
		expect(submit(course, learner, id, at(5), { 'cau-bon': 'wrong', 'cau-nam': { tick: [0, 1, 2, 3, 4, 5, 6, 7, 8] } })).toMatchObject({ score: 78, passed: true });
	});

	it('counts half credit of a multiple-choice question in the score', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, course, T0, seeded(16)));
		// 3 + 0.5 (one of two right ticks) + 0.9 (all eleven ticked: (10 − 1) / 10) → 4.4 / 5
		expect(submit(course, learner, id, at(5), { 'cau-bon': { tick: [0] }, 'cau-nam': { tick: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } })).toMatchObject({ score: 88, passed: true });
		const id2 = started(startAttempt(db, learner, course, at(10), seeded(17)));
		expect(submit(course, learner, id2, at(15), { 'cau-bon': { tick: [0, 1, 2, 3] } })).toMatchObject({ score: 80 });
		expect(new Map(answerRows(id2).map((r) => [r.questionId, r.credit])).get('cau-bon')).toBe(0);
	});

	it('refuses fields that are not answers (anything but the attempt id and its questions)', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, course, T0, seeded(18)));
		expect(submit(course, learner, id, at(5), {}, [['submit', ''], ['csrf', 'x']])).toEqual({ status: 'unexpected-fields', fields: ['submit', 'csrf'] });
		expect(submit(course, learner, id, at(5))).toMatchObject({ status: 'graded', score: 100 });
	});
});

describe('submitAttempt: limits', () => {
	it('enforces maxAttempts: no third try after two failures', () => {
		const course = makeCourse(makeQuiz(FIVE, { maxAttempts: 2 }));
		const allWrong = Object.fromEntries(FIVE.map((q) => [q.id, 'wrong' as How]));
		const first = started(startAttempt(db, learner, course, T0, seeded(21)));
		expect(quizStanding(db, learner, course, T0)!.attemptsLeft).toBe(1);
		expect(submit(course, learner, first, at(1), allWrong)).toMatchObject({ passed: false });
		const second = started(startAttempt(db, learner, course, at(2), seeded(22)));
		expect(second).not.toBe(first);
		expect(submit(course, learner, second, at(3), allWrong)).toMatchObject({ passed: false });
		expect(startAttempt(db, learner, course, at(4), seeded(23))).toEqual({ status: 'no-attempts-left' });
		expect(quizStanding(db, learner, course, at(4))).toMatchObject({ attemptsLeft: 0, canStart: false, passed: false, bestScore: 0 });
		expect(attemptRows(learner)).toHaveLength(2);
		// Someone else still has their own tries.
		expect(startAttempt(db, other, course, at(4), seeded(24)).status).toBe('started');
	});

	it('an open attempt counts as a try while it runs', () => {
		const course = makeCourse(makeQuiz(FIVE, { maxAttempts: 1 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(25)));
		expect(quizStanding(db, learner, course, T0)).toMatchObject({ attemptsLeft: 0, canStart: false });
		// It can still be resumed and submitted.
		expect(startAttempt(db, learner, course, at(1), seeded(26))).toEqual({ status: 'resumed', publicId: id });
		expect(submit(course, learner, id, at(2))).toMatchObject({ status: 'graded', passed: true });
		expect(startAttempt(db, learner, course, at(3), seeded(27))).toEqual({ status: 'no-attempts-left' });
	});

	it('enforces waitMinutes after a failure, counted from when it was submitted', () => {
		const course = makeCourse(makeQuiz(FIVE, { waitMinutes: 60 }));
		const first = started(startAttempt(db, learner, course, T0, seeded(31)));
		expect(submit(course, learner, first, at(10), { 'cau-mot': 'wrong', 'cau-hai': 'wrong' })).toMatchObject({ passed: false });
		expect(startAttempt(db, learner, course, at(11), seeded(32))).toEqual({ status: 'wait', until: at(70) });
		expect(quizStanding(db, learner, course, at(11))).toMatchObject({ waitUntil: at(70), canStart: false });
		expect(attemptRows(learner)).toHaveLength(1);
		// The failure was, in fact, 61 minutes ago.
		backdate(first, at(-50));
		expect(quizStanding(db, learner, course, at(11))).toMatchObject({ waitUntil: null, canStart: true });
		expect(startAttempt(db, learner, course, at(11), seeded(33)).status).toBe('started');
	});

	it('waits until exactly the end of the waiting time', () => {
		const course = makeCourse(makeQuiz(FIVE, { waitMinutes: 30 }));
		const first = started(startAttempt(db, learner, course, T0, seeded(34)));
		submit(course, learner, first, at(1), { 'cau-mot': 'wrong', 'cau-hai': 'wrong' });
		backdate(first, at(-29));
		expect(startAttempt(db, learner, course, at(0), seeded(35))).toEqual({ status: 'wait', until: at(1) });
		backdate(first, at(-30));
		expect(startAttempt(db, learner, course, at(0), seeded(36)).status).toBe('started');
	});

	it('no waiting after a pass', () => {
		const course = makeCourse(makeQuiz(FIVE, { waitMinutes: 60 }));
		const first = started(startAttempt(db, learner, course, T0, seeded(37)));
		expect(submit(course, learner, first, at(10))).toMatchObject({ passed: true });
		expect(quizStanding(db, learner, course, at(11))).toMatchObject({ waitUntil: null, passed: true, bestScore: 100 });
		expect(startAttempt(db, learner, course, at(11), seeded(38)).status).toBe('started');
	});

	it('accepts a submission up to 30 seconds after the deadline', () => {
		const course = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 10 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(41)));
		expect(submit(course, learner, id, at(10, 30))).toMatchObject({ status: 'graded', score: 100, passed: true });
		expect(attemptRow(id)).toMatchObject({ submittedAt: at(10, 30), expired: false });
	});

	it('refuses a submission after the deadline and its grace: closed as expired, score 0, nothing recorded', () => {
		const course = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 10 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(42)));
		expect(submit(course, learner, id, at(10, 31))).toEqual({ status: 'expired' });
		expect(attemptRow(id)).toMatchObject({ submittedAt: at(10), score: 0, passed: false, expired: true });
		expect(answerRows()).toEqual([]);
		// Trying again changes nothing.
		expect(submit(course, learner, id, at(11))).toEqual({ status: 'expired' });
		expect(answerRows()).toEqual([]);
		expect(quizStanding(db, learner, course, at(12))).toMatchObject({
			open: null,
			history: [{ publicId: id, submittedAt: at(10), score: 0, passed: false, expired: true }],
			bestScore: 0,
			canStart: true
		});
	});

	it('an attempt left to run out is closed by the standing, and a new one may start', () => {
		const course = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 10, maxAttempts: 2 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(43)));
		expect(quizStanding(db, learner, course, at(10, 30))!.open?.publicId).toBe(id);
		const next = startAttempt(db, learner, course, at(30), seeded(44));
		expect(next.status).toBe('started');
		expect(attemptRow(id)).toMatchObject({ expired: true, score: 0, submittedAt: at(10) });
		expect(quizStanding(db, learner, course, at(31))).toMatchObject({ attemptsLeft: 0 });
		expect(submit(course, learner, id, at(31))).toEqual({ status: 'expired' });
	});

	it('a second submission of the same attempt records nothing more', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, course, T0, seeded(51)));
		expect(submit(course, learner, id, at(5), { 'cau-mot': 'wrong' })).toMatchObject({ status: 'graded', score: 80 });
		const before = answerRows();
		expect(before).toHaveLength(5);
		// Back button, better answers this time.
		expect(submit(course, learner, id, at(6))).toEqual({ status: 'already-submitted', publicId: id });
		expect(answerRows()).toEqual(before);
		expect(attemptRow(id)).toMatchObject({ score: 80, submittedAt: at(5) });
	});
});

describe('submitAttempt: tampering records nothing', () => {
	let course: CatalogCourse;
	let id: string;
	beforeEach(() => {
		course = makeCourse(makeQuiz(mixedBank()));
		id = started(startAttempt(db, learner, course, T0, seeded(61)));
	});
	const positionOf = (questionId: string) => layoutOf(id).findIndex((l) => l.questionId === questionId) + 1;

	it('an unknown option token', () => {
		const data = form(course, id, {}, [[`q${positionOf('chon-mot')}`, 'zzzzzzzz']], ['chon-mot']);
		expect(submitAttempt(db, learner, course, id, data, at(5))).toEqual({ status: 'incomplete', missing: [], invalid: [positionOf('chon-mot')] });
		expectUntouched(id);
	});

	it('a token of another question of the same attempt', () => {
		const single = positionOf('chon-mot');
		const foreign = layoutOf(id)[positionOf('chon-nhieu') - 1]!.choices[0]!.token;
		const data = form(course, id, {}, [[`q${single}`, foreign]], ['chon-mot']);
		expect(submitAttempt(db, learner, course, id, data, at(5))).toEqual({ status: 'incomplete', missing: [], invalid: [single] });
		expectUntouched(id);
	});

	it('a single-choice answer sent twice', () => {
		const single = positionOf('chon-mot');
		const tokens = layoutOf(id)[single - 1]!.choices.map((c) => c.token);
		const data = form(course, id, {}, [[`q${single}`, tokens[0]!], [`q${single}`, tokens[1]!]], ['chon-mot']);
		expect(submitAttempt(db, learner, course, id, data, at(5))).toEqual({ status: 'incomplete', missing: [], invalid: [single] });
		expectUntouched(id);
	});

	it('a duplicated tick in a multiple-choice question', () => {
		const p = positionOf('chon-nhieu');
		const right = layoutOf(id)[p - 1]!.choices.find((c) => c.source === 0)!.token;
		expect(submitAttempt(db, learner, course, id, form(course, id, {}, [[`q${p}`, right]]), at(5))).toEqual({ status: 'incomplete', missing: [], invalid: [p] });
		expectUntouched(id);
	});

	it('an answer to a question the attempt does not have (q99)', () => {
		expect(submit(course, learner, id, at(5), {}, [['q99', 'zzzzzzzz']])).toEqual({ status: 'unexpected-fields', fields: ['q99'] });
		expectUntouched(id);
		expect(submit(course, learner, id, at(5), {}, [['q7', 'x']])).toEqual({ status: 'unexpected-fields', fields: ['q7'] });
		expect(submit(course, learner, id, at(5), {}, [['q0', 'x']])).toEqual({ status: 'unexpected-fields', fields: ['q0'] });
		expect(submit(course, learner, id, at(5), {}, [['Q1', 'x']])).toEqual({ status: 'unexpected-fields', fields: ['Q1'] });
		expectUntouched(id);
	});

	it('a field naming a token the question does not have (q1-<unknown>)', () => {
		expect(submit(course, learner, id, at(5), {}, [['q1-zzzzzzzz', '1']])).toEqual({ status: 'unexpected-fields', fields: ['q1-zzzzzzzz'] });
		expectUntouched(id);
		// A token of another question is unknown to this one too.
		const foreign = layoutOf(id).find((l, i) => i > 0 && l.choices.length > 0)!.choices[0]!.token;
		expect(submit(course, learner, id, at(5), {}, [[`q1-${foreign}`, '1']])).toEqual({ status: 'unexpected-fields', fields: [`q1-${foreign}`] });
		expectUntouched(id);
	});

	it('missing answers, listed by position', () => {
		const result = submitAttempt(db, learner, course, id, form(course, id, {}, [], ['ngan', 'thu-tu']), at(5));
		expect(result).toEqual({ status: 'incomplete', missing: [positionOf('ngan'), positionOf('thu-tu')].sort((a, b) => a - b), invalid: [] });
		expectUntouched(id);
		const empty = new FormData();
		empty.append('attempt', id);
		expect(submitAttempt(db, learner, course, id, postedFields(empty), at(5))).toEqual({ status: 'incomplete', missing: [1, 2, 3, 4, 5, 6], invalid: [] });
		expectUntouched(id);
	});

	it('a short answer over 200 characters', () => {
		const p = positionOf('ngan');
		const data = form(course, id, {}, [[`q${p}`, 'a'.repeat(201)]], ['ngan']);
		expect(submitAttempt(db, learner, course, id, data, at(5))).toEqual({ status: 'incomplete', missing: [], invalid: [p] });
		expectUntouched(id);
	});

	it("another person's attempt", () => {
		expect(submitAttempt(db, other, course, id, form(course, id), at(5))).toEqual({ status: 'not-yours' });
		expectUntouched(id);
		// Even once its time has run out, someone else's submission does not close it.
		const timed = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 1 }));
		const timedId = started(startAttempt(db, learner, { ...timed, id: 'khoa-gio' }, T0, seeded(62)));
		expect(submitAttempt(db, other, { ...timed, id: 'khoa-gio' }, timedId, form(timed, timedId), at(30))).toEqual({ status: 'not-yours' });
		expect(attemptRow(timedId)).toMatchObject({ submittedAt: null, expired: false });
	});

	it('an unknown or garbage attempt id', () => {
		for (const bad of ['', 'x', 'aaaaaaaaaaaaaaaa', `${id}x`, id.toUpperCase(), "' OR 1=1 --", '1']) {
			expect(submitAttempt(db, learner, course, bad, form(course, id), at(5))).toEqual({ status: 'not-found' });
		}
		expectUntouched(id);
	});

	it("an attempt of another course's quiz", () => {
		const otherCourse = { ...makeCourse(makeQuiz(mixedBank())), id: 'khoa-khac' };
		expect(submitAttempt(db, learner, otherCourse, id, form(course, id), at(5))).toEqual({ status: 'not-found' });
		expectUntouched(id);
	});

	it('a forged time in the form is refused: only the server clock counts', () => {
		const timed = { ...makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 10 })), id: 'khoa-gio' };
		const late = started(startAttempt(db, other, timed, T0, seeded(63)));
		const forged: [string, string][] = [
			['now', T0.toISOString()],
			['submittedAt', String(T0.getTime())],
			['startedAt', at(30).toISOString()],
			['deadlineAt', at(60).toISOString()],
			['time', '0']
		];
		// Late by the server clock: expired whatever the form says.
		expect(submit(timed, other, late, at(20), {}, forged)).toEqual({ status: 'expired' });
		expect(answerRows()).toEqual([]);
		// In time by the server clock: graded, stamped with the server time, whatever the form says.
		const onTime = started(startAttempt(db, learner, timed, T0, seeded(64)));
		expect(submit(timed, learner, onTime, at(5), {}, [['now', at(60).toISOString()], ['submittedAt', String(at(60).getTime())]])).toEqual({ status: 'unexpected-fields', fields: ['now', 'submittedAt'] });
		expect(attemptRow(onTime)).toMatchObject({ submittedAt: null });
		expect(submit(timed, learner, onTime, at(5))).toMatchObject({ status: 'graded', score: 100 });
		expect(attemptRow(onTime)).toMatchObject({ submittedAt: at(5), startedAt: T0, deadlineAt: at(10) });
	});
});

describe('reviewAttempt', () => {
	const allWrongBut = (quiz: Quiz, right: string[]) => Object.fromEntries(quiz.questions.map((q) => [q.id, (right.includes(q.id) ? 'right' : 'wrong') as How]));

	it('after a failure: which questions were wrong, with explanations, but not the right answers', () => {
		const quiz = makeQuiz(mixedBank());
		const course = makeCourse(quiz);
		const id = started(startAttempt(db, learner, course, T0, seeded(71)));
		expect(submit(course, learner, id, at(5), allWrongBut(quiz, ['chon-mot', 'ngan']))).toMatchObject({ passed: false });
		const standing = quizStanding(db, learner, course, at(6))!;
		const review = reviewAttempt(db, learner, course, id, standing, 'vi')!;
		expect(review).toMatchObject({ publicId: id, passed: false, expired: false, revealed: false, submittedAt: at(5) });
		expect(review.score).toBeCloseTo(33.3, 5);
		const layout = layoutOf(id);
		expect(review.questions.map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6]);
		review.questions.forEach((q, i) => {
			const question = quiz.questions.find((x) => x.id === layout[i]!.questionId)!;
			const right = ['chon-mot', 'ngan'].includes(question.id);
			expect(q.prompt).toBe(question.prompt.vi);
			expect(q.correct).toBe(right);
			expect(q.credit).toBe(right ? 1 : 0);
			expect(q.explanation).toBe(right ? null : question.explanation.vi);
			expect(q.rightAnswer).toBeNull();
			expect(q.given).not.toBe('');
		});
		const given = new Map(review.questions.map((q, i) => [layout[i]!.questionId, q.given]));
		expect(given.get('ngan')).toBe('mã hồ sơ');
		expect(given.get('dung-sai')).toBe('Đúng');
		expect(given.get('chon-nhieu')).toBe('Phương án chon-nhieu-c; Phương án chon-nhieu-d');
		// The review reveals nothing the learner did not answer.
		expect(JSON.stringify(review)).not.toContain('Phương án chon-mot-sai');
		expect(JSON.stringify(review)).not.toContain('Phương án chon-nhieu-a');
		expect(JSON.stringify(review)).not.toContain('file code');
	});

	it('a partly right multiple-choice answer is not correct, and gets its explanation', () => {
		const course = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, course, T0, seeded(72)));
		submit(course, learner, id, at(5), { 'cau-bon': { tick: [0] }, 'cau-mot': 'wrong', 'cau-hai': 'wrong' });
		const review = reviewAttempt(db, learner, course, id, quizStanding(db, learner, course, at(6))!, 'en')!;
		const row = review.questions[layoutOf(id).findIndex((l) => l.questionId === 'cau-bon')]!;
		expect(row).toMatchObject({ correct: false, credit: 0.5, explanation: 'Why cau-bon', rightAnswer: null, given: 'Option cau-bon-a' });
	});

	it('after a pass: the right answers and every explanation are shown, for that attempt and earlier ones', () => {
		const quiz = makeQuiz(mixedBank());
		const course = makeCourse(quiz);
		const failed = started(startAttempt(db, learner, course, T0, seeded(73)));
		submit(course, learner, failed, at(5), allWrongBut(quiz, []));
		const passed = started(startAttempt(db, learner, course, at(10), seeded(74)));
		expect(submit(course, learner, passed, at(15), allWrongBut(quiz, quiz.questions.map((q) => q.id).filter((x) => x !== 'ngan')))).toMatchObject({ passed: true });
		const standing = quizStanding(db, learner, course, at(16))!;
		for (const publicId of [passed, failed]) {
			const review = reviewAttempt(db, learner, course, publicId, standing, 'en')!;
			expect(review.revealed).toBe(true);
			const layout = layoutOf(publicId);
			review.questions.forEach((q, i) => {
				const question = quiz.questions.find((x) => x.id === layout[i]!.questionId)!;
				expect(q.explanation).toBe(question.explanation.en);
				expect(q.rightAnswer).not.toBeNull();
			});
			const rightAnswers = new Map(review.questions.map((q, i) => [layout[i]!.questionId, q.rightAnswer]));
			expect(rightAnswers.get('ngan')).toBe('file code');
			expect(rightAnswers.get('chon-mot')).toBe('Option chon-mot-dung');
			expect(rightAnswers.get('chon-nhieu')).toBe('Option chon-nhieu-a; Option chon-nhieu-b');
			expect(rightAnswers.get('dung-sai')).toBe('False');
			expect(rightAnswers.get('thu-tu')).toBe('1. One 2. Two 3. Three');
			expect(rightAnswers.get('ghep')).toBe('113 → Police; 114 → Fire; 115 → Ambulance');
		}
	});

	it('when no attempts remain the right answers are shown, though never passed', () => {
		const quiz = makeQuiz(FIVE, { maxAttempts: 1 });
		const course = makeCourse(quiz);
		const id = started(startAttempt(db, learner, course, T0, seeded(75)));
		submit(course, learner, id, at(5), allWrongBut(quiz, []));
		const review = reviewAttempt(db, learner, course, id, quizStanding(db, learner, course, at(6))!, 'vi')!;
		expect(review).toMatchObject({ passed: false, revealed: true });
		for (const q of review.questions) expect(q.rightAnswer).toMatch(/^Phương án cau-/);
	});

	it("null for another person's attempt, an open attempt, or an unknown id", () => {
		const course = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, course, T0, seeded(76)));
		expect(reviewAttempt(db, learner, course, id, quizStanding(db, learner, course, at(1))!, 'vi')).toBeNull(); // still open
		submit(course, learner, id, at(5));
		expect(reviewAttempt(db, learner, course, id, quizStanding(db, learner, course, at(6))!, 'vi')).not.toBeNull();
		expect(reviewAttempt(db, other, course, id, quizStanding(db, other, course, at(6))!, 'vi')).toBeNull();
		// Even when handed the owner's standing.
		expect(reviewAttempt(db, other, course, id, quizStanding(db, learner, course, at(6))!, 'vi')).toBeNull();
		expect(reviewAttempt(db, learner, course, 'aaaaaaaaaaaaaaaa', quizStanding(db, learner, course, at(6))!, 'vi')).toBeNull();
		expect(reviewAttempt(db, learner, course, 'garbage', quizStanding(db, learner, course, at(6))!, 'vi')).toBeNull();
	});

	it('an expired attempt reviews as unanswered', () => {
		const course = makeCourse(makeQuiz(FIVE, { timeLimitMinutes: 5 }));
		const id = started(startAttempt(db, learner, course, T0, seeded(77)));
		expect(submit(course, learner, id, at(6))).toEqual({ status: 'expired' });
		const review = reviewAttempt(db, learner, course, id, quizStanding(db, learner, course, at(7))!, 'vi')!;
		expect(review).toMatchObject({ score: 0, passed: false, expired: true, revealed: false, submittedAt: at(5) });
		for (const q of review.questions) expect(q).toMatchObject({ given: '', correct: false, credit: 0, rightAnswer: null });
	});
});

describe('course versions and changed banks', () => {
	it('an attempt left open from an earlier version is closed, and a new one starts for the current version', () => {
		const v1 = makeCourse(makeQuiz(FIVE));
		const v2: CatalogCourse = { ...v1, version: 2 };
		const old = started(startAttempt(db, learner, v1, T0, seeded(81)));
		const fresh = startAttempt(db, learner, v2, at(1), seeded(82));
		expect(fresh.status).toBe('started');
		expect(attemptRow(old)).toMatchObject({ expired: true, score: 0, passed: false });
		expect(submit(v2, learner, old, at(2))).toEqual({ status: 'expired' });
		expect(submit(v2, learner, started(fresh), at(2))).toMatchObject({ status: 'graded', passed: true });
		expect(quizStanding(db, learner, v2, at(3))!.passed).toBe(true);
	});

	it('tries, waiting and the pass count per version: a new version opens with its own tries', () => {
		const v1 = makeCourse(makeQuiz(FIVE, { maxAttempts: 1 }));
		const v2: CatalogCourse = { ...v1, version: 2 };
		const id = started(startAttempt(db, learner, v1, T0, seeded(83)));
		expect(submit(v1, learner, id, at(1))).toMatchObject({ passed: true });
		expect(startAttempt(db, learner, v1, at(2), seeded(84))).toEqual({ status: 'no-attempts-left' });
		const standing = quizStanding(db, learner, v2, at(2))!;
		expect(standing).toMatchObject({ passed: false, attemptsLeft: 1, bestScore: null, history: [] });
		expect(startAttempt(db, learner, v2, at(2), seeded(84)).status).toBe('started');
	});

	it('an open attempt whose question left the bank (even without a new version) is closed, not shown broken', () => {
		const v1 = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, v1, T0, seeded(85)));
		const edited: CatalogCourse = { ...v1, finalQuiz: makeQuiz(FIVE.slice(1)) };
		expect(quizStanding(db, learner, edited, at(1))!.open).toBeNull();
		expect(attemptRow(id)).toMatchObject({ expired: true });
		expect(submitAttempt(db, learner, edited, id, postedFields(new FormData()), at(2))).toEqual({ status: 'expired' });
	});

	it('an attempt of an earlier version is not reviewed against the new bank', () => {
		const v1 = makeCourse(makeQuiz(FIVE));
		const id = started(startAttempt(db, learner, v1, T0, seeded(86)));
		submit(v1, learner, id, at(1));
		const v2: CatalogCourse = { ...v1, version: 2, finalQuiz: makeQuiz(FIVE.slice(1)) };
		expect(reviewAttempt(db, learner, v2, id, quizStanding(db, learner, v2, at(2))!, 'vi')).toBeNull();
	});

	it('a per-tag draw whose tags overlap on one question is refused by the schema', () => {
		const tagged = [single('a', ['1.1', '2.1']), single('b', ['2.1']), single('c', ['3.1'])];
		const parsed = quizSchema.safeParse({ id: 'final', final: true, draw: { '1.1': 1, '2.1': 2 }, title: both('T', 'T'), questions: tagged });
		expect(parsed.success).toBe(false);
	});
});
