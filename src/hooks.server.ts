import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { textSizeClass } from '$lib/text-size';

export const init: ServerInit = () => {
	try {
		initDatabase();
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		console.error(`Học vụ số cannot start: the database could not be opened or migrated (${reason}).`);
		process.exit(1);
	}
	process.once('sveltekit:shutdown', closeDatabase);
};

const requestContext: Handle = async ({ event, resolve }) => {
	event.locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	return response;
};

const localeAndLook: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const sizeClass = textSizeClass(event.cookies.get('text_size'));
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%text-size%', sizeClass)
		});
	});

export const handle = sequence(requestContext, localeAndLook);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status !== 404) console.error(`[${event.locals.requestId}]`, error);
	return { message };
};
