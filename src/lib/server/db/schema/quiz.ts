import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { utcMs } from './columns';
import { people } from './people';

/**
 * One try at a quiz. The drawn questions, their order and the per-attempt option tokens are
 * stored with it (`layout`, JSON), so a reload shows the same attempt and grading needs nothing
 * from the browser but the chosen tokens.
 */
export const quizAttempts = sqliteTable(
	'quiz_attempts',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		courseId: text('course_id').notNull(),
		courseVersion: integer('course_version').notNull(),
		quizId: text('quiz_id').notNull(),
		/** Unguessable id used in forms and URLs, so attempt numbers are not enumerable. */
		publicId: text('public_id').notNull().unique(),
		layout: text('layout', { mode: 'json' }).notNull(),
		startedAt: utcMs('started_at').notNull(),
		/** Set when the quiz has a time limit: answers after this are refused. */
		deadlineAt: utcMs('deadline_at'),
		submittedAt: utcMs('submitted_at'),
		/** Percent, 0–100, once submitted. */
		score: real('score'),
		passed: integer('passed', { mode: 'boolean' }),
		/** Closed unanswered because its time ran out: counts as a try scoring 0. */
		expired: integer('expired', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [
		index('quiz_attempts_person_quiz').on(t.personId, t.courseId, t.quizId, t.startedAt),
		index('quiz_attempts_course_submitted').on(t.courseId, t.quizId, t.submittedAt),
		// One open attempt per person and quiz, whatever races the browser makes.
		uniqueIndex('quiz_attempts_one_open').on(t.personId, t.courseId, t.quizId).where(sql`${t.submittedAt} IS NULL`),
		check('quiz_attempts_score', sql`${t.score} IS NULL OR ${t.score} BETWEEN 0 AND 100`),
		check('quiz_attempts_submitted', sql`(${t.submittedAt} IS NULL) = (${t.score} IS NULL)`)
	]
);

/** Each answer of a submitted attempt and what it earned (0–1 of the question). */
export const quizAnswers = sqliteTable(
	'quiz_answers',
	{
		attemptId: integer('attempt_id')
			.notNull()
			.references(() => quizAttempts.id, { onDelete: 'restrict' }),
		questionId: text('question_id').notNull(),
		position: integer('position').notNull(),
		/** The answer in the question's own terms (option ids, item order, text), JSON. */
		answer: text('answer', { mode: 'json' }).notNull(),
		credit: real('credit').notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.attemptId, t.questionId] }),
		index('quiz_answers_question').on(t.questionId),
		check('quiz_answers_credit', sql`${t.credit} BETWEEN 0 AND 1`)
	]
);
