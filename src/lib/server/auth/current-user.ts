import { isDemoMode } from '../config';
import type { DbOrTx } from '../db/client';
import type { Role } from '../db/schema';
import { activeGrants, hasTotp, requiresSecondFactor } from './accounts';
import type { Grant } from './scope';
import { type Session, type SessionPerson, validateSessionToken } from './session';

export interface CurrentUser extends SessionPerson {
	grants: Grant[];
	roles: Role[];
	/** Password checked, and the second factor too where the roles require one. */
	fullySignedIn: boolean;
	needsSecondFactor: boolean;
	hasSecondFactor: boolean;
	/** Demo mode only: a staff account signed in without a second factor, shown as a warning. */
	secondFactorSkipped: boolean;
}

/** The person behind a session cookie, with their roles; null when the token is not a live session. */
export function resolveCurrentUser(
	db: DbOrTx,
	token: string
): { user: CurrentUser; session: Session; renewed: boolean } | null {
	const result = validateSessionToken(db, token);
	if (!result) return null;
	const grants = activeGrants(db, result.person.id);
	const needsSecondFactor = requiresSecondFactor(grants);
	const hasSecondFactor = needsSecondFactor && hasTotp(db, result.person.id);
	return {
		session: result.session,
		renewed: result.renewed,
		user: {
			...result.person,
			grants,
			roles: [...new Set(grants.map((g) => g.role))],
			needsSecondFactor,
			hasSecondFactor,
			fullySignedIn: !needsSecondFactor || result.session.twoFactorVerified,
			secondFactorSkipped: needsSecondFactor && !hasSecondFactor && result.session.twoFactorVerified && isDemoMode()
		}
	};
}
