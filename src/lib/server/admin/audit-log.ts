import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDatabase, DbOrTx } from '../db/client';
import { auditLog, people } from '../db/schema';
import { vietnamDayEnd, vietnamDayStart } from '../../vietnam-day';
import { type AdminViewer, adminScope } from './scope';

export const AUDIT_PER_PAGE = 50;

export interface AuditFilter {
	action?: string | null;
	/** The username of the person who acted. */
	actor?: string | null;
	/** Calendar days in Vietnam, 2026-05-01, both included. */
	from?: string | null;
	to?: string | null;
	page?: number;
}

export interface AuditRow {
	id: number;
	at: Date;
	action: string;
	/** Null when the system acted (imports, start-up seeding). */
	actor: { id: number; name: string; username: string } | null;
	target: { type: string; id: string; name: string | null } | null;
	details: Record<string, unknown> | null;
}


/**
 * The audit log of the admin's province, newest first, a page at a time (recordAudit gives rows
 * without a named unit their actor's province). A system admin reads every row, including the
 * system's own.
 */
export function listAudit(db: DbOrTx, viewer: AdminViewer, filter: AuditFilter): { rows: AuditRow[]; page: number; hasNext: boolean } {
	const scope = adminScope(viewer);
	const page = Math.max(1, Math.floor(filter.page ?? 1));
	if (!scope) return { rows: [], page, hasNext: false };
	let actorId: number | undefined;
	if (filter.actor) {
		actorId = db.select({ id: people.id }).from(people).where(eq(people.username, filter.actor.toLowerCase())).get()?.id;
		if (actorId === undefined) return { rows: [], page, hasNext: false };
	}
	const actor = alias(people, 'actor');
	const target = alias(people, 'target');
	const found = db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			actorId: auditLog.actorId,
			actorName: actor.fullName,
			actorUsername: actor.username,
			targetType: auditLog.targetType,
			targetId: auditLog.targetId,
			targetName: target.fullName,
			details: auditLog.details
		})
		.from(auditLog)
		.leftJoin(actor, eq(actor.id, auditLog.actorId))
		.leftJoin(target, and(eq(auditLog.targetType, 'person'), eq(target.id, sql`cast(${auditLog.targetId} as integer)`)))
		.where(
			and(
				scope.allProvinces
					? undefined
					: eq(auditLog.provinceId, scope.provinceId),
				filter.action ? eq(auditLog.action, filter.action) : undefined,
				actorId === undefined ? undefined : eq(auditLog.actorId, actorId),
				filter.from ? gte(auditLog.at, vietnamDayStart(filter.from)) : undefined,
				filter.to ? lte(auditLog.at, vietnamDayEnd(filter.to)) : undefined
			)
		)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		// One row more than a page tells whether there is a next page without counting the whole log.
		.limit(AUDIT_PER_PAGE + 1)
		.offset((page - 1) * AUDIT_PER_PAGE)
		.all();
	return {
		rows: found.slice(0, AUDIT_PER_PAGE).map((row) => ({
			id: row.id,
			at: row.at,
			action: row.action,
			actor: row.actorId !== null && row.actorName !== null && row.actorUsername !== null ? { id: row.actorId, name: row.actorName, username: row.actorUsername } : null,
			target: row.targetType !== null && row.targetId !== null ? { type: row.targetType, id: row.targetId, name: row.targetName } : null,
			details: row.details
		})),
		page,
		hasNext: found.length > AUDIT_PER_PAGE
	};
}

/** The actions the log holds, for the filter's list. Action names say nothing about any province. */
export function auditActions(db: AppDatabase): string[] {
	return db
		.selectDistinct({ action: auditLog.action })
		.from(auditLog)
		.orderBy(asc(auditLog.action))
		.all()
		.map((row) => row.action);
}
