/**
 * The reports domain: each person's standing on the province's evaluation criteria, rolled up per
 * commune and agency, with exports and evidence sheets. It reads every other domain's tables and
 * nobody depends on it.
 */
import type { Viewer } from '../auth/scope';
import type { ReportUnitRef } from './report';

export { type CriterionReport, type PersonRow, type ReportQuery, type ReportUnitRef, type Tally, type UnitRow, PEOPLE_PAGE_SIZE, criterionReport, reportInstant } from './report';
export { type PersonCriterion, personCriteria } from './person';
export { CRITERION_STATES, type CriterionState } from './status';

/**
 * Where a manager's reports open: the widest unit any of their report grants covers, in that
 * grant's province. Null for someone who reads no reports.
 */
export function reportHome(viewer: Viewer): { provinceId: number; unit: ReportUnitRef } | null {
	const grants = viewer.grants.filter((g) => g.role === 'unit_manager' || g.role === 'province_admin' || g.role === 'system_admin');
	const wide = grants.find((g) => g.communeId === null && g.agencyId === null) ?? grants[0];
	if (!wide) return null;
	const unit: ReportUnitRef = wide.communeId !== null ? { kind: 'commune', id: wide.communeId } : wide.agencyId !== null ? { kind: 'agency', id: wide.agencyId } : { kind: 'province' };
	return { provinceId: wide.provinceId, unit };
}
