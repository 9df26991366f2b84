import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { CAMPAIGN_EXPORT_FORMATS, CAMPAIGN_FILTERS, type CampaignExportFormat, type CampaignFilter, exportCampaign, parseCampaignId } from '$lib/server/campaigns';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { viewerOf } from '$lib/server/people';
import type { RequestHandler } from './$types';

/** The campaign's list as the page filters it, as a file; checked and audited like the page. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const id = parseCampaignId(params.id);
	if (id === null) error(404, m.campaigns_not_found());
	const form = await formFields(request);
	const format = form.text('format');
	const filter = form.text('show') || 'all';
	if (!(CAMPAIGN_EXPORT_FORMATS as readonly string[]).includes(format)) error(400, m.campaigns_export_format_invalid());
	if (!(CAMPAIGN_FILTERS as readonly string[]).includes(filter)) error(400, m.campaigns_filter_invalid());
	const result = exportCampaign(
		db(),
		viewerOf(locals.user!),
		id,
		contentCatalog().courses,
		{ format: format as CampaignExportFormat, filter: filter as CampaignFilter, exportedBy: locals.user!.fullName, requestId: locals.requestId },
		new Date()
	);
	if (result.status === 'not-found') error(404, m.campaigns_not_found());
	return new Response(result.body as BodyInit, {
		headers: { 'content-type': result.contentType, 'content-disposition': `attachment; filename="${result.fileName}"`, 'cache-control': 'private, no-store' }
	});
};
