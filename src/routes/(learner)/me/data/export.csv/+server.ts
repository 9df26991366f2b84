import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { reportCsv } from '$lib/server/reports/export-files';
import { myData, myDataFacts, recordDataExport } from '$lib/server/people/privacy';
import { vietnamDayOf } from '$lib/vietnam-day';
import type { RequestHandler } from './$types';

/** Everything held about the signed-in person, one fact a row (section, field, value). */
export const GET: RequestHandler = ({ locals }) => {
	const now = new Date();
	const held = db().transaction((tx) => {
		const data = myData(tx, locals.user!.id);
		if (data) recordDataExport(tx, locals.user!.id, 'csv', locals.requestId, now);
		return data;
	});
	if (!held) error(404);
	const body = reportCsv(
		{ title: m.privacy_my_data_title(), lines: [] },
		{ name: m.privacy_my_data_title(), columns: ['section', 'field', 'value'].map((header) => ({ header, width: 30 })), rows: myDataFacts(held) }
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="du-lieu-cua-toi-${vietnamDayOf(now)}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
