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
