import { sql } from 'drizzle-orm';
import {
	type AnySQLiteColumn,
	check,
	index,
	integer,
	sqliteTable,
	text
} from 'drizzle-orm/sqlite-core';
import { createdAt, inList, updatedAt, utcMs } from './columns';
import { agencies, communes, provinces } from './org';

export const STAFF_GROUPS = ['can_bo', 'cong_chuc', 'vien_chuc'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const MEMBERSHIP_KINDS = ['residence', 'agency'] as const;
export type MembershipKind = (typeof MEMBERSHIP_KINDS)[number];

/**
 * Everyone who learns or works on the platform. Never hard-deleted (a trigger refuses it):
 * deletion requests anonymise the row so reports keep their counts.
 */
export const people = sqliteTable(
	'people',
	{
		id: integer('id').primaryKey(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		/** Lower-case; sign-in accepts it or the phone number. */
		username: text('username').notNull().unique(),
		/** +84 followed by 9 digits. Not unique: families share a phone. */
		phone: text('phone'),
		email: text('email'),
		fullName: text('full_name').notNull(),
		/** Full name folded to lower case without diacritics (đ → d), for search and Vietnamese-friendly sorting. */
		searchName: text('search_name').notNull(),
		birthYear: integer('birth_year'),
		/** Commune of residence: residents are counted here. */
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		/** Hamlet or residential group (thôn, tổ dân phố), free text. */
		hamlet: text('hamlet'),
		/** Civil servants are counted under their agency, never also under their commune. */
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		position: text('position'),
		staffGroup: text('staff_group', { enum: STAFF_GROUPS }),
		/** argon2id; null until the person activates their account. */
		passwordHash: text('password_hash'),
		mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
		disabledAt: utcMs('disabled_at'),
		leftServiceAt: utcMs('left_service_at'),
		anonymisedAt: utcMs('anonymised_at'),
		/** Set when this account was merged into another; its records moved there. */
		mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => people.id, {
			onDelete: 'restrict'
		}),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('people_commune_name').on(t.communeId, t.searchName),
		index('people_agency_name').on(t.agencyId, t.searchName),
		index('people_phone').on(t.phone),
		index('people_province_name').on(t.provinceId, t.searchName),
		check('people_username', sql`${t.username} = lower(${t.username}) AND length(${t.username}) BETWEEN 3 AND 64`),
		check('people_phone', sql`${t.phone} IS NULL OR (${t.phone} GLOB '+84[35789][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' AND length(${t.phone}) = 12)`),
		check('people_full_name', sql`length(trim(${t.fullName})) > 0`),
		check('people_birth_year', sql`${t.birthYear} IS NULL OR ${t.birthYear} BETWEEN 1900 AND 2100`),
		check('people_staff_group', sql`${t.staffGroup} IS NULL OR ${t.staffGroup} IN (${inList(STAFF_GROUPS)})`)
	]
);

/**
 * Where a person lived or worked, and when: moves close one row and open another, so reports
 * for past periods still place each person where they were.
 */
export const memberships = sqliteTable(
	'memberships',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		kind: text('kind', { enum: MEMBERSHIP_KINDS }).notNull(),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		staffGroup: text('staff_group', { enum: STAFF_GROUPS }),
		position: text('position'),
		startedAt: utcMs('started_at').notNull(),
		endedAt: utcMs('ended_at'),
		recordedById: integer('recorded_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		index('memberships_person').on(t.personId, t.startedAt),
		index('memberships_commune').on(t.communeId),
		index('memberships_agency').on(t.agencyId),
		check('memberships_kind', sql`${t.kind} IN (${inList(MEMBERSHIP_KINDS)})`),
		check(
			'memberships_unit',
			sql`(${t.kind} = 'residence' AND ${t.communeId} IS NOT NULL AND ${t.agencyId} IS NULL) OR (${t.kind} = 'agency' AND ${t.agencyId} IS NOT NULL AND ${t.communeId} IS NULL)`
		),
		check('memberships_period', sql`${t.endedAt} IS NULL OR ${t.endedAt} >= ${t.startedAt}`)
	]
);

/** Consent a person gave (or a facilitator recorded for them), for which purpose and wording. */
export const consentRecords = sqliteTable(
	'consent_records',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		purpose: text('purpose').notNull(),
		textVersion: text('text_version').notNull(),
		givenAt: utcMs('given_at').notNull(),
		recordedById: integer('recorded_by_id').references(() => people.id, { onDelete: 'restrict' }),
		withdrawnAt: utcMs('withdrawn_at')
	},
	(t) => [index('consent_records_person').on(t.personId, t.purpose)]
);
