import { error } from '@sveltejs/kit';
import { viewerOf } from '$lib/server/people';
import { rosterScope, rosterTemplate } from '$lib/server/people/roster-import';
import type { RequestHandler } from './$types';

/** The empty roster to fill in, for those who may import one. */
export const GET: RequestHandler = ({ locals }) => {
	if (!rosterScope(viewerOf(locals.user!))) error(403);
	const { fileName, text } = rosterTemplate();
	return new Response(text, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
