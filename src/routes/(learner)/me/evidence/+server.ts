import { error } from '@sveltejs/kit';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { viewerOf } from '$lib/server/people';
import { evidencePdfResponse } from '$lib/server/reports/evidence-file';
import { reportPerson } from '$lib/server/reports/evidence';
import type { RequestHandler } from './$types';

/** The signed-in person's own evidence sheet for a year, to attach to their self-assessment. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const person = reportPerson(db(), locals.user!.id);
	if (!person) error(404);
	return evidencePdfResponse(db(), contentCatalog(), viewerOf(locals.user!), person, url, locals.requestId);
};
