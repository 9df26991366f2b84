import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { people } from './people';
import { completions } from './progress';

/**
 * One per completion. Everything printed on the certificate is copied here when it is issued, so
 * a later change of name, course title or signer never changes a certificate already handed in.
 */
export const certificates = sqliteTable(
	'certificates',
	{
		id: integer('id').primaryKey(),
		/** 10 characters of Crockford base32 (50 random bits), upper case, without separators. */
		code: text('code').notNull().unique(),
		completionId: integer('completion_id')
			.notNull()
			.unique()
			.references(() => completions.id, { onDelete: 'restrict' }),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		courseId: text('course_id').notNull(),
		courseVersion: integer('course_version').notNull(),
		courseTitleVi: text('course_title_vi').notNull(),
		courseTitleEn: text('course_title_en').notNull(),
		holderName: text('holder_name').notNull(),
		completedAt: utcMs('completed_at').notNull(),
		score: real('score'),
		issuerName: text('issuer_name').notNull(),
		issuingAuthority: text('issuing_authority'),
		signerName: text('signer_name'),
		signerTitle: text('signer_title'),
		communeIdAtCompletion: integer('commune_id_at_completion').references(() => communes.id, { onDelete: 'restrict' }),
		agencyIdAtCompletion: integer('agency_id_at_completion').references(() => agencies.id, { onDelete: 'restrict' }),
		issuedAt: utcMs('issued_at').notNull(),
		revokedAt: utcMs('revoked_at'),
		revokedReason: text('revoked_reason'),
		revokedById: integer('revoked_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		index('certificates_person').on(t.personId, t.issuedAt),
		index('certificates_commune').on(t.communeIdAtCompletion, t.completedAt),
		index('certificates_agency').on(t.agencyIdAtCompletion, t.completedAt),
		check('certificates_code', sql`length(${t.code}) = 10 AND ${t.code} = upper(${t.code})`),
		check('certificates_revocation', sql`(${t.revokedAt} IS NULL) = (${t.revokedReason} IS NULL)`)
	]
);

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/**
 * A bulk download being prepared: the certificates of a unit as one ZIP of PDFs with a list.
 * The file lives in the exports folder; this row says who asked, for what, and how far it got.
 */
export const certificateExports = sqliteTable(
	'certificate_exports',
	{
		id: integer('id').primaryKey(),
		/** Unguessable id for the status page and the download. */
		publicId: text('public_id').notNull().unique(),
		requestedById: integer('requested_by_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		/** What was asked: unit, course and period, as JSON. */
		filters: text('filters', { mode: 'json' }).notNull(),
		status: text('status', { enum: EXPORT_STATUSES }).notNull(),
		total: integer('total').notNull().default(0),
		done: integer('done').notNull().default(0),
		error: text('error'),
		createdAt: utcMs('created_at').notNull(),
		finishedAt: utcMs('finished_at')
	},
	(t) => [index('certificate_exports_requester').on(t.requestedById, t.createdAt), check('certificate_exports_status', sql`${t.status} IN ('queued', 'running', 'done', 'failed')`)]
);
