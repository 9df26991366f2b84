import { error, redirect } from '@sveltejs/kit';
import { localReturnPath } from '$lib/server/return-path';
import { TEXT_SIZE_COOKIE, isTextSize } from '$lib/text-size';
import type { RequestHandler } from './$types';

const ONE_YEAR_IN_SECONDS = 365 * 24 * 60 * 60;

/**
 * The text-size form posts here. Without JavaScript the browser follows the redirect back to the
 * page it came from, now rendered at the new size; the enhanced form asks for JSON and gets 204.
 */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData().catch(() => null);
	const size = form?.get('size');
	if (!isTextSize(size)) error(400, 'Unknown text size');

	cookies.set(TEXT_SIZE_COOKIE, size, {
		path: '/',
		maxAge: ONE_YEAR_IN_SECONDS,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});

	if (request.headers.get('accept')?.includes('application/json')) return new Response(null, { status: 204 });
	redirect(303, localReturnPath(form?.get('return'), url.origin));
};
