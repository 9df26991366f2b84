import { type AgencyTree, type Grant, type UnitRef, agencyInCommune, agencyUnder } from '../auth/scope';
import type { AssignmentAudience, StaffGroup } from '../db/schema';

/** Who a campaign is for, as stored on `assignments`. */
export interface CampaignTarget {
	provinceId: number;
	communeId: number | null;
	agencyId: number | null;
	includeSubunits: boolean;
	audience: AssignmentAudience;
	staffGroup: StaffGroup | null;
}

/** Where a person is placed today: the same fields the learner's pages and the reports read. */
export interface PersonPlace {
	provinceId: number;
	communeId: number | null;
	agencyId: number | null;
	staffGroup: StaffGroup | null;
}

/**
 * Whether a campaign asks this person to learn. Civil servants belong to their agency (a
 * commune-level agency to its commune) and everyone to their commune of residence, so a commune's
 * campaign for everyone reaches those who live there and those who work for the commune, one for
 * residents only people outside the civil service, one for civil servants only the commune's staff.
 * One rule for the learner's "My learning" and the manager's list, so both name the same people.
 */
export function campaignCovers(campaign: CampaignTarget, person: PersonPlace, tree: AgencyTree): boolean {
	if (campaign.provinceId !== person.provinceId) return false;
	const agencyId = person.agencyId;
	if (campaign.audience === 'residents' && (agencyId !== null || person.communeId === null)) return false;
	if (campaign.audience === 'civil_servants' && agencyId === null) return false;
	if (campaign.staffGroup !== null && person.staffGroup !== campaign.staffGroup) return false;
	if (campaign.agencyId !== null) {
		if (agencyId === null) return false;
		return agencyId === campaign.agencyId || (campaign.includeSubunits && agencyUnder(agencyId, campaign.agencyId, tree));
	}
	if (campaign.communeId !== null) {
		const worksThere = agencyId !== null && agencyInCommune(agencyId, campaign.communeId, tree);
		const livesThere = person.communeId === campaign.communeId;
		return campaign.audience === 'civil_servants' ? worksThere : livesThere || worksThere;
	}
	return true;
}

/** The unit a campaign is set for, as the scope rules name units. */
export function campaignUnit(campaign: Pick<CampaignTarget, 'provinceId' | 'communeId' | 'agencyId'>): UnitRef {
	const { provinceId, communeId, agencyId } = campaign;
	if (agencyId !== null) return { kind: 'agency', provinceId, agencyId };
	if (communeId !== null) return { kind: 'commune', provinceId, communeId };
	return { kind: 'province', provinceId };
}

/**
 * Whether a campaign set above a manager's unit reaches into it: a province-wide campaign reaches
 * every unit of the province, a commune's reaches its agencies, an agency's (with sub-units) the
 * units under it. Such a manager follows their own people in it but cannot change it.
 */
export function campaignReachesGrant(campaign: CampaignTarget, grant: Grant, tree: AgencyTree): boolean {
	if (grant.provinceId !== campaign.provinceId) return false;
	if (campaign.communeId === null && campaign.agencyId === null) return true;
	if (grant.agencyId === null) return false;
	if (campaign.communeId !== null) return agencyInCommune(grant.agencyId, campaign.communeId, tree);
	return campaign.includeSubunits && agencyUnder(grant.agencyId, campaign.agencyId!, tree);
}
