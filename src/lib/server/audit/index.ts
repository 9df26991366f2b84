import type { DbOrTx } from '../db/client';
import { sql } from 'drizzle-orm';
import { auditLog, people } from '../db/schema';

export interface AuditEntry {
	/** The person acting; null when the system acts (command-line imports, start-up seeding). */
	actorId: number | null;
	/** Dotted verb, domain first: `units.import`, `role.grant`, `certificate.revoke`. */
	action: string;
	target?: { type: string; id: string | number };
	/** The unit the action concerns, so a unit's managers can read its trail. */
	unit?: { provinceId?: number | null; communeId?: number | null; agencyId?: number | null };
	details?: Record<string, unknown>;
	requestId?: string | null;
	at?: Date;
}

/** Writes one audit row. Call it inside the transaction of the action it records. */
export function recordAudit(db: DbOrTx, entry: AuditEntry): void {
	db.insert(auditLog)
		.values({
			at: entry.at ?? new Date(),
			actorId: entry.actorId,
			action: entry.action,
			targetType: entry.target?.type ?? null,
			targetId: entry.target === undefined ? null : String(entry.target.id),
			// An action without a named unit belongs to the actor's province, so its admins can read it.
			provinceId: entry.unit?.provinceId ?? (entry.actorId === null ? null : sql<number>`(SELECT ${people.provinceId} FROM ${people} WHERE ${people.id} = ${entry.actorId})`),
			communeId: entry.unit?.communeId ?? null,
			agencyId: entry.unit?.agencyId ?? null,
			details: entry.details ?? null,
			requestId: entry.requestId ?? null
		})
		.run();
}
