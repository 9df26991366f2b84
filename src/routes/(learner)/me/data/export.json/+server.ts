import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { myData, recordDataExport } from '$lib/server/people/privacy';
import { vietnamDayOf } from '$lib/vietnam-day';
import type { RequestHandler } from './$types';

/** Everything held about the signed-in person, as JSON, for them alone. */
export const GET: RequestHandler = ({ locals }) => {
	const now = new Date();
	const held = db().transaction((tx) => {
		const data = myData(tx, locals.user!.id);
		if (data) recordDataExport(tx, locals.user!.id, 'json', locals.requestId, now);
		return data;
	});
	if (!held) error(404);
	return new Response(JSON.stringify(held, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="du-lieu-cua-toi-${vietnamDayOf(now)}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
