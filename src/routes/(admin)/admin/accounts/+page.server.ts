import { accountFilterSchema, parseForm, searchParam } from '$lib/schemas/admin';
import { adminViewer, listAccounts, unitChoices } from '$lib/server/admin';
import { db } from '$lib/server/db';
import { ROLES } from '$lib/server/db/schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const viewer = adminViewer(locals.user!);
	const filter = parseForm(accountFilterSchema, searchParam(url));
	return {
		values: filter.values,
		errors: filter.ok ? {} : filter.errors,
		// Filters that do not parse list nothing, rather than a list the person did not ask for.
		result: filter.ok ? listAccounts(db(), viewer, filter.data) : null,
		units: unitChoices(db(), viewer),
		roles: [...ROLES]
	};
};
