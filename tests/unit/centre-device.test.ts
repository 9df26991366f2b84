import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARED_IDLE_MS, createSession, generateSessionToken, sessionIdFromToken, shareSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { CENTRE_DEVICE_COOKIE, isCentreDevice, recordCentreDevice, setCentreDeviceCookie } from '../../src/lib/server/centre';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { sessions } from '../../src/lib/server/db/schema';
import { auditRowsFor, communeId, demoDatabase, personWithRole, provinceId, viewerOf } from '../helpers/admin';

let db: AppDatabase;

beforeEach(async () => {
	db = await demoDatabase();
});

function fakeCookies() {
	const jar = new Map<string, { value: string; options: object }>();
	return {
		jar,
		get: (name: string) => jar.get(name)?.value,
		set: (name: string, value: string, options: object) => void jar.set(name, { value, options }),
		delete: (name: string) => void jar.delete(name)
	};
}

describe('centre mode for a browser', () => {
	it('is a year-long httpOnly, SameSite=Lax cookie that can be cleared', () => {
		const cookies = fakeCookies();
		expect(isCentreDevice(cookies)).toBe(false);
		setCentreDeviceCookie(cookies, true, true);
		expect(isCentreDevice(cookies)).toBe(true);
		expect(cookies.jar.get(CENTRE_DEVICE_COOKIE)?.options).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: true, maxAge: 365 * 24 * 60 * 60 });
		setCentreDeviceCookie(cookies, false, true);
		expect(isCentreDevice(cookies)).toBe(false);
	});

	it('is recorded in the audit log, and turning it on makes the facilitator’s own session a shared-computer one', () => {
		const facilitator = viewerOf(db, personWithRole(db, provinceId(db, '25'), 'facilitator', { communeId: communeId(db, '08515') }).id);
		const token = generateSessionToken();
		const t0 = new Date('2026-03-01T01:00:00Z');
		createSession(db, token, facilitator.personId, { sharedDevice: false, twoFactorVerified: true, now: t0 });

		const shared = recordCentreDevice(db, facilitator, true, { sessionId: sessionIdFromToken(token), device: 'Chrome · Windows', now: t0 });
		expect(shared).toMatchObject({ sharedDevice: true, expiresAt: new Date(t0.getTime() + 12 * 60 * 60 * 1000) });
		expect(db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token))).get()?.sharedDevice).toBe(true);
		expect(validateSessionToken(db, token, new Date(t0.getTime() + SHARED_IDLE_MS + 1))).toBeNull();

		expect(recordCentreDevice(db, facilitator, false, { sessionId: null, device: null, now: t0 })).toBeNull();
		expect(auditRowsFor(db, 'centre.device_on')).toEqual([expect.objectContaining({ actorId: facilitator.personId, details: { device: 'Chrome · Windows' } })]);
		expect(auditRowsFor(db, 'centre.device_off')).toHaveLength(1);
	});

	it('never lengthens a session that was to end sooner', () => {
		const person = personWithRole(db, provinceId(db, '25'), 'learner', { communeId: communeId(db, '08515') });
		const token = generateSessionToken();
		const t0 = new Date('2026-03-01T01:00:00Z');
		const session = createSession(db, token, person.id, { sharedDevice: false, twoFactorVerified: true, now: t0 });
		db.update(sessions).set({ expiresAt: new Date(t0.getTime() + 60_000) }).where(eq(sessions.id, session.id)).run();
		expect(shareSession(db, session.id, t0)?.expiresAt).toEqual(new Date(t0.getTime() + 60_000));
		expect(shareSession(db, 'no such session', t0)).toBeNull();
	});
});
