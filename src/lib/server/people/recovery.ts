import { recordAudit } from '../audit';
import { groupCode, issueCode } from '../auth/codes';
import type { Viewer } from '../auth/scope';
import type { AppDatabase } from '../db/client';
import { scopedPerson } from './search';

export interface IssuedRecoveryCode {
	/** In groups of four (ABCD-EFGH-JK12), to be read aloud or copied onto paper. */
	code: string;
	expiresAt: Date;
}

/**
 * Issues a password-recovery code for a person the viewer may recover, replacing their unused ones,
 * and records who issued it for whom. Null, changing nothing, when the person is outside the
 * viewer's scope (or unknown), when the account is disabled (sign-in refuses it anyway), and when
 * it can do as much as the viewer or more (a facilitator must not take over a manager's account).
 */
export function issuePasswordRecoveryCode(db: AppDatabase, viewer: Viewer, personId: number, requestId: string | null): IssuedRecoveryCode | null {
	return db.transaction((tx) => {
		// Checked again inside the transaction: the page that offered the button may be old.
		const person = scopedPerson(tx, viewer, personId, 'recover');
		if (!person || person.disabled || person.needsHigherAdmin) return null;
		const { code, expiresAt } = issueCode(tx, person.id, 'password_recovery', { issuedById: viewer.personId });
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'auth.recovery_code_issued',
			target: { type: 'person', id: person.id },
			unit: { provinceId: person.provinceId, communeId: person.communeId, agencyId: person.agencyId },
			details: { expiresAt: expiresAt.toISOString() },
			requestId
		});
		return { code: groupCode(code), expiresAt };
	});
}
