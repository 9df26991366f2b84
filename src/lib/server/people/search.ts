import { type SQL, and, asc, eq, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { displayPhone } from '../../phone';
import { activeGrants } from '../auth/accounts';
import { type Purpose, type Reach, type Viewer, agencyInCommune, agencyUnder, canSee, grantReach, outranks } from '../auth/scope';
import type { DbOrTx } from '../db/client';
import { agencies, communes, people, provinces } from '../db/schema';
import { type ProvinceAgencies, agencyTrees } from './agency-tree';
import { personMatches } from './person-query';

export const PEOPLE_PAGE_SIZE = 25;

export interface PersonSummary {
	id: number;
	fullName: string;
	username: string;
	birthYear: number | null;
	commune: string | null;
	agency: string | null;
}

export interface PeoplePage {
	people: PersonSummary[];
	page: number;
	hasNext: boolean;
}

/** What a staff member sees of a person before acting on their account. */
export interface PersonCard extends PersonSummary {
	phone: string | null;
	hamlet: string | null;
	position: string | null;
	disabled: boolean;
	/** The account can do as much as the viewer or more: only a higher admin may reset its password. */
	needsHigherAdmin: boolean;
}

/**
 * People the viewer may act on for a purpose, whose name (without diacritics, any case), username
 * or phone number matches the query; everyone in scope when the query is empty. Sorted by folded
 * name, a page of 25 at a time. The scope is a WHERE clause, so the database reads only the
 * viewer's units (through people(commune_id, search_name) and people(agency_id, search_name));
 * each row is then checked again with `canSee`, so a mistake in the SQL cannot show a stranger.
 */
export function searchPeopleInScope(db: DbOrTx, viewer: Viewer, options: { query: string; purpose: Purpose; page: number }): PeoplePage {
	const page = Math.max(1, Math.floor(options.page));
	const treeOf = agencyTrees(db);
	const scope = scopeCondition(viewer, options.purpose, treeOf);
	if (scope === null) return { people: [], page, hasNext: false };
	const rows = db
		.select({ ...summaryColumns, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId })
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(and(live, scope, personMatches(options.query)))
		.orderBy(asc(people.searchName), asc(people.id))
		// One row more than a page says whether there is a next page without counting the unit.
		.limit(PEOPLE_PAGE_SIZE + 1)
		.offset((page - 1) * PEOPLE_PAGE_SIZE)
		.all();
	const visible = rows
		.slice(0, PEOPLE_PAGE_SIZE)
		.filter((row) => canSee(viewer, personRef(row), treeOf(row.provinceId), options.purpose))
		.map(({ provinceId: _p, communeId: _c, agencyId: _a, ...summary }) => summary);
	return { people: visible, page, hasNext: rows.length > PEOPLE_PAGE_SIZE };
}

/**
 * The person's card when the viewer may act on them for the purpose; null otherwise, and null for
 * ids nobody has, so that guessing ids never tells whether a person exists.
 */
export function personInScope(db: DbOrTx, viewer: Viewer, personId: number, purpose: Purpose): PersonCard | null {
	const found = scopedPerson(db, viewer, personId, purpose);
	if (!found) return null;
	const { provinceId: _p, communeId: _c, agencyId: _a, ...card } = found;
	return card;
}

/** The person with the unit ids the audit log records, when in the viewer's scope. */
export function scopedPerson(
	db: DbOrTx,
	viewer: Viewer,
	personId: number,
	purpose: Purpose
): (PersonCard & { provinceId: number; communeId: number | null; agencyId: number | null }) | null {
	const row = db
		.select({
			...summaryColumns,
			provinceId: people.provinceId,
			communeId: people.communeId,
			agencyId: people.agencyId,
			phone: people.phone,
			hamlet: people.hamlet,
			position: people.position,
			disabledAt: people.disabledAt
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(and(eq(people.id, personId), live))
		.get();
	if (!row || !canSee(viewer, personRef(row), agencyTrees(db)(row.provinceId), purpose)) return null;
	const { disabledAt, phone, ...rest } = row;
	return {
		...rest,
		phone: phone === null ? null : displayPhone(phone),
		disabled: disabledAt !== null,
		needsHigherAdmin: !outranks(viewer, activeGrants(db, row.id))
	};
}

/** One line of "who you can act on", for the top of a page: a kind of people in a named unit. */
export type ScopeLine =
	| { unit: 'everywhere' }
	| { unit: 'province'; name: string; people: 'everyone' | 'staff' }
	| { unit: 'commune'; name: string; people: 'everyone' | 'residents' | 'staff' }
	| { unit: 'agency'; name: string; people: 'staff' };

export function describeScope(db: DbOrTx, viewer: Viewer, purpose: Purpose): ScopeLine[] {
	const lines = viewer.grants.flatMap((grant) => {
		const reach = grantReach(grant, purpose);
		return reach ? [scopeLine(db, reach)] : [];
	});
	const unique = new Map(lines.filter((line) => line !== null).map((line) => [JSON.stringify(line), line]));
	return [...unique.values()];
}

function scopeLine(db: DbOrTx, reach: Reach): ScopeLine | null {
	switch (reach.unit) {
		case 'everywhere':
			return { unit: 'everywhere' };
		case 'province': {
			const row = db.select({ name: provinces.name }).from(provinces).where(eq(provinces.id, reach.provinceId)).get();
			return row ? { unit: 'province', name: row.name, people: reach.people } : null;
		}
		case 'commune': {
			const row = db.select({ name: communes.name }).from(communes).where(eq(communes.id, reach.communeId)).get();
			return row ? { unit: 'commune', name: row.name, people: reach.people } : null;
		}
		case 'agency': {
			const row = db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, reach.agencyId)).get();
			return row ? { unit: 'agency', name: row.name, people: 'staff' } : null;
		}
	}
}

const summaryColumns = {
	id: people.id,
	fullName: people.fullName,
	username: people.username,
	birthYear: people.birthYear,
	commune: communes.name,
	agency: agencies.name
};

/** Anonymised people are kept only for counts, and merged accounts live on in the one they joined. */
const live = and(isNull(people.anonymisedAt), isNull(people.mergedIntoId));

const personRef = (row: { id: number; provinceId: number; communeId: number | null; agencyId: number | null }) =>
	({ kind: 'person', personId: row.id, provinceId: row.provinceId, communeId: row.communeId, agencyId: row.agencyId }) as const;

/**
 * The viewer's grants as a WHERE clause on people: undefined when it covers everybody, null when
 * nobody. The same rule as `canSee`, including the viewer themselves (seen for any purpose but
 * recovery), so the two can be compared person by person.
 */
function scopeCondition(viewer: Viewer, purpose: Purpose, treeOf: (provinceId: number) => ProvinceAgencies): SQL | undefined | null {
	const reaches = viewer.grants.map((grant) => grantReach(grant, purpose)).filter((reach) => reach !== null);
	const self = purpose === 'recover' ? ne(people.id, viewer.personId) : eq(people.id, viewer.personId);
	if (reaches.some((reach) => reach.unit === 'everywhere')) return purpose === 'recover' ? self : undefined;
	const units = reaches
		.filter((reach) => reach.unit !== 'everywhere')
		.map((reach) => reachCondition(reach, treeOf))
		.filter((clause) => clause !== undefined);
	if (purpose !== 'recover') return or(...units, self);
	return units.length > 0 ? and(or(...units), self) : null;
}

/**
 * One grant's people as a condition. Commune and agency ids already pin their province, so only the
 * province-wide reach filters on province_id: a province_id term beside commune_id would tempt
 * SQLite to walk people(province_id, search_name), the whole province, instead of the commune's
 * own index. (A row whose province disagrees with its commune would still be dropped by canSee.)
 */
function reachCondition(reach: Exclude<Reach, { unit: 'everywhere' }>, treeOf: (provinceId: number) => ProvinceAgencies): SQL | undefined {
	const staffOf = (agencyIds: number[]) => (agencyIds.length > 0 ? inArray(people.agencyId, agencyIds) : undefined);
	switch (reach.unit) {
		case 'province': {
			const inProvince = eq(people.provinceId, reach.provinceId);
			return reach.people === 'staff' ? and(inProvince, isNotNull(people.agencyId)) : inProvince;
		}
		case 'agency': {
			const tree = treeOf(reach.provinceId);
			return staffOf(tree.ids.filter((id) => agencyUnder(id, reach.agencyId, tree)));
		}
		case 'commune': {
			const tree = treeOf(reach.provinceId);
			const residents = reach.people === 'staff' ? undefined : eq(people.communeId, reach.communeId);
			const staff = reach.people === 'residents' ? undefined : staffOf(tree.ids.filter((id) => agencyInCommune(id, reach.communeId, tree)));
			return or(residents, staff);
		}
	}
}

