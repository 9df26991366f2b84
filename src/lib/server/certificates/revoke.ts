import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { type AdminScope, administers } from '../admin/scope';
import { recordAudit } from '../audit';
import type { AppDatabase, DbOrTx } from '../db/client';
import { certificates, people } from '../db/schema';
import { normaliseCertificateCode } from './codes';

export const REASON_MAX = 500;

export type RevocationResult = 'revoked' | 'reinstated' | 'already-revoked' | 'not-revoked' | 'not-found' | 'reason-missing';

function certificateInScope(db: DbOrTx, scope: AdminScope, typed: string) {
	const code = normaliseCertificateCode(typed);
	const row = code ? db.select().from(certificates).where(eq(certificates.code, code)).get() : undefined;
	return row && administers(scope, row.provinceId) ? row : null;
}

/** A certificate of a province the admin administers, with its holder's current account, for the admin page. */
export function certificateForAdmin(db: DbOrTx, scope: AdminScope, typed: string) {
	const row = certificateInScope(db, scope, typed);
	if (!row) return null;
	const revokedBy = row.revokedById === null ? null : (db.select({ fullName: people.fullName }).from(people).where(eq(people.id, row.revokedById)).get()?.fullName ?? null);
	return {
		code: row.code,
		holderName: row.holderName,
		personId: row.personId,
		courseTitle: { vi: row.courseTitleVi, en: row.courseTitleEn },
		courseVersion: row.courseVersion,
		completedAt: row.completedAt,
		score: row.score,
		issuedAt: row.issuedAt,
		revokedAt: row.revokedAt,
		revokedReason: row.revokedReason,
		revokedBy
	};
}

/**
 * Revokes a certificate with a reason (the public check then says so, with the date and reason),
 * or reinstates one, recorded in the audit log in the same transaction. Doing it twice changes
 * nothing and says so.
 */
export function setCertificateRevoked(db: AppDatabase, scope: AdminScope, typed: string, revoke: boolean, reasonTyped: string, now: Date): RevocationResult {
	const reason = reasonTyped.normalize('NFC').trim().slice(0, REASON_MAX);
	if (!reason) return 'reason-missing';
	return db.transaction((tx) => {
		const row = certificateInScope(tx, scope, typed);
		if (!row) return 'not-found';
		const changed = tx
			.update(certificates)
			.set(revoke ? { revokedAt: now, revokedReason: reason, revokedById: scope.personId } : { revokedAt: null, revokedReason: null, revokedById: null })
			.where(and(eq(certificates.id, row.id), revoke ? isNull(certificates.revokedAt) : isNotNull(certificates.revokedAt)))
			.run().changes;
		if (changed === 0) return revoke ? 'already-revoked' : 'not-revoked';
		recordAudit(tx, {
			actorId: scope.personId,
			action: revoke ? 'certificate.revoke' : 'certificate.reinstate',
			target: { type: 'certificate', id: row.code },
			unit: { provinceId: row.provinceId, communeId: row.communeIdAtCompletion, agencyId: row.agencyIdAtCompletion },
			details: { code: row.code, reason, holder: row.personId, course: row.courseId, version: row.courseVersion },
			requestId: scope.requestId
		});
		return revoke ? 'revoked' : 'reinstated';
	});
}

/** The most recent certificates the admin's provinces issued, for the list page. */
export function recentCertificates(db: DbOrTx, scope: AdminScope, limit = 50) {
	return db
		.select({ code: certificates.code, holderName: certificates.holderName, courseTitleVi: certificates.courseTitleVi, courseTitleEn: certificates.courseTitleEn, completedAt: certificates.completedAt, revokedAt: certificates.revokedAt })
		.from(certificates)
		.where(scope.allProvinces ? undefined : eq(certificates.provinceId, scope.provinceId))
		.orderBy(desc(certificates.issuedAt), desc(certificates.id))
		.limit(limit)
		.all();
}
