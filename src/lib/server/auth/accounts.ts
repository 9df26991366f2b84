import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { normalisePhone } from '../../phone';
import { recordAudit } from '../audit';
import { type AppDatabase, type DbOrTx, builtOnce } from '../db/client';
import { type Role, agencies, communes, people, provinces, roleGrants, totpCredentials } from '../db/schema';
import { ISSUED_CODE_LENGTH, consumeCode, isCodeShaped, issueTwoFactorRecoveryCodes } from './codes';
import { hashPassword, verifyPassword } from './password';
import type { Grant } from './scope';
import { type Session, createSession, generateSessionToken, invalidateAllSessions, markTwoFactorVerified } from './session';
import { decodeTotpKey, encodeTotpKey, verifyTotpCode } from './totp';

/** Roles that read other people's data must also pass a second factor. */
const ROLES_WITHOUT_SECOND_FACTOR: readonly Role[] = ['learner', 'civil_servant'];

/** Families share a phone; a sign-in by phone tries at most this many accounts. */
const MAX_ACCOUNTS_PER_PHONE = 5;

let dummyHash: Promise<string> | undefined;

/**
 * Finds the account a username or phone number and password belong to. When nothing matches it
 * still spends one hash verification, so response times do not tell whether an account exists.
 */
export async function authenticate(db: DbOrTx, identifier: string, password: string): Promise<number | null> {
	const candidates = signInCandidates(db, identifier);
	for (const candidate of candidates) {
		if (candidate.passwordHash && (await verifyPassword(candidate.passwordHash, password))) return candidate.id;
	}
	if (candidates.length === 0) {
		dummyHash ??= hashPassword('not a real password, only spends the same time');
		await verifyPassword(await dummyHash, password);
	}
	return null;
}

/** The live accounts a username or phone number may mean (a phone can be shared by a family). */
export function signInCandidates(db: DbOrTx, identifier: string): { id: number; passwordHash: string | null }[] {
	const trimmed = identifier.normalize('NFC').trim();
	if (trimmed.length === 0 || trimmed.length > 64) return [];
	const phone = normalisePhone(trimmed);
	const live = and(isNull(people.disabledAt), isNull(people.anonymisedAt), isNull(people.mergedIntoId));
	const match = phone ? or(eq(people.username, trimmed.toLowerCase()), eq(people.phone, phone)) : eq(people.username, trimmed.toLowerCase());
	return db
		.select({ id: people.id, passwordHash: people.passwordHash })
		.from(people)
		.where(and(match, live))
		.limit(MAX_ACCOUNTS_PER_PHONE)
		.all();
}

/** Every signed-in request reads them: built once. */
const grantsOf = builtOnce((db) =>
	db
		.select({ role: roleGrants.role, provinceId: roleGrants.provinceId, communeId: roleGrants.communeId, agencyId: roleGrants.agencyId })
		.from(roleGrants)
		.where(and(eq(roleGrants.personId, sql.placeholder('personId')), isNull(roleGrants.revokedAt)))
		.prepare()
);

export function activeGrants(db: DbOrTx, personId: number): Grant[] {
	return grantsOf(db).all({ personId });
}

export function requiresSecondFactor(grants: Grant[]): boolean {
	return grants.some((grant) => !ROLES_WITHOUT_SECOND_FACTOR.includes(grant.role));
}

export function hasTotp(db: DbOrTx, personId: number): boolean {
	return db.select({ id: totpCredentials.personId }).from(totpCredentials).where(eq(totpCredentials.personId, personId)).get() !== undefined;
}

export type NextStep = 'done' | 'two-factor' | 'two-factor-setup';

/**
 * Opens a session after the password was checked. Roles above learner still owe the second
 * factor: the session is created unverified and the caller sends the person to that step.
 */
export function startSession(
	db: DbOrTx,
	personId: number,
	options: { sharedDevice: boolean; userAgent: string | null }
): { token: string; session: Session; next: NextStep } {
	const needsSecondFactor = requiresSecondFactor(activeGrants(db, personId));
	const token = generateSessionToken();
	const session = createSession(db, token, personId, { ...options, twoFactorVerified: !needsSecondFactor });
	const next: NextStep = !needsSecondFactor ? 'done' : hasTotp(db, personId) ? 'two-factor' : 'two-factor-setup';
	return { token, session, next };
}

/** Saves a person's authenticator key (replacing an old one) and returns fresh recovery codes. */
export function enrolTotp(db: AppDatabase, personId: number, key: Uint8Array, sessionId: string, requestId: string | null): string[] {
	return db.transaction((tx) => {
		const now = new Date();
		tx.insert(totpCredentials)
			.values({ personId, secret: encodeTotpKey(key), createdAt: now })
			.onConflictDoUpdate({ target: totpCredentials.personId, set: { secret: encodeTotpKey(key), createdAt: now } })
			.run();
		markTwoFactorVerified(tx, sessionId);
		recordAudit(tx, { actorId: personId, action: 'auth.two_factor_enrol', target: { type: 'person', id: personId }, requestId });
		return issueTwoFactorRecoveryCodes(tx, personId, now);
	});
}

/** Checks a second-factor code (authenticator, or a recovery code) and completes the session. */
export function verifySecondFactor(
	db: AppDatabase,
	personId: number,
	sessionId: string,
	input: { code: string } | { recoveryCode: string },
	requestId: string | null
): boolean {
	return db.transaction((tx) => {
		let ok: boolean;
		if ('code' in input) {
			const stored = tx.select({ secret: totpCredentials.secret }).from(totpCredentials).where(eq(totpCredentials.personId, personId)).get();
			ok = stored !== undefined && verifyTotpCode(decodeTotpKey(stored.secret), input.code);
		} else {
			ok = consumeCode(tx, personId, 'two_factor_recovery', input.recoveryCode);
			if (ok) recordAudit(tx, { actorId: personId, action: 'auth.two_factor_recovery_code_used', target: { type: 'person', id: personId }, requestId });
		}
		if (ok) markTwoFactorVerified(tx, sessionId);
		return ok;
	});
}

/** Demo mode only: lets a staff account in without a second factor; the layout then shows a warning. */
export function skipSecondFactorForDemo(db: AppDatabase, personId: number, sessionId: string, requestId: string | null): void {
	db.transaction((tx) => {
		markTwoFactorVerified(tx, sessionId);
		recordAudit(tx, { actorId: personId, action: 'auth.two_factor_skipped_demo', target: { type: 'person', id: personId }, requestId });
	});
}

/**
 * Sets a new password after the caller checked the current one (or a recovery code). Other
 * sessions end: whoever knew the old password is signed out everywhere.
 */
export async function changePassword(
	db: AppDatabase,
	personId: number,
	newPassword: string,
	options: { keepSessionId: string | null; actorId: number; action: string; requestId: string | null }
): Promise<void> {
	const passwordHash = await hashPassword(newPassword);
	db.transaction((tx) => {
		tx.update(people).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(people.id, personId)).run();
		invalidateAllSessions(tx, personId, options.keepSessionId ?? undefined);
		recordAudit(tx, { actorId: options.actorId, action: options.action, target: { type: 'person', id: personId }, requestId: options.requestId });
	});
}

export async function checkCurrentPassword(db: DbOrTx, personId: number, password: string): Promise<boolean> {
	const row = db.select({ passwordHash: people.passwordHash }).from(people).where(eq(people.id, personId)).get();
	return row?.passwordHash ? verifyPassword(row.passwordHash, password) : false;
}

/** The name of the unit a role grant is held for (with grants joined to communes, agencies, provinces). */
export const grantUnitName = sql<string>`coalesce(${communes.name}, ${agencies.name}, ${provinces.name})`;

/** Each active role of these people with the name of the unit it is held for. */
export function grantsWithUnitNames(db: DbOrTx, personIds: number[]): { personId: number; role: Role; unit: string }[] {
	if (personIds.length === 0) return [];
	return db
		.select({ personId: roleGrants.personId, role: roleGrants.role, unit: grantUnitName })
		.from(roleGrants)
		.innerJoin(provinces, eq(provinces.id, roleGrants.provinceId))
		.leftJoin(communes, eq(communes.id, roleGrants.communeId))
		.leftJoin(agencies, eq(agencies.id, roleGrants.agencyId))
		.where(and(inArray(roleGrants.personId, personIds), isNull(roleGrants.revokedAt)))
		.orderBy(roleGrants.id)
		.all();
}

/**
 * Sets a new password with a recovery code a facilitator or manager handed over. Returns false,
 * changing nothing, unless the code is live and belongs to the account named.
 */
export async function redeemPasswordRecoveryCode(
	db: AppDatabase,
	identifier: string,
	code: string,
	newPassword: string,
	requestId: string | null
): Promise<boolean> {
	const passwordHash = await hashPassword(newPassword);
	return db.transaction((tx) => {
		const owner = signInCandidates(tx, identifier).find((candidate) => consumeCode(tx, candidate.id, 'password_recovery', code));
		if (!owner) return false;
		tx.update(people).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(people.id, owner.id)).run();
		invalidateAllSessions(tx, owner.id);
		recordAudit(tx, { actorId: owner.id, action: 'auth.password_recovered', target: { type: 'person', id: owner.id }, requestId });
		return true;
	});
}

/**
 * Signs in with the activation code of a sign-in card, typed where the password goes. When the
 * code is live and belongs to the account named, it dies, the person must choose a password before
 * anything else, and their id is returned; otherwise null, changing nothing.
 */
export function redeemActivationCode(db: AppDatabase, identifier: string, code: string, requestId: string | null): number | null {
	if (!isCodeShaped(code, ISSUED_CODE_LENGTH)) return null;
	return db.transaction((tx) => {
		const owner = signInCandidates(tx, identifier).find((candidate) => consumeCode(tx, candidate.id, 'activation', code));
		if (!owner) return null;
		tx.update(people).set({ mustChangePassword: true, updatedAt: new Date() }).where(eq(people.id, owner.id)).run();
		recordAudit(tx, { actorId: owner.id, action: 'auth.activation_code_used', target: { type: 'person', id: owner.id }, requestId });
		return owner.id;
	});
}
