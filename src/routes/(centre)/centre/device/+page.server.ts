import { deviceLabel } from '$lib/device';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { centreViewer, isCentreDevice, recordCentreDevice, setCentreDeviceCookie } from '$lib/server/centre';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = ({ cookies }) => ({ on: isCentreDevice(cookies) });

function setMode(event: RequestEvent, on: boolean) {
	const { cookies, locals, request, url } = event;
	const secure = url.protocol === 'https:';
	setCentreDeviceCookie(cookies, on, secure);
	const session = recordCentreDevice(db(), centreViewer(locals.user!, locals.requestId), on, {
		sessionId: locals.session?.id ?? null,
		device: deviceLabel(request.headers.get('user-agent'))
	});
	// The facilitator's own session here is now a shared-computer one: its cookie must die with the browser.
	const token = cookies.get(SESSION_COOKIE);
	if (session && token) setSessionCookie(cookies, token, session, secure);
	return { changed: on ? ('on' as const) : ('off' as const) };
}

export const actions: Actions = {
	on: (event) => setMode(event, true),
	off: (event) => setMode(event, false)
};
