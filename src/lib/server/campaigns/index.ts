/**
 * Campaigns: courses assigned to a unit or a group with a start and a deadline. Managers create,
 * follow and cancel them; learners meet them on "My learning" (see progress/learning.ts).
 */
export {
	type Campaign,
	type CampaignAccess,
	type CampaignDetail,
	type CampaignMember,
	type CampaignPhase,
	type CampaignSummary,
	type CampaignTally,
	type CampaignUnitChoice,
	type CreateCampaignResult,
	type NewCampaign,
	campaignAccessById,
	campaignDetail,
	campaignsInView,
	cancelCampaign,
	createCampaign
} from './campaigns';
export { CAMPAIGN_EXPORT_FORMATS, CAMPAIGN_FILTERS, type CampaignExportFormat, type CampaignFilter, exportCampaign, filterMembers } from './export';
export type { CampaignState } from './standing';

/** A campaign id from a URL: digits only, within SQLite's integer range; anything else is none. */
export const parseCampaignId = (text: string): number | null => (/^[1-9]\d{0,11}$/.test(text) ? Number(text) : null);
