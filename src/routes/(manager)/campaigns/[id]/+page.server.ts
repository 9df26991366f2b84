import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { CAMPAIGN_FILTERS, type CampaignFilter, campaignAccessById, campaignDetail, cancelCampaign, filterMembers, parseCampaignId } from '$lib/server/campaigns';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { parsePageNumber, viewerOf } from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';
import { GROUP, campaignView } from '../view.server';

const PAGE_SIZE = 50;

export const load: PageServerLoad = ({ locals, params, url }) => {
	const id = parseCampaignId(params.id);
	const asked = url.searchParams.get('show') ?? 'all';
	if (!(CAMPAIGN_FILTERS as readonly string[]).includes(asked)) error(400, m.campaigns_filter_invalid());
	const filter = asked as CampaignFilter;
	const detail = id === null ? null : campaignDetail(db(), viewerOf(locals.user!), id, contentCatalog().courses, new Date());
	// Another unit's campaign answers like one that does not exist.
	if (!detail) error(404, m.campaigns_not_found());
	const shown = filterMembers(detail.members, filter);
	const pageCount = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
	const page = Math.min(parsePageNumber(url.searchParams.get('page')), pageCount);
	return {
		campaign: campaignView(detail),
		filter,
		shownCount: shown.length,
		page,
		pageCount,
		people: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((member) => ({
			personId: member.personId,
			fullName: member.fullName,
			unitName: member.unitName,
			group: member.staffGroup ? GROUP[member.staffGroup]() : null,
			state: member.state,
			late: member.late,
			percent: member.percent,
			completedAt: member.completedAt?.getTime() ?? null
		})),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	cancel: async ({ locals, params, request }) => {
		const id = parseCampaignId(params.id);
		if (id === null) error(404, m.campaigns_not_found());
		const viewer = viewerOf(locals.user!);
		// Whose campaign it is is settled before the form is read: another unit's answers as missing.
		const access = campaignAccessById(db(), viewer, id);
		if (access === null) error(404, m.campaigns_not_found());
		if (access === 'follow') return fail(403, { errors: { confirm: m.campaigns_cancel_forbidden() } });
		const form = await formFields(request);
		if (!form.checked('confirm')) return fail(400, { errors: { confirm: m.campaigns_cancel_confirm_missing() } });
		const result = cancelCampaign(db(), viewer, id, locals.requestId, new Date());
		if (result === 'not-found') error(404, m.campaigns_not_found());
		if (result === 'forbidden') return fail(403, { errors: { confirm: m.campaigns_cancel_forbidden() } });
		if (result === 'already-cancelled') return fail(409, { errors: { confirm: m.campaigns_already_cancelled() } });
		redirect(303, localizedPath(`/campaigns/${id}?cancelled=1`));
	}
};
