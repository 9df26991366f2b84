import type { Cookies } from '@sveltejs/kit';
import { recordAudit } from '../audit';
import { type Session, shareSession } from '../auth/session';
import type { AppDatabase } from '../db/client';
import type { CentreViewer } from './registration';

/**
 * Marks a browser as a learning centre's shared computer. Only what this browser does changes
 * (every sign-in becomes a shared-computer session, every page reminds people to sign out), so a
 * person who sets it on their own browser only shortens their own sessions.
 */
export const CENTRE_DEVICE_COOKIE = 'centre_device';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function isCentreDevice(cookies: Pick<Cookies, 'get'>): boolean {
	return cookies.get(CENTRE_DEVICE_COOKIE) === '1';
}

/** Sets or clears the mark: httpOnly (no script needs it), SameSite=Lax, for a year. */
export function setCentreDeviceCookie(cookies: Pick<Cookies, 'set' | 'delete'>, on: boolean, secure: boolean): void {
	const options = { path: '/', httpOnly: true, sameSite: 'lax', secure } as const;
	if (on) cookies.set(CENTRE_DEVICE_COOKIE, '1', { ...options, maxAge: ONE_YEAR_S });
	else cookies.delete(CENTRE_DEVICE_COOKIE, options);
}

/**
 * Records that a facilitator turned centre mode on or off for a browser. Turning it on also makes
 * the facilitator's own session there a shared-computer one, so it does not stay open for a month
 * on the centre's computer; the caller sends its cookie again (returned here) without an expiry.
 */
export function recordCentreDevice(
	db: AppDatabase,
	viewer: CentreViewer,
	on: boolean,
	options: { sessionId: string | null; device: string | null; now?: Date }
): Session | null {
	const now = options.now ?? new Date();
	return db.transaction((tx) => {
		const session = on && options.sessionId ? shareSession(tx, options.sessionId, now) : null;
		recordAudit(tx, {
			actorId: viewer.personId,
			action: on ? 'centre.device_on' : 'centre.device_off',
			details: options.device ? { device: options.device } : undefined,
			requestId: viewer.requestId ?? null,
			at: now
		});
		return session;
	});
}
