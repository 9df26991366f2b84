import { auditFilterSchema, parseForm, searchParam } from '$lib/schemas/admin';
import { adminViewer, auditActions, listAudit } from '$lib/server/admin';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const filter = parseForm(auditFilterSchema, searchParam(url));
	return {
		values: filter.values,
		errors: filter.ok ? {} : filter.errors,
		// Filters that do not parse list nothing, rather than a log the person did not ask for.
		result: filter.ok ? listAudit(db(), adminViewer(locals.user!), filter.data) : null,
		actions: auditActions(db())
	};
};
