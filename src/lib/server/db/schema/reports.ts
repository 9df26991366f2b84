import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { inList, utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { people } from './people';
import { EXPORT_STATUSES } from './certificates';

/**
 * How many people a unit should count against a criterion's target when the province sets the
 * number itself (e.g. adults of a commune from the population register) instead of counting the
 * people registered on the platform. Imported from CSV by a province admin.
 */
export const criterionDenominators = sqliteTable(
	'criterion_denominators',
	{
		id: integer('id').primaryKey(),
		/** The criterion id from content/criteria. */
		criterionId: text('criterion_id').notNull(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		people: integer('people').notNull(),
		updatedAt: utcMs('updated_at').notNull(),
		updatedById: integer('updated_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		uniqueIndex('criterion_denominators_commune').on(t.criterionId, t.communeId).where(sql`${t.communeId} IS NOT NULL`),
		uniqueIndex('criterion_denominators_agency').on(t.criterionId, t.agencyId).where(sql`${t.agencyId} IS NOT NULL`),
		check('criterion_denominators_one_unit', sql`(${t.communeId} IS NULL) <> (${t.agencyId} IS NULL)`),
		check('criterion_denominators_people', sql`${t.people} BETWEEN 0 AND 100000000`)
	]
);

export const REPORT_EXPORT_KINDS = ['report-xlsx', 'report-csv', 'report-pdf', 'evidence-zip'] as const;
export type ReportExportKind = (typeof REPORT_EXPORT_KINDS)[number];

/**
 * A report file too large to stream while the manager waits (a province's people, an agency's
 * evidence sheets): prepared in the background, downloaded from its status page.
 */
export const reportExports = sqliteTable(
	'report_exports',
	{
		id: integer('id').primaryKey(),
		/** Unguessable id for the status page and the download. */
		publicId: text('public_id').notNull().unique(),
		requestedById: integer('requested_by_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		kind: text('kind', { enum: REPORT_EXPORT_KINDS }).notNull(),
		/** What was asked (criterion, unit, filters), as JSON. */
		filters: text('filters', { mode: 'json' }).notNull(),
		/** The name the download is saved under. */
		fileName: text('file_name').notNull(),
		status: text('status', { enum: EXPORT_STATUSES }).notNull(),
		total: integer('total').notNull().default(0),
		done: integer('done').notNull().default(0),
		error: text('error'),
		createdAt: utcMs('created_at').notNull(),
		finishedAt: utcMs('finished_at')
	},
	(t) => [
		index('report_exports_requester').on(t.requestedById, t.createdAt),
		check('report_exports_kind', sql`${t.kind} IN (${inList(REPORT_EXPORT_KINDS)})`),
		check('report_exports_status', sql`${t.status} IN (${inList(EXPORT_STATUSES)})`)
	]
);

/**
 * A criterion, or the criterion narrowed to one of its courses (the report's course filter), as
 * the standings below were computed for it. The fingerprint is taken over the rule and the
 * courses' steps: when either changes, the standings are computed again.
 */
export const criterionVariants = sqliteTable(
	'criterion_variants',
	{
		id: integer('id').primaryKey(),
		criterionId: text('criterion_id').notNull(),
		/** Empty for the whole criterion, else the course it is narrowed to. */
		courseId: text('course_id').notNull(),
		fingerprint: text('fingerprint').notNull(),
		builtAt: utcMs('built_at').notNull()
	},
	(t) => [uniqueIndex('criterion_variants_key').on(t.criterionId, t.courseId)]
);

/** What standings, tallies and met days are counted by: the variant, and where in which province, for whom. */
const standingUnit = () => ({
	variantId: integer('variant_id')
		.notNull()
		.references(() => criterionVariants.id, { onDelete: 'restrict' }),
	provinceId: integer('province_id')
		.notNull()
		.references(() => provinces.id, { onDelete: 'restrict' }),
	/** Where people count: "c:<commune id>" for residents, "a:<agency id>" for staff. */
	unitKey: text('unit_key').notNull(),
	/** Empty for residents. */
	staffGroup: text('staff_group').notNull()
});

/**
 * Each person's standing on a criterion variant as of now, kept so a report for today reads
 * counters and one page of people instead of recomputing a province. Written only by
 * reports/standings.ts, from the same rules the reports of past days use.
 */
export const criterionStandings = sqliteTable(
	'criterion_standings',
	{
		...standingUnit(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		/** vietnameseSortKey of the full name: lists page in Vietnamese order straight off the index. */
		sortName: text('sort_name').notNull(),
		/** 0: nothing started, 1: started and not met, 2: met. */
		standing: integer('standing').notNull(),
		percent: integer('percent').notNull(),
		metAt: utcMs('met_at'),
		/** The Vietnam day of metAt, YYYY-MM-DD. */
		metDay: text('met_day'),
		late: integer('late', { mode: 'boolean' }).notNull()
	},
	(t) => [
		uniqueIndex('criterion_standings_person').on(t.variantId, t.personId),
		index('criterion_standings_unit_name').on(t.variantId, t.unitKey, t.sortName, t.personId),
		index('criterion_standings_unit_standing').on(t.variantId, t.unitKey, t.standing, t.sortName, t.personId),
		check('criterion_standings_standing', sql`${t.standing} IN (0, 1, 2)`),
		check('criterion_standings_met', sql`(${t.standing} = 2) = (${t.metAt} IS NOT NULL)`)
	]
);

/** The standings above counted per unit and staff group, updated in the same transaction. */
export const criterionTallies = sqliteTable(
	'criterion_tallies',
	{
		...standingUnit(),
		inScope: integer('in_scope').notNull(),
		started: integer('started').notNull(),
		met: integer('met').notNull(),
		late: integer('late').notNull()
	},
	(t) => [uniqueIndex('criterion_tallies_key').on(t.variantId, t.provinceId, t.unitKey, t.staffGroup)]
);

/** Met standings per unit, staff group and Vietnam day of meeting: the trend and "last 7 days". */
export const criterionMetDays = sqliteTable(
	'criterion_met_days',
	{
		...standingUnit(),
		day: text('day').notNull(),
		met: integer('met').notNull()
	},
	(t) => [
		uniqueIndex('criterion_met_days_key').on(t.variantId, t.provinceId, t.unitKey, t.staffGroup, t.day),
		index('criterion_met_days_day').on(t.variantId, t.provinceId, t.day)
	]
);

/** People whose standings may have changed since they were computed; filled by triggers. */
export const standingQueue = sqliteTable('standing_queue', {
	personId: integer('person_id').primaryKey()
});
