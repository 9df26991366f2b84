import { formatDate } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { CampaignSummary } from '$lib/server/campaigns';
import { contentCatalog } from '$lib/server/content';
import type { AssignmentAudience, StaffGroup } from '$lib/server/db/schema';

const AUDIENCE: Record<AssignmentAudience, () => string> = {
	all: () => m.campaigns_audience_all(),
	residents: () => m.campaigns_audience_residents(),
	civil_servants: () => m.campaigns_audience_civil_servants()
};
export const GROUP: Record<StaffGroup, () => string> = { can_bo: () => m.report_group_can_bo(), cong_chuc: () => m.report_group_cong_chuc(), vien_chuc: () => m.report_group_vien_chuc() };

/** A campaign as the pages show it: labels in the reader's language, dates as text. */
export function campaignView({ campaign, access, phase, tally }: CampaignSummary) {
	const locale = getLocale();
	const audience = AUDIENCE[campaign.audience]();
	return {
		id: campaign.id,
		title: campaign.title,
		unitName: campaign.unitName,
		audience: campaign.staffGroup ? m.campaigns_audience_group({ audience, group: GROUP[campaign.staffGroup]() }) : audience,
		period: m.campaigns_period({ from: formatDate(campaign.startsAt, locale), deadline: formatDate(campaign.deadlineAt, locale) }),
		courses: campaign.courseIds.map((id) => ({ id, title: contentCatalog().byId.get(id)?.title[locale] ?? id })),
		access,
		phase,
		cancelledAt: campaign.cancelledAt?.getTime() ?? null,
		tally,
		donePercent: tally.assigned === 0 ? 0 : Math.floor((tally.done * 100) / tally.assigned)
	};
}
