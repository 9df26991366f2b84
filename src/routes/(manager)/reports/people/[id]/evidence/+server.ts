import { error } from '@sveltejs/kit';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { parsePersonId, viewerOf } from '$lib/server/people';
import { evidencePdfResponse } from '$lib/server/reports/evidence-file';
import { visibleReportPerson } from '$lib/server/reports/evidence';
import type { RequestHandler } from './$types';

/** One person's evidence sheet for a year, for a manager of their unit. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const id = parsePersonId(params.id);
	const viewer = viewerOf(locals.user!);
	const person = id === null ? null : visibleReportPerson(db(), viewer, id);
	if (!person) error(404);
	return evidencePdfResponse(db(), contentCatalog(), viewer, person, url, locals.requestId);
};
