import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { type DbOrTx, builtOnce } from '../db/client';
import { people, sessions } from '../db/schema';

export const SESSION_COOKIE = 'session';

const DAY = 24 * 60 * 60 * 1000;
/** A personal device stays signed in for 30 days after the last visit (sliding). */
export const SESSION_LIFETIME_MS = 30 * DAY;
const SESSION_RENEW_BELOW_MS = 15 * DAY;
/** A shared computer (commune centre) signs out after 15 idle minutes, and after 12 hours at most. */
export const SHARED_IDLE_MS = 15 * 60 * 1000;
const SHARED_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Writing last_seen_at on every request would make each page view a write; once a minute is enough. */
const LAST_SEEN_GRANULARITY_MS = 60 * 1000;

export type Session = typeof sessions.$inferSelect;

export interface SessionPerson {
	id: number;
	provinceId: number;
	username: string;
	fullName: string;
	communeId: number | null;
	agencyId: number | null;
	mustChangePassword: boolean;
}

/** 20 random bytes in base32: 32 characters, 160 bits of entropy. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSession(
	db: DbOrTx,
	token: string,
	personId: number,
	options: { sharedDevice: boolean; twoFactorVerified: boolean; userAgent?: string | null; now?: Date }
): Session {
	const now = options.now ?? new Date();
	const session: Session = {
		id: sessionIdFromToken(token),
		personId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + (options.sharedDevice ? SHARED_LIFETIME_MS : SESSION_LIFETIME_MS)),
		sharedDevice: options.sharedDevice,
		twoFactorVerified: options.twoFactorVerified,
		userAgent: options.userAgent?.slice(0, 200) ?? null
	};
	db.insert(sessions).values(session).run();
	return session;
}

/** Every signed-in request reads its session and person: built once. */
const sessionWithPerson = builtOnce((db) =>
	db
		.select({
			session: sessions,
			person: {
				id: people.id,
				provinceId: people.provinceId,
				username: people.username,
				fullName: people.fullName,
				communeId: people.communeId,
				agencyId: people.agencyId,
				mustChangePassword: people.mustChangePassword,
				disabledAt: people.disabledAt,
				anonymisedAt: people.anonymisedAt
			}
		})
		.from(sessions)
		.innerJoin(people, eq(people.id, sessions.personId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare()
);

/**
 * Finds the live session for a cookie token. Expired, idle (shared computer) and disabled-person
 * sessions are deleted and yield null. A personal session is extended when less than half its
 * lifetime is left; `renewed` tells the caller to send the cookie again with the new expiry.
 */
export function validateSessionToken(
	db: DbOrTx,
	token: string,
	now = new Date()
): { session: Session; person: SessionPerson; renewed: boolean } | null {
	const id = sessionIdFromToken(token);
	const row = sessionWithPerson(db).get({ id });
	if (!row) return null;
	const { session, person } = row;
	const t = now.getTime();
	const idle = session.sharedDevice && t - session.lastSeenAt.getTime() > SHARED_IDLE_MS;
	if (t >= session.expiresAt.getTime() || idle || person.disabledAt || person.anonymisedAt) {
		invalidateSession(db, id);
		return null;
	}
	let renewed = false;
	const changes: Partial<Session> = {};
	if (t - session.lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS) changes.lastSeenAt = now;
	if (!session.sharedDevice && session.expiresAt.getTime() - t < SESSION_RENEW_BELOW_MS) {
		changes.expiresAt = new Date(t + SESSION_LIFETIME_MS);
		renewed = true;
	}
	if (Object.keys(changes).length > 0) {
		db.update(sessions).set(changes).where(eq(sessions.id, id)).run();
		Object.assign(session, changes);
	}
	const { disabledAt: _disabled, anonymisedAt: _anonymised, ...sessionPerson } = person;
	return { session, person: sessionPerson, renewed };
}

/**
 * Turns a session into a shared-computer one (15 idle minutes, 12 hours at most from now): for a
 * person already signed in on a computer that becomes a learning centre's. Returns the session as
 * it now is, for the cookie; null when it no longer exists.
 */
export function shareSession(db: DbOrTx, sessionId: string, now = new Date()): Session | null {
	const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
	if (!session) return null;
	if (session.sharedDevice) return session;
	const changes = {
		sharedDevice: true,
		lastSeenAt: now,
		expiresAt: new Date(Math.min(session.expiresAt.getTime(), now.getTime() + SHARED_LIFETIME_MS))
	};
	db.update(sessions).set(changes).where(eq(sessions.id, sessionId)).run();
	return { ...session, ...changes };
}

export function markTwoFactorVerified(db: DbOrTx, sessionId: string): void {
	db.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, sessionId)).run();
}

export function invalidateSession(db: DbOrTx, sessionId: string): void {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Signs a person out everywhere, optionally keeping the session they are using. */
export function invalidateAllSessions(db: DbOrTx, personId: number, exceptSessionId?: string): number {
	const where = exceptSessionId
		? and(eq(sessions.personId, personId), ne(sessions.id, exceptSessionId))
		: eq(sessions.personId, personId);
	return db.delete(sessions).where(where).run().changes;
}

export function listSessions(db: DbOrTx, personId: number): Session[] {
	return db.select().from(sessions).where(eq(sessions.personId, personId)).orderBy(sessions.lastSeenAt).all().reverse();
}

export function deleteExpiredSessions(db: DbOrTx, now = new Date()): number {
	return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
}
