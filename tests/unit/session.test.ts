import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	SESSION_LIFETIME_MS,
	SHARED_IDLE_MS,
	createSession,
	deleteExpiredSessions,
	generateSessionToken,
	invalidateAllSessions,
	invalidateSession,
	listSessions,
	sessionIdFromToken,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { people, sessions } from '../../src/lib/server/db/schema';
import { testDatabase } from '../helpers/db';
import { makePerson, makeProvince } from '../helpers/fixtures';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let db: AppDatabase;
let personId: number;
const t0 = new Date('2026-03-01T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeEach(() => {
	db = testDatabase();
	personId = makePerson(db, makeProvince(db).id).id;
});

const start = (sharedDevice = false) => {
	const token = generateSessionToken();
	createSession(db, token, personId, { sharedDevice, twoFactorVerified: false, now: t0 });
	return token;
};

describe('sessions', () => {
	it('store only the SHA-256 of the token', () => {
		const token = start();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const stored = db.select().from(sessions).all();
		expect(stored).toHaveLength(1);
		expect(stored[0]?.id).toBe(sessionIdFromToken(token));
		expect(stored[0]?.id).not.toContain(token);
	});

	it('validate a live token and reject an unknown one', () => {
		const token = start();
		expect(validateSessionToken(db, token, at(MINUTE))?.person.id).toBe(personId);
		expect(validateSessionToken(db, generateSessionToken(), at(MINUTE))).toBeNull();
	});

	it('expire after their lifetime and are then deleted', () => {
		const token = start();
		expect(validateSessionToken(db, token, at(SESSION_LIFETIME_MS))).toBeNull();
		expect(db.select().from(sessions).all()).toHaveLength(0);
	});

	it('slide: a visit in the second half of the lifetime extends it', () => {
		const token = start();
		const early = validateSessionToken(db, token, at(10 * DAY));
		expect(early?.renewed).toBe(false);
		const late = validateSessionToken(db, token, at(20 * DAY));
		expect(late?.renewed).toBe(true);
		expect(late?.session.expiresAt.getTime()).toBe(at(20 * DAY + SESSION_LIFETIME_MS).getTime());
		expect(validateSessionToken(db, token, at(45 * DAY))?.person.id).toBe(personId);
	});

	it('on a shared computer, end after 15 idle minutes but not while in use', () => {
		const token = start(true);
		expect(validateSessionToken(db, token, at(10 * MINUTE))).not.toBeNull();
		expect(validateSessionToken(db, token, at(20 * MINUTE))).not.toBeNull();
		expect(validateSessionToken(db, token, at(20 * MINUTE + SHARED_IDLE_MS + 1))).toBeNull();
	});

	it('on a shared computer, never slide past 12 hours', () => {
		const token = start(true);
		for (let minutes = 10; minutes < 12 * 60; minutes += 10) expect(validateSessionToken(db, token, at(minutes * MINUTE))).not.toBeNull();
		expect(validateSessionToken(db, token, at(12 * 60 * MINUTE))).toBeNull();
	});

	it('end when the person is disabled', () => {
		const token = start();
		db.update(people).set({ disabledAt: t0 }).where(eq(people.id, personId)).run();
		expect(validateSessionToken(db, token, at(MINUTE))).toBeNull();
	});

	it('sign out deletes the session; sign out everywhere keeps only the current one', () => {
		const a = start();
		const b = start();
		const c = start();
		invalidateSession(db, sessionIdFromToken(a));
		expect(validateSessionToken(db, a, at(MINUTE))).toBeNull();
		expect(invalidateAllSessions(db, personId, sessionIdFromToken(b))).toBe(1);
		expect(validateSessionToken(db, c, at(MINUTE))).toBeNull();
		expect(listSessions(db, personId).map((s) => s.id)).toEqual([sessionIdFromToken(b)]);
	});
});

describe('expired sessions', () => {
	it('are swept from the table', () => {
		start();
		const live = generateSessionToken();
		createSession(db, live, personId, { sharedDevice: false, twoFactorVerified: false, now: at(20 * DAY) });
		expect(deleteExpiredSessions(db, at(SESSION_LIFETIME_MS + 1))).toBe(1);
		expect(validateSessionToken(db, live, at(SESSION_LIFETIME_MS + 1))).not.toBeNull();
	});
});
