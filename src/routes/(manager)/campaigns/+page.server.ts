import { campaignsInView } from '$lib/server/campaigns';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { viewerOf } from '$lib/server/people';
import type { PageServerLoad } from './$types';
import { campaignView } from './view.server';

export const load: PageServerLoad = ({ locals }) => ({
	campaigns: campaignsInView(db(), viewerOf(locals.user!), contentCatalog().courses, new Date()).map(campaignView)
});
