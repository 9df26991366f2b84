import type { Catalog } from '../content/catalog';
import type { Criterion } from '../content/schema';
import type { DbOrTx } from '../db/client';
import { loadAgencyTree } from '../people/agency-tree';
import { criterionFacts } from './facts';
import { criterionPopulation } from './population';
import { reportInstant } from './report';
import { type PersonStatus, personStatus } from './status';

export interface PersonCriterion {
	criterion: Criterion;
	asOf: Date;
	status: PersonStatus;
}

/**
 * The criteria that apply to one person, each with their standing as of the criterion's report
 * instant (today, or the end of a period that is over). `year` keeps only criteria whose period
 * touches that year, for an evaluation period's evidence sheet.
 */
export function personCriteria(db: DbOrTx, catalog: Catalog, person: { id: number; provinceId: number }, now: Date, year?: number): PersonCriterion[] {
	const tree = loadAgencyTree(db, person.provinceId);
	const list: PersonCriterion[] = [];
	for (const criterion of catalog.criteria) {
		if (year !== undefined && (Number(criterion.period.from.slice(0, 4)) > year || Number(criterion.period.to.slice(0, 4)) < year)) continue;
		const asOf = reportInstant(criterion, null, now);
		if (criterionPopulation(db, criterion, person.provinceId, tree, asOf, [person.id]).length === 0) continue;
		const facts = criterionFacts(db, criterion, catalog, person.provinceId, asOf, [person.id]);
		list.push({ criterion, asOf, status: personStatus(criterion, facts.completions.get(person.id) ?? [], facts.activity.get(person.id) ?? new Map(), facts.steps, asOf) });
	}
	return list;
}
