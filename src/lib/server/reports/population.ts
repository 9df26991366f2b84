import { and, eq, gt, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Criterion } from '../content/schema';
import type { DbOrTx } from '../db/client';
import { type StaffGroup, agencies, communes, memberships, people } from '../db/schema';
import type { ProvinceAgencies } from '../people/agency-tree';
import { agencyUnder } from '../auth/scope';

/** A person a criterion applies to, placed where they were at the report's instant. */
export interface PopulationMember {
	personId: number;
	fullName: string;
	anonymised: boolean;
	/** Residents: commune of residence. */
	communeId: number | null;
	/** Civil servants: their agency (never also counted under a commune). */
	agencyId: number | null;
	staffGroup: StaffGroup | null;
}

/** A membership open at that instant: started by then and not ended before. */
const openAt = (asOf: Date) => and(lte(memberships.startedAt, asOf), or(isNull(memberships.endedAt), gt(memberships.endedAt, asOf)));

/**
 * Who the criterion applies to in a province at an instant, from membership history rather than
 * today's placement, so a report for a past period keeps the people it had. Merged-away accounts
 * are left out (their records moved to the survivor); anonymised people still count.
 */
export function criterionPopulation(db: DbOrTx, criterion: Criterion, provinceId: number, tree: ProvinceAgencies, asOf: Date, onlyPersonIds?: readonly number[]): PopulationMember[] {
	const person = {
		personId: people.id,
		fullName: people.fullName,
		anonymisedAt: people.anonymisedAt
	};
	const stillHere = and(
		eq(people.provinceId, provinceId),
		onlyPersonIds !== undefined ? inArray(people.id, [...onlyPersonIds]) : undefined,
		isNull(people.mergedIntoId)
	);
	// Leaving the service ends counting as staff, not living in a commune.
	const inService = or(isNull(people.leftServiceAt), gt(people.leftServiceAt, asOf));
	const { appliesTo } = criterion;
	const members: PopulationMember[] = [];
	const seen = new Set<number>();
	if (appliesTo.people === 'civil_servants') {
		const listed = appliesTo.agencies === 'all' ? null : listedAgencies(db, provinceId, appliesTo.agencies);
		const rows = db
			.select({ ...person, agencyId: memberships.agencyId, staffGroup: memberships.staffGroup })
			.from(memberships)
			.innerJoin(people, eq(people.id, memberships.personId))
			.where(and(eq(memberships.kind, 'agency'), openAt(asOf), stillHere, inService, inArray(memberships.staffGroup, appliesTo.staffGroups)))
			.orderBy(sql`${memberships.startedAt} DESC`)
			.all();
		for (const row of rows) {
			if (seen.has(row.personId) || row.agencyId === null) continue;
			if (listed && !listed.some((id) => agencyUnder(row.agencyId!, id, tree))) continue;
			seen.add(row.personId);
			members.push({ personId: row.personId, fullName: row.fullName, anonymised: row.anonymisedAt !== null, communeId: null, agencyId: row.agencyId, staffGroup: row.staffGroup });
		}
		return members;
	}
	const listed = appliesTo.communes === 'all' ? null : new Set(listedCommunes(db, provinceId, appliesTo.communes));
	// Age in the year the period ends: who turns 15 that year counts as 15.
	const year = Number(criterion.period.to.slice(0, 4));
	// Correlated, so a query for a few people looks up only theirs (memberships_person).
	const staff = alias(memberships, 'staff');
	const staffNow = db
		.select({ one: sql`1` })
		.from(staff)
		.where(and(eq(staff.personId, memberships.personId), eq(staff.kind, 'agency'), lte(staff.startedAt, asOf), or(isNull(staff.endedAt), gt(staff.endedAt, asOf))));
	const rows = db
		.select({ ...person, communeId: memberships.communeId, birthYear: people.birthYear })
		.from(memberships)
		.innerJoin(people, eq(people.id, memberships.personId))
		.where(
			and(
				eq(memberships.kind, 'residence'),
				openAt(asOf),
				stillHere,
				// Civil servants count under their agency only: never twice.
				notExists(staffNow),
				appliesTo.ageFrom !== undefined ? lte(people.birthYear, year - appliesTo.ageFrom) : undefined,
				appliesTo.ageTo !== undefined ? sql`${people.birthYear} >= ${year - appliesTo.ageTo}` : undefined
			)
		)
		.orderBy(sql`${memberships.startedAt} DESC`)
		.all();
	for (const row of rows) {
		if (seen.has(row.personId) || row.communeId === null) continue;
		if (listed && !listed.has(row.communeId)) continue;
		seen.add(row.personId);
		members.push({ personId: row.personId, fullName: row.fullName, anonymised: row.anonymisedAt !== null, communeId: row.communeId, agencyId: null, staffGroup: null });
	}
	return members;
}

/** Agency codes of a criterion as ids in the province; codes the province does not have match nobody. */
function listedAgencies(db: DbOrTx, provinceId: number, codes: string[]): number[] {
	return db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.provinceId, provinceId), inArray(agencies.code, codes))).all().map((row) => row.id);
}

function listedCommunes(db: DbOrTx, provinceId: number, codes: string[]): number[] {
	return db.select({ id: communes.id }).from(communes).where(and(eq(communes.provinceId, provinceId), inArray(communes.code, codes))).all().map((row) => row.id);
}

