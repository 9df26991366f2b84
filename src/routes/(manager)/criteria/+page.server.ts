import { getLocale } from '$lib/paraglide/runtime';
import { contentCatalog } from '$lib/server/content';
import { criterionView } from '$lib/server/content/criteria-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const catalog = contentCatalog();
	return { criteria: catalog.criteria.map((criterion) => criterionView(criterion, catalog, getLocale())) };
};
