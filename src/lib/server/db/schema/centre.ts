import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, inList, utcMs } from './columns';
import { communes, provinces } from './org';
import { people } from './people';

/** A class at a commune learning centre: a course taught on a day, at a place, by its facilitators. */
export const classSessions = sqliteTable(
	'class_sessions',
	{
		id: integer('id').primaryKey(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		communeId: integer('commune_id')
			.notNull()
			.references(() => communes.id, { onDelete: 'restrict' }),
		/** The stable course id from course.md. */
		courseId: text('course_id').notNull(),
		/** Where: the cultural house, the commune's public-service office, a school room. */
		place: text('place').notNull(),
		startsAt: utcMs('starts_at').notNull(),
		createdById: integer('created_by_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		createdAt: createdAt(),
		cancelledAt: utcMs('cancelled_at')
	},
	(t) => [index('class_sessions_commune_starts').on(t.communeId, t.startsAt), check('class_sessions_place', sql`length(trim(${t.place})) BETWEEN 1 AND 200`)]
);

/** Who came to a class, marked by a facilitator. */
export const classAttendance = sqliteTable(
	'class_attendance',
	{
		sessionId: integer('session_id')
			.notNull()
			.references(() => classSessions.id, { onDelete: 'restrict' }),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		markedAt: utcMs('marked_at').notNull(),
		markedById: integer('marked_by_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.personId] }), index('class_attendance_person').on(t.personId)]
);

export const DELETION_STATUSES = ['pending', 'done', 'refused'] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];

/**
 * A person's request to have their personal data deleted (Law 91/2025/QH15). A province admin
 * carries it out (the person is anonymised; counts stay) or refuses it with a reason.
 */
export const deletionRequests = sqliteTable(
	'deletion_requests',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		reason: text('reason'),
		requestedAt: utcMs('requested_at').notNull(),
		status: text('status', { enum: DELETION_STATUSES }).notNull().default('pending'),
		decidedAt: utcMs('decided_at'),
		decidedById: integer('decided_by_id').references(() => people.id, { onDelete: 'restrict' }),
		decisionNote: text('decision_note')
	},
	(t) => [
		index('deletion_requests_province_status').on(t.provinceId, t.status, t.requestedAt),
		index('deletion_requests_person').on(t.personId),
		check('deletion_requests_status', sql`${t.status} IN (${inList(DELETION_STATUSES)})`),
		check('deletion_requests_decided', sql`(${t.status} = 'pending') = (${t.decidedAt} IS NULL)`)
	]
);
