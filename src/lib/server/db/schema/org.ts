import { sql } from 'drizzle-orm';
import {
	type AnySQLiteColumn,
	check,
	index,
	integer,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { createdAt, inList, updatedAt } from './columns';

export const PROVINCE_TYPES = ['tinh', 'thanh_pho'] as const;
export const COMMUNE_TYPES = ['xa', 'phuong', 'dac_khu'] as const;
export const AGENCY_LEVELS = ['province', 'commune'] as const;

export type ProvinceType = (typeof PROVINCE_TYPES)[number];
export type CommuneType = (typeof COMMUNE_TYPES)[number];
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Provinces and centrally-run cities, keyed by their GSO code (text: "01" keeps its zero). */
export const provinces = sqliteTable(
	'provinces',
	{
		id: integer('id').primaryKey(),
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		type: text('type', { enum: PROVINCE_TYPES }).notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		check('provinces_type', sql`${t.type} IN (${inList(PROVINCE_TYPES)})`),
		check('provinces_name', sql`length(trim(${t.name})) > 0`),
		check('provinces_code', sql`${t.code} GLOB '[0-9][0-9]'`)
	]
);

/** Communes, wards and special zones: since 1 July 2025 the only level under the province. */
export const communes = sqliteTable(
	'communes',
	{
		id: integer('id').primaryKey(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		type: text('type', { enum: COMMUNE_TYPES }).notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('communes_province_name').on(t.provinceId, t.name),
		check('communes_type', sql`${t.type} IN (${inList(COMMUNE_TYPES)})`),
		check('communes_name', sql`length(trim(${t.name})) > 0`),
		check('communes_code', sql`${t.code} GLOB '[0-9][0-9][0-9][0-9][0-9]'`)
	]
);

/**
 * Agencies where civil servants work: departments of the province, the People's Committee of a
 * commune, and public-service units (schools, clinics) under a parent agency.
 */
export const agencies = sqliteTable(
	'agencies',
	{
		id: integer('id').primaryKey(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		code: text('code').notNull(),
		name: text('name').notNull(),
		level: text('level', { enum: AGENCY_LEVELS }).notNull(),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		parentAgencyId: integer('parent_agency_id').references((): AnySQLiteColumn => agencies.id, {
			onDelete: 'restrict'
		}),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		uniqueIndex('agencies_province_code').on(t.provinceId, t.code),
		index('agencies_commune').on(t.communeId),
		index('agencies_parent').on(t.parentAgencyId),
		check('agencies_level', sql`${t.level} IN (${inList(AGENCY_LEVELS)})`),
		check('agencies_name', sql`length(trim(${t.name})) > 0`),
		check('agencies_code', sql`length(trim(${t.code})) > 0`),
		// A commune-level agency names its commune; a province-level one does not.
		check(
			'agencies_level_commune',
			sql`(${t.level} = 'commune') = (${t.communeId} IS NOT NULL)`
		),
		check('agencies_not_own_parent', sql`${t.parentAgencyId} IS NULL OR ${t.parentAgencyId} <> ${t.id}`)
	]
);

/** What a province shows as issuer: its display name and the signer printed on certificates. */
export const provinceSettings = sqliteTable('province_settings', {
	provinceId: integer('province_id')
		.primaryKey()
		.references(() => provinces.id, { onDelete: 'restrict' }),
	displayName: text('display_name').notNull(),
	/** The body that issues certificates; the national heading is printed only when this and a signer are set. */
	issuingAuthority: text('issuing_authority'),
	signerName: text('signer_name'),
	signerTitle: text('signer_title'),
	currentSigningKeyId: text('current_signing_key_id'),
	updatedAt: updatedAt()
});
