import { type Handle, type HandleServerError, type RequestEvent, type ServerInit, error, isHttpError, isRedirect, redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { resolveCurrentUser } from '$lib/server/auth/current-user';
import { routeAccess } from '$lib/server/auth/policy';
import { SESSION_COOKIE, deleteExpiredSessions } from '$lib/server/auth/session';
import { deleteEndedAttemptWindows } from '$lib/server/auth/throttle';
import { runsBackgroundWork } from '$lib/server/config';
import { ensureSigningKeys, signingKeyFile } from '$lib/server/certificates/keys';
import { refreshStandings } from '$lib/server/reports/standings';
import { contentCatalog } from '$lib/server/content';
import { closeDatabase, db, initDatabase } from '$lib/server/db';
import { log } from '$lib/server/log';
import { TEXT_SIZE_COOKIE, textSizeClass } from '$lib/text-size';

/**
 * People recomputed per background refresh, four times a second: each refresh holds the event loop
 * and the write lock for tens of milliseconds at most, even after a large import.
 */
const STANDINGS_PER_TICK = 500;

export const init: ServerInit = () => {
	try {
		initDatabase();
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		console.error(`Học vụ số cannot start: the database could not be opened or migrated (${reason}).`);
		process.exit(1);
	}
	try {
		ensureSigningKeys();
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		console.error(`Học vụ số cannot start: the signing key file ${signingKeyFile()} could not be created or read (${reason}).`);
		process.exit(1);
	}
	// Interrupted exports were marked failed by the start command, before any worker could start one.
	const timers: NodeJS.Timeout[] = [];
	process.once('sveltekit:shutdown', () => {
		for (const timer of timers) clearInterval(timer);
		closeDatabase();
	});
	if (!runsBackgroundWork()) return;
	// Criteria changed since the last start are counted again now, not on a manager's first report.
	refreshStandings(db(), contentCatalog(), new Date());
	// Sessions nobody returns to, and ended sign-in windows, would otherwise stay forever.
	const sweep = () => {
		deleteExpiredSessions(db());
		deleteEndedAttemptWindows(db(), new Date());
	};
	// Keeps the standings' queue short, so a report has little left to recompute before it reads.
	const refresh = () => {
		try {
			refreshStandings(db(), contentCatalog(), new Date(), STANDINGS_PER_TICK);
		} catch (cause) {
			log.error({ err: cause }, 'standings refresh failed');
		}
	};
	timers.push(setInterval(sweep, 60 * 60 * 1000), setInterval(refresh, 250));
	for (const timer of timers) timer.unref();
};

const requestContext: Handle = async ({ event, resolve }) => {
	// A proxy's request id is kept for tracing, but only in a shape that is safe to log and echo.
	const given = event.request.headers.get('x-request-id');
	event.locals.requestId = given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		response.headers.set('x-request-id', event.locals.requestId);
		response.headers.set('x-content-type-options', 'nosniff');
		response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
		response.headers.set('x-frame-options', 'DENY');
		response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
		response.headers.set('cross-origin-opener-policy', 'same-origin');
		return response;
	} catch (thrown) {
		// The route guard answers by throwing a redirect or an error: still a request to log.
		if (isRedirect(thrown) || isHttpError(thrown)) status = thrown.status;
		throw thrown;
	} finally {
		// The path only: query strings may hold a username or a code.
		const line = { reqId: event.locals.requestId, method: event.request.method, path: event.url.pathname, route: event.route.id, status, ms: Math.round(performance.now() - started), user: event.locals.user?.id };
		if (event.route.id === '/healthz') log.debug(line, 'request');
		else log.info(line, 'request');
	}
};

const localeAndLook: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const sizeClass = textSizeClass(event.cookies.get(TEXT_SIZE_COOKIE));
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%text-size%', sizeClass)
		});
	});

/** Resolves the session cookie once per request into `locals.user`. */
const session: Handle = ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const secure = event.url.protocol === 'https:';
		const current = resolveCurrentUser(db(), token);
		if (current) {
			event.locals.user = current.user;
			event.locals.session = current.session;
			if (current.renewed) setSessionCookie(event.cookies, token, current.session, secure);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

/**
 * The route-group policy, checked here so that pages, form actions and endpoints are covered alike.
 * Pages send guests to sign-in (and back afterwards); other requests get a status.
 */
const guard: Handle = ({ event, resolve }) => {
	const user = event.locals.user;
	const access = routeAccess(event.route.id, user);
	const wantsPage = event.request.method === 'GET' && !event.url.pathname.endsWith('/__data.json');
	switch (access) {
		case 'allow':
			return resolve(event);
		case 'sign-in':
			if (wantsPage) redirect(303, signInPath(event));
			error(401, m.error_sign_in_required());
		case 'second-factor':
			if (wantsPage) redirect(303, localizedPath(user?.hasSecondFactor ? '/sign-in/two-factor' : '/account/two-factor/setup'));
			error(401, m.error_sign_in_required());
		case 'change-password':
			if (wantsPage) redirect(303, localizedPath('/account/password'));
			error(403, m.error_change_password_first());
		case 'forbidden':
			error(403, m.error_forbidden());
		case 'not-found':
			error(404, m.error_not_found());
	}
};

function signInPath(event: RequestEvent): string {
	const next = event.url.pathname + event.url.search;
	return `${localizedPath('/sign-in')}?next=${encodeURIComponent(next)}`;
}

export const handle = sequence(requestContext, localeAndLook, session, guard);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) log.error({ reqId: event.locals.requestId, route: event.route.id, err: error }, 'request failed');
	return { message };
};
