import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

/**
 * A shared-computer session gets a browser-session cookie (no expiry), so closing the browser
 * ends it; a personal one lasts until the session's own expiry.
 */
export function setSessionCookie(cookies: Cookies, token: string, session: { expiresAt: Date; sharedDevice: boolean }, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		...(session.sharedDevice ? {} : { expires: session.expiresAt })
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
