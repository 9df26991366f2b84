import { randomInt } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CatalogCourse, Language } from '../content/catalog';
import type { Question, Quiz } from '../content/schema';
import type { AppDatabase, DbOrTx } from '../db/client';
import { quizAnswers, quizAttempts } from '../db/schema';
import { pictureUrl } from '../content';
import { type CompletionOutcome, recordCompletionIfMet } from '../progress/completion';
import { learnerUnits } from '../progress/learner';
import { type DisplayedQuestion, type PostedFields, type QuestionLayout, questionType } from './questions';

const MINUTE = 60_000;
/** A submission a little after the time limit still counts: the page may have been slow to send it. */
const GRACE_MS = 30_000;

export interface Randomness {
	/** An integer in [0, max). */
	int(max: number): number;
	token(): string;
}

export const secureRandom: Randomness = {
	int: (max) => randomInt(max),
	token: () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(5)))
};

function shuffled<T>(items: T[], random: Randomness): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy;
}

/** The questions of one attempt: `draw` at random from the bank, or so many per competency tag. */
export function drawQuestions(quiz: Quiz, random: Randomness): Question[] {
	if (typeof quiz.draw === 'number') return shuffled(quiz.questions, random).slice(0, quiz.draw);
	const chosen = new Set<Question>();
	for (const [tag, count = 0] of Object.entries(quiz.draw)) {
		const pool = quiz.questions.filter((q) => q.tags.includes(tag as Question['tags'][number]) && !chosen.has(q));
		for (const question of shuffled(pool, random).slice(0, count)) chosen.add(question);
	}
	return shuffled([...chosen], random);
}

interface AttemptRow {
	id: number;
	publicId: string;
	personId: number;
	courseVersion: number;
	layout: QuestionLayout[];
	startedAt: Date;
	deadlineAt: Date | null;
	submittedAt: Date | null;
	score: number | null;
	passed: boolean | null;
	expired: boolean;
}

const attemptColumns = {
	id: quizAttempts.id,
	publicId: quizAttempts.publicId,
	personId: quizAttempts.personId,
	courseVersion: quizAttempts.courseVersion,
	layout: quizAttempts.layout,
	startedAt: quizAttempts.startedAt,
	deadlineAt: quizAttempts.deadlineAt,
	submittedAt: quizAttempts.submittedAt,
	score: quizAttempts.score,
	passed: quizAttempts.passed,
	expired: quizAttempts.expired
};

function attemptsOf(db: DbOrTx, personId: number, course: CatalogCourse, quiz: Quiz): AttemptRow[] {
	return db
		.select(attemptColumns)
		.from(quizAttempts)
		.where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, course.id), eq(quizAttempts.quizId, quiz.id)))
		.orderBy(asc(quizAttempts.startedAt), asc(quizAttempts.id))
		.all() as AttemptRow[];
}

/**
 * Whether an attempt's stored draw still fits the course as it is now: same version, and every
 * drawn question still in the bank with the same choices (an editor may change a quiz without
 * raising the version).
 */
function fitsCourse(course: CatalogCourse, attempt: AttemptRow): boolean {
	if (attempt.courseVersion !== course.version) return false;
	const bank = questionsById(course.finalQuiz!);
	return attempt.layout.every((layout) => {
		const question = bank.get(layout.questionId);
		if (!question) return false;
		const size = question.type === 'single' || question.type === 'multiple' ? question.options.length : question.type === 'ordering' ? question.items.length : question.type === 'matching' ? question.pairs.length : null;
		const sources = [...layout.choices, ...(layout.targets ?? [])].map((choice) => choice.source);
		return size === null ? question.type === 'true_false' || layout.choices.length === 0 : layout.choices.length === size && sources.every((source) => source < size);
	});
}

/**
 * An open attempt whose time has run out, or that the course has changed under, is closed as a
 * try that scored 0 (submitted at its deadline, or now).
 */
function closeIfOver(db: DbOrTx, course: CatalogCourse, attempt: AttemptRow, now: Date): AttemptRow {
	if (attempt.submittedAt) return attempt;
	const timeUp = attempt.deadlineAt !== null && now.getTime() > attempt.deadlineAt.getTime() + GRACE_MS;
	if (!timeUp && fitsCourse(course, attempt)) return attempt;
	const closedAt = timeUp ? attempt.deadlineAt! : now;
	db.update(quizAttempts)
		.set({ submittedAt: closedAt, score: 0, passed: false, expired: true })
		.where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
		.run();
	return { ...attempt, submittedAt: closedAt, score: 0, passed: false, expired: true };
}

export interface QuizStanding {
	quiz: Quiz;
	/** Closed attempts, oldest first. */
	history: { publicId: string; submittedAt: Date; score: number; passed: boolean; expired: boolean }[];
	open: AttemptRow | null;
	passed: boolean;
	bestScore: number | null;
	attemptsLeft: number | null;
	/** When the next attempt may start, if the waiting time between attempts is still running. */
	waitUntil: Date | null;
	canStart: boolean;
}

/** Where the person stands with the course's final quiz now (closing an attempt whose time ran out). */
export function quizStanding(db: AppDatabase, personId: number, course: CatalogCourse, now: Date): QuizStanding | null {
	const quiz = course.finalQuiz;
	if (!quiz) return null;
	return db.transaction((tx) => {
		// Tries, waiting and the pass all belong to the current version of the course.
		const attempts = attemptsOf(tx, personId, course, quiz)
			.map((attempt) => closeIfOver(tx, course, attempt, now))
			.filter((attempt) => attempt.courseVersion === course.version);
		const closed = attempts.filter((a) => a.submittedAt !== null);
		const open = attempts.find((a) => a.submittedAt === null) ?? null;
		const passed = closed.some((a) => a.passed);
		const attemptsLeft = quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts.length);
		const last = closed.at(-1);
		const waitUntil = last && !last.passed && quiz.waitMinutes > 0 ? new Date(last.submittedAt!.getTime() + quiz.waitMinutes * MINUTE) : null;
		const waiting = waitUntil !== null && waitUntil.getTime() > now.getTime();
		return {
			quiz,
			history: closed.map((a) => ({ publicId: a.publicId, submittedAt: a.submittedAt!, score: a.score!, passed: a.passed!, expired: a.expired })),
			open,
			passed,
			bestScore: closed.length > 0 ? Math.max(...closed.map((a) => a.score!)) : null,
			attemptsLeft,
			waitUntil: waiting ? waitUntil : null,
			canStart: open === null && attemptsLeft !== 0 && !waiting
		};
	});
}

export type StartResult = { status: 'started' | 'resumed'; publicId: string } | { status: 'no-quiz' | 'no-attempts-left' } | { status: 'wait'; until: Date };

/** Starts an attempt, or hands back the one already open: never two open at once. */
export function startAttempt(db: AppDatabase, personId: number, course: CatalogCourse, now: Date, random: Randomness = secureRandom): StartResult {
	const quiz = course.finalQuiz;
	if (!quiz) return { status: 'no-quiz' };
	const standing = quizStanding(db, personId, course, now)!;
	if (standing.open) return { status: 'resumed', publicId: standing.open.publicId };
	if (standing.attemptsLeft === 0) return { status: 'no-attempts-left' };
	if (standing.waitUntil) return { status: 'wait', until: standing.waitUntil };
	const layout = drawQuestions(quiz, random).map((question) => questionType(question).layout(question, random.token, (items) => shuffled(items, random)));
	const publicId = `${random.token()}${random.token()}`;
	const inserted = db
		.insert(quizAttempts)
		.values({
			personId,
			courseId: course.id,
			courseVersion: course.version,
			quizId: quiz.id,
			publicId,
			layout,
			startedAt: now,
			deadlineAt: quiz.timeLimitMinutes === null ? null : new Date(now.getTime() + quiz.timeLimitMinutes * MINUTE)
		})
		.onConflictDoNothing()
		.returning({ publicId: quizAttempts.publicId })
		.get();
	// Lost a race with another tab: the attempt that tab opened is the one.
	if (!inserted) return startAttempt(db, personId, course, now, random);
	return { status: 'started', publicId: inserted.publicId };
}

function findAttempt(db: DbOrTx, course: CatalogCourse, publicId: string): AttemptRow | null {
	const quiz = course.finalQuiz;
	if (!quiz || !/^[a-z2-7]{16}$/.test(publicId)) return null;
	return (
		(db
			.select(attemptColumns)
			.from(quizAttempts)
			.where(and(eq(quizAttempts.publicId, publicId), eq(quizAttempts.courseId, course.id), eq(quizAttempts.quizId, quiz.id)))
			.get() as AttemptRow | undefined) ?? null
	);
}

function questionImage(course: CatalogCourse, question: Question, language: Language): { src: string; alt: string } | null {
	const src = question.image ? pictureUrl(course, question.image.file) : null;
	return src && question.image ? { src, alt: question.image.alt[language] } : null;
}

const questionsById = (quiz: Quiz) => new Map(quiz.questions.map((q) => [q.id, q]));

/** The open attempt's questions as the browser may see them: texts and tokens, no keys. */
export function displayAttempt(course: CatalogCourse, attempt: AttemptRow, language: Language): DisplayedQuestion[] {
	const bank = questionsById(course.finalQuiz!);
	return attempt.layout.map((layout, i) => {
		const question = bank.get(layout.questionId)!;
		return { ...questionType(question).display(question, layout, language, i + 1), image: questionImage(course, question, language) };
	});
}

export type SubmitResult =
	| { status: 'graded'; publicId: string; score: number; passed: boolean; completion: CompletionOutcome }
	| { status: 'not-found' | 'not-yours' | 'expired' }
	| { status: 'already-submitted'; publicId: string }
	| { status: 'incomplete'; missing: number[]; invalid: number[] }
	| { status: 'unexpected-fields'; fields: string[] };

/** The field names a question's answers use: "q3", "q3-<token>". */
const FIELD = /^q(\d+)(?:-([a-z2-7]+))?$/;

/**
 * Grades an attempt in one transaction: every question must have a valid answer, or nothing is
 * recorded. A second submission of the same attempt (double click, back button, replay) finds it
 * closed and records nothing. Passing may complete the course at once, with both unit snapshots.
 */
export function submitAttempt(db: AppDatabase, personId: number, course: CatalogCourse, publicId: string, fields: PostedFields & { names(): string[] }, now: Date): SubmitResult {
	return db.transaction((tx): SubmitResult => {
		const found = findAttempt(tx, course, publicId);
		if (!found) return { status: 'not-found' };
		if (found.personId !== personId) return { status: 'not-yours' };
		const attempt = closeIfOver(tx, course, found, now);
		if (attempt.expired) return { status: 'expired' };
		if (attempt.submittedAt) return { status: 'already-submitted', publicId };

		const quiz = course.finalQuiz!;
		const bank = questionsById(quiz);
		const missing: number[] = [];
		const invalid: number[] = [];
		// Anything but the attempt and its answers (a question it does not have, a "time" field) is
		// refused, not ignored.
		const unexpected = fields.names().filter((name) => {
			if (name === 'attempt') return false;
			const match = FIELD.exec(name);
			const layout = match ? attempt.layout[Number(match[1]) - 1] : undefined;
			if (!match || !layout) return true;
			const tokens = [...layout.choices, ...(layout.targets ?? [])].map((c) => c.token);
			return match[2] !== undefined && !tokens.includes(match[2]);
		});
		if (unexpected.length > 0) return { status: 'unexpected-fields', fields: unexpected };
		const graded = attempt.layout.map((layout, i) => {
			const question = bank.get(layout.questionId)!;
			const type = questionType(question);
			const parsed = type.parse(layout, fields, `q${i + 1}`);
			if (!parsed.ok) {
				(parsed.problem === 'missing' ? missing : invalid).push(i + 1);
				return null;
			}
			return { question, position: i + 1, answer: parsed.answer, credit: type.grade(question, parsed.answer) };
		});
		if (missing.length > 0 || invalid.length > 0) return { status: 'incomplete', missing, invalid };

		const answers = graded as NonNullable<(typeof graded)[number]>[];
		const score = Math.round((answers.reduce((sum, a) => sum + a.credit, 0) / answers.length) * 1000) / 10;
		const passed = score >= quiz.passMark;
		const closed = tx
			.update(quizAttempts)
			.set({ submittedAt: now, score, passed })
			.where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
			.run();
		if (closed.changes === 0) return { status: 'already-submitted', publicId };
		tx.insert(quizAnswers)
			.values(answers.map((a) => ({ attemptId: attempt.id, questionId: a.question.id, position: a.position, answer: a.answer, credit: a.credit, correct: a.credit === 1 })))
			.run();
		const completion = passed ? recordCompletionIfMet(tx, learnerUnits(tx, personId), course, now) : ({ status: 'not-yet' } as const);
		return { status: 'graded', publicId, score, passed, completion };
	});
}

export interface AttemptReview {
	publicId: string;
	score: number;
	passed: boolean;
	expired: boolean;
	submittedAt: Date;
	/** Whether the right answers are shown: after a pass, or when no attempts remain. */
	revealed: boolean;
	questions: { position: number; prompt: string; image: { src: string; alt: string } | null; given: string; correct: boolean; credit: number; explanation: string | null; rightAnswer: string | null }[];
}

/** A closed attempt of this person, question by question; null when not theirs or not closed. */
export function reviewAttempt(db: AppDatabase, personId: number, course: CatalogCourse, publicId: string, standing: QuizStanding, language: Language): AttemptReview | null {
	const attempt = findAttempt(db, course, publicId);
	// An attempt of an earlier version may ask questions the bank no longer has: not reviewed.
	if (!attempt || attempt.personId !== personId || !attempt.submittedAt || !fitsCourse(course, attempt)) return null;
	const bank = questionsById(course.finalQuiz!);
	const revealed = standing.passed || standing.attemptsLeft === 0;
	const answers = new Map(
		db
			.select({ questionId: quizAnswers.questionId, answer: quizAnswers.answer, credit: quizAnswers.credit, correct: quizAnswers.correct })
			.from(quizAnswers)
			.where(eq(quizAnswers.attemptId, attempt.id))
			.all()
			.map((row) => [row.questionId, row])
	);
	return {
		publicId,
		score: attempt.score!,
		passed: attempt.passed!,
		expired: attempt.expired,
		submittedAt: attempt.submittedAt,
		revealed,
		questions: attempt.layout.map((layout, i) => {
			const question = bank.get(layout.questionId)!;
			const answer = answers.get(question.id);
			const correct = answer?.correct ?? false;
			return {
				position: i + 1,
				prompt: question.prompt[language],
				image: questionImage(course, question, language),
				given: answer ? questionType(question).summarise(question, answer.answer, language) : '',
				correct,
				credit: answer?.credit ?? 0,
				// Explanations help with what went wrong; after a pass they are shown for every question.
				explanation: !correct || revealed ? question.explanation[language] : null,
				rightAnswer: revealed ? questionType(question).reveal(question, language) : null
			};
		})
	};
}

export type { AttemptRow };
