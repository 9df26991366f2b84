import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { catalogue, catalogueFilters } from '$lib/server/progress/catalogue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const filters = catalogueFilters(url.searchParams);
	return { filters, courses: catalogue(db(), locals.user?.roles, locals.user?.id ?? null, getLocale(), filters) };
};
