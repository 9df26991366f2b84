import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { people } from './people';

/** One row per action worth answering for later: who did what, to what, in which unit. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey(),
		at: utcMs('at').notNull(),
		/** Null for the system itself (imports from the command line, scheduled work). */
		actorId: integer('actor_id').references(() => people.id, { onDelete: 'restrict' }),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		provinceId: integer('province_id').references(() => provinces.id, { onDelete: 'restrict' }),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
		requestId: text('request_id')
	},
	(t) => [
		index('audit_log_at').on(t.at),
		index('audit_log_province_at').on(t.provinceId, t.at),
		index('audit_log_action_at').on(t.action, t.at),
		index('audit_log_actor_at').on(t.actorId, t.at),
		check('audit_log_action', sql`length(${t.action}) > 0`)
	]
);
