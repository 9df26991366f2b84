import type { Role } from '../db/schema';

/** A role as held by the viewer: for a commune, an agency, or (neither) the whole province. */
export interface Grant {
	role: Role;
	provinceId: number;
	communeId: number | null;
	agencyId: number | null;
}

export interface Viewer {
	personId: number;
	grants: Grant[];
}

/** What a page or action touches. People are placed by their commune of residence and their agency. */
export type UnitRef =
	| { kind: 'province'; provinceId: number }
	| { kind: 'commune'; provinceId: number; communeId: number }
	| { kind: 'agency'; provinceId: number; agencyId: number }
	| { kind: 'person'; provinceId: number; personId: number; communeId: number | null; agencyId: number | null };

/**
 * Agencies of the province, enough to answer "is agency X under agency Y or in commune Z":
 * a commune-level agency belongs to its commune; sub-units belong to their parent.
 */
export interface AgencyTree {
	parentOf(agencyId: number): number | null;
	communeOf(agencyId: number): number | null;
}

export type Purpose = 'report' | 'assist';

/** Roles that read other people's data, and what for: managers read reports, facilitators assist residents. */
const ROLE_PURPOSES: Partial<Record<Role, Purpose[]>> = {
	system_admin: ['report', 'assist'],
	province_admin: ['report', 'assist'],
	unit_manager: ['report'],
	facilitator: ['assist']
};

/**
 * Whether the viewer may see a unit or person for a purpose. Pure: the caller passes the agency tree,
 * so the rule is tested for every role and unit pair without a database.
 */
export function canSee(viewer: Viewer, unit: UnitRef, tree: AgencyTree, purpose: Purpose = 'report'): boolean {
	if (unit.kind === 'person' && unit.personId === viewer.personId) return true;
	return viewer.grants.some((grant) => grantCovers(grant, unit, tree, purpose));
}

function grantCovers(grant: Grant, unit: UnitRef, tree: AgencyTree, purpose: Purpose): boolean {
	if (!ROLE_PURPOSES[grant.role]?.includes(purpose)) return false;
	if (grant.role === 'system_admin') return true;
	if (grant.provinceId !== unit.provinceId) return false;
	// A facilitator helps the residents of one commune: people and the commune itself, never agencies.
	if (grant.role === 'facilitator') {
		if (grant.communeId === null) return false;
		if (unit.kind === 'commune') return unit.communeId === grant.communeId;
		return unit.kind === 'person' && unit.communeId === grant.communeId;
	}
	if (grant.communeId === null && grant.agencyId === null) return true;
	if (grant.communeId !== null) return communeCovers(grant.communeId, unit, tree);
	if (grant.agencyId !== null) return agencyCovers(grant.agencyId, unit, tree);
	return false;
}

function communeCovers(communeId: number, unit: UnitRef, tree: AgencyTree): boolean {
	switch (unit.kind) {
		case 'province':
			return false;
		case 'commune':
			return unit.communeId === communeId;
		case 'agency':
			return agencyInCommune(unit.agencyId, communeId, tree);
		case 'person':
			return unit.communeId === communeId || (unit.agencyId !== null && agencyInCommune(unit.agencyId, communeId, tree));
	}
}

function agencyCovers(agencyId: number, unit: UnitRef, tree: AgencyTree): boolean {
	switch (unit.kind) {
		case 'province':
		case 'commune':
			return false;
		case 'agency':
			return agencyUnder(unit.agencyId, agencyId, tree);
		case 'person':
			return unit.agencyId !== null && agencyUnder(unit.agencyId, agencyId, tree);
	}
}

/** The agency and the agencies above it. Bounded: a corrupt cycle cannot hang a request. */
function* selfAndAncestors(agencyId: number, tree: AgencyTree): Generator<number> {
	let current: number | null = agencyId;
	for (let depth = 0; current !== null && depth < 32; depth++) {
		yield current;
		current = tree.parentOf(current);
	}
}

function agencyUnder(agencyId: number, ancestorId: number, tree: AgencyTree): boolean {
	return [...selfAndAncestors(agencyId, tree)].some((id) => id === ancestorId);
}

/** A commune-level agency (the People's Committee) and its sub-units belong to the commune. */
function agencyInCommune(agencyId: number, communeId: number, tree: AgencyTree): boolean {
	return [...selfAndAncestors(agencyId, tree)].some((id) => tree.communeOf(id) === communeId);
}
