import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { inList, utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { people } from './people';

export const ROLES = [
	'learner',
	'civil_servant',
	'facilitator',
	'unit_manager',
	'province_admin',
	'system_admin'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A role held for one unit: a commune, an agency, or (neither set) the whole province.
 * Revoking keeps the row, so the audit trail shows who could see what, when.
 */
export const roleGrants = sqliteTable(
	'role_grants',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		role: text('role', { enum: ROLES }).notNull(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		grantedById: integer('granted_by_id').references(() => people.id, { onDelete: 'restrict' }),
		grantedAt: utcMs('granted_at').notNull(),
		revokedAt: utcMs('revoked_at'),
		revokedById: integer('revoked_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		index('role_grants_person').on(t.personId, t.revokedAt),
		index('role_grants_commune').on(t.communeId),
		index('role_grants_agency').on(t.agencyId),
		check('role_grants_role', sql`${t.role} IN (${inList(ROLES)})`),
		check('role_grants_one_unit', sql`${t.communeId} IS NULL OR ${t.agencyId} IS NULL`)
	]
);
