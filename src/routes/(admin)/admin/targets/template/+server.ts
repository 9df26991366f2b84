import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { denominatorTemplate } from '$lib/server/reports/denominators';
import type { RequestHandler } from './$types';

/** The CSV to fill in for a criterion with entered numbers: every unit of the admin's province and its current number. */
export const GET: RequestHandler = ({ locals, url }) => {
	const scope = adminScope(adminViewer(locals.user!, locals.requestId));
	if (!scope) error(403);
	const id = url.searchParams.get('criterion');
	const criterion = contentCatalog().criteria.find((c) => c.id === id && c.target.denominator === 'entered');
	if (!criterion) error(404, m.targets_criterion_invalid());
	const { fileName, text } = denominatorTemplate(db(), criterion, scope.provinceId);
	return new Response(text, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
