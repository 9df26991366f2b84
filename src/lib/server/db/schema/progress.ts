import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { createdAt, inList, utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { STAFF_GROUPS, people } from './people';

export const ASSIGNMENT_AUDIENCES = ['residents', 'civil_servants', 'all'] as const;
export type AssignmentAudience = (typeof ASSIGNMENT_AUDIENCES)[number];

/**
 * A campaign: courses assigned to a unit (and, optionally, everything under it) or to a group
 * within it, with a start and a deadline. Neither commune nor agency set means the whole province.
 */
export const assignments = sqliteTable(
	'assignments',
	{
		id: integer('id').primaryKey(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		title: text('title').notNull(),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		includeSubunits: integer('include_subunits', { mode: 'boolean' }).notNull().default(true),
		audience: text('audience', { enum: ASSIGNMENT_AUDIENCES }).notNull(),
		staffGroup: text('staff_group', { enum: STAFF_GROUPS }),
		startsAt: utcMs('starts_at').notNull(),
		/** The last instant that still counts: end of the deadline day in Asia/Ho_Chi_Minh. */
		deadlineAt: utcMs('deadline_at').notNull(),
		createdById: integer('created_by_id').references(() => people.id, { onDelete: 'restrict' }),
		createdAt: createdAt(),
		cancelledAt: utcMs('cancelled_at')
	},
	(t) => [
		index('assignments_province_deadline').on(t.provinceId, t.deadlineAt),
		index('assignments_commune').on(t.communeId),
		index('assignments_agency').on(t.agencyId),
		check('assignments_audience', sql`${t.audience} IN (${inList(ASSIGNMENT_AUDIENCES)})`),
		check('assignments_one_unit', sql`${t.communeId} IS NULL OR ${t.agencyId} IS NULL`),
		check('assignments_period', sql`${t.deadlineAt} >= ${t.startsAt}`),
		check('assignments_title', sql`length(trim(${t.title})) > 0`)
	]
);

export const assignmentCourses = sqliteTable(
	'assignment_courses',
	{
		assignmentId: integer('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'restrict' }),
		/** The stable course id from course.md, not its folder name. */
		courseId: text('course_id').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.assignmentId, t.courseId] }),
		index('assignment_courses_course').on(t.courseId)
	]
);

/** A person's progress on one lesson; lesson ids are stable across course versions. */
export const lessonProgress = sqliteTable(
	'lesson_progress',
	{
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		courseId: text('course_id').notNull(),
		lessonId: text('lesson_id').notNull(),
		firstSeenAt: utcMs('first_seen_at').notNull(),
		completedAt: utcMs('completed_at'),
		communeIdAtCompletion: integer('commune_id_at_completion').references(() => communes.id, {
			onDelete: 'restrict'
		}),
		agencyIdAtCompletion: integer('agency_id_at_completion').references(() => agencies.id, {
			onDelete: 'restrict'
		})
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.courseId, t.lessonId] }),
		index('lesson_progress_course_completed').on(t.courseId, t.completedAt)
	]
);

/**
 * A course completed, for one version of it. The person's commune of residence and agency are
 * copied at completion time so past reports stay true after moves.
 */
export const completions = sqliteTable(
	'completions',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		courseId: text('course_id').notNull(),
		courseVersion: integer('course_version').notNull(),
		completedAt: utcMs('completed_at').notNull(),
		/** Final-quiz score in percent, when the course has one. */
		score: real('score'),
		communeIdAtCompletion: integer('commune_id_at_completion').references(() => communes.id, {
			onDelete: 'restrict'
		}),
		agencyIdAtCompletion: integer('agency_id_at_completion').references(() => agencies.id, {
			onDelete: 'restrict'
		}),
		staffGroupAtCompletion: text('staff_group_at_completion', { enum: STAFF_GROUPS })
	},
	(t) => [
		uniqueIndex('completions_person_course_version').on(t.personId, t.courseId, t.courseVersion),
		index('completions_course_commune').on(t.courseId, t.completedAt, t.communeIdAtCompletion),
		index('completions_course_agency').on(t.courseId, t.completedAt, t.agencyIdAtCompletion),
		check(
			'completions_unit_snapshot',
			sql`${t.communeIdAtCompletion} IS NOT NULL OR ${t.agencyIdAtCompletion} IS NOT NULL`
		),
		check('completions_version', sql`${t.courseVersion} >= 1`),
		check('completions_score', sql`${t.score} IS NULL OR ${t.score} BETWEEN 0 AND 100`)
	]
);

/**
 * The learner's latest answer to each item of a practice simulation (a message marked safe or
 * scam, a payment screen checked, a step of a mock application done), with how often they tried.
 */
export const practiceAnswers = sqliteTable(
	'practice_answers',
	{
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		courseId: text('course_id').notNull(),
		practiceId: text('practice_id').notNull(),
		itemId: text('item_id').notNull(),
		answer: text('answer').notNull(),
		/** Null where the item has no right answer (a mock-application step). */
		correct: integer('correct', { mode: 'boolean' }),
		tries: integer('tries').notNull().default(1),
		firstAnsweredAt: utcMs('first_answered_at').notNull(),
		answeredAt: utcMs('answered_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.courseId, t.practiceId, t.itemId] }),
		check('practice_answers_answer', sql`length(${t.answer}) BETWEEN 1 AND 100`),
		check('practice_answers_tries', sql`${t.tries} >= 1`)
	]
);
