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

/**
 * `report`: read reports; `assist`: help residents (registration, sign-in cards); `recover`: issue a
 * password-recovery code for someone else's account.
 */
export type Purpose = 'report' | 'assist' | 'recover';

/**
 * Roles that read other people's data, and what for: managers read reports, facilitators assist
 * residents; facilitators recover residents' accounts and managers their staff's.
 */
const ROLE_PURPOSES: Partial<Record<Role, Purpose[]>> = {
	system_admin: ['report', 'assist', 'recover'],
	province_admin: ['report', 'assist', 'recover'],
	unit_manager: ['report', 'recover'],
	facilitator: ['assist', 'recover']
};

/**
 * Whether the viewer may see a unit or person for a purpose. Pure: the caller passes the agency tree,
 * so the rule is tested for every role and unit pair without a database.
 */
export function canSee(viewer: Viewer, unit: UnitRef, tree: AgencyTree, purpose: Purpose = 'report'): boolean {
	// Everyone sees their own data; nobody recovers their own account, which would skip the person
	// who checks, face to face, that the one asking for the code is the account's owner.
	if (unit.kind === 'person' && unit.personId === viewer.personId) return purpose !== 'recover';
	return viewer.grants.some((grant) => grantCovers(grant, unit, tree, purpose));
}

function grantCovers(grant: Grant, unit: UnitRef, tree: AgencyTree, purpose: Purpose): boolean {
	if (!ROLE_PURPOSES[grant.role]?.includes(purpose)) return false;
	if (grant.role === 'system_admin') return true;
	if (grant.provinceId !== unit.provinceId) return false;
	// A manager recovers the accounts of their unit's staff, not of the residents who live there.
	if (grant.role === 'unit_manager' && purpose === 'recover') return staffCovered(grant, unit, tree);
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

function staffCovered(grant: Grant, unit: UnitRef, tree: AgencyTree): boolean {
	if (unit.kind === 'province' || unit.kind === 'commune' || unit.agencyId === null) return false;
	if (grant.communeId !== null) return agencyInCommune(unit.agencyId, grant.communeId, tree);
	if (grant.agencyId !== null) return agencyUnder(unit.agencyId, grant.agencyId, tree);
	return true;
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

export function agencyUnder(agencyId: number, ancestorId: number, tree: AgencyTree): boolean {
	return [...selfAndAncestors(agencyId, tree)].some((id) => id === ancestorId);
}

/** A commune-level agency (the People's Committee) and its sub-units belong to the commune. */
export function agencyInCommune(agencyId: number, communeId: number, tree: AgencyTree): boolean {
	return [...selfAndAncestors(agencyId, tree)].some((id) => tree.communeOf(id) === communeId);
}

/**
 * The people one grant lets the viewer act on for a purpose, as units a query can filter on: the
 * same rule as `canSee` for people, turned around so that a search asks the database for them
 * instead of testing every person.
 */
export type Reach =
	| { unit: 'everywhere' }
	| { unit: 'province'; provinceId: number; people: 'everyone' | 'staff' }
	/** Residents: people living in the commune; staff: people working in its commune-level agencies. */
	| { unit: 'commune'; provinceId: number; communeId: number; people: 'everyone' | 'residents' | 'staff' }
	/** Staff of the agency and of the units under it. */
	| { unit: 'agency'; provinceId: number; agencyId: number };

/** Null when the grant covers nobody for this purpose. */
export function grantReach(grant: Grant, purpose: Purpose): Reach | null {
	if (!ROLE_PURPOSES[grant.role]?.includes(purpose)) return null;
	if (grant.role === 'system_admin') return { unit: 'everywhere' };
	const { provinceId, communeId, agencyId } = grant;
	const staffOnly = grant.role === 'unit_manager' && purpose === 'recover';
	if (grant.role === 'facilitator') return communeId === null ? null : { unit: 'commune', provinceId, communeId, people: 'residents' };
	if (communeId !== null) return { unit: 'commune', provinceId, communeId, people: staffOnly ? 'staff' : 'everyone' };
	if (agencyId !== null) return { unit: 'agency', provinceId, agencyId };
	return { unit: 'province', provinceId, people: staffOnly ? 'staff' : 'everyone' };
}

/** How much an account can do: learners act for themselves, staff for others, admins for staff. */
const ROLE_RANK: Record<Role, number> = {
	learner: 0,
	civil_servant: 0,
	facilitator: 1,
	unit_manager: 1,
	province_admin: 2,
	system_admin: 3
};

const rank = (grants: readonly Pick<Grant, 'role'>[]) => Math.max(0, ...grants.map((g) => ROLE_RANK[g.role]));

/**
 * Whether the viewer may take over an account's password (recovery): only accounts that can do
 * less than the viewer's own, so a facilitator cannot reset a manager's password and a province
 * admin cannot reset another admin's.
 */
export function outranks(viewer: Viewer, targetGrants: readonly Pick<Grant, 'role'>[]): boolean {
	const target = rank(targetGrants);
	return target === 0 || target < rank(viewer.grants);
}
