import { and, eq } from 'drizzle-orm';
import { type Viewer, agencyInCommune, canSee } from '../auth/scope';
import type { Catalog } from '../content/catalog';
import type { Criterion } from '../content/schema';
import type { DbOrTx } from '../db/client';
import { type StaffGroup, agencies, communes, criterionDenominators, provinces } from '../db/schema';
import { type ProvinceAgencies, loadAgencyTree } from '../people/agency-tree';
import { DAY_MS, vietnamDayEnd, vietnamDayOf } from '../../vietnam-day';
import { criterionFacts } from './facts';
import { type PopulationMember, criterionPopulation } from './population';
import { type CriterionState, type PersonStatus, criterionWindow, personStatus } from './status';

export type ReportUnitRef = { kind: 'province' } | { kind: 'commune'; id: number } | { kind: 'agency'; id: number };

export const UNIT_SORTS = ['name', 'inScope', 'met', 'percent'] as const;
export const PEOPLE_SORTS = ['name', 'state', 'percent'] as const;
export const PEOPLE_PAGE_SIZE = 50;

/** What a report is asked for; every field already checked (see parseReportQuery). */
export interface ReportQuery {
	criterionId: string;
	unit: ReportUnitRef;
	/** The day the report is computed at the end of; null: today, or the period's end if it is over. */
	asOf: string | null;
	/** Narrow the rule to one of the criterion's courses. */
	courseId: string | null;
	staffGroup: StaffGroup | null;
	/** Commune type (xa, phuong, dac_khu) or agency level (province, commune). */
	unitType: string | null;
	unitSort: (typeof UNIT_SORTS)[number];
	peopleSort: (typeof PEOPLE_SORTS)[number];
	descending: boolean;
	/** Only people in this state. */
	state: CriterionState | null;
	page: number;
	/** Exports: everyone under the unit (not only those placed in it), unpaged. */
	everyone?: boolean;
}

export interface Tally {
	inScope: number;
	met: number;
	late: number;
	inProgress: number;
	notStarted: number;
	overdue: number;
	/** Met a week before the report's instant: the headline's "change since last week". */
	metWeekAgo: number;
	/** Whom the target counts against: entered by the province, or the people in scope. */
	denominator: number;
	denominatorEntered: boolean;
	targetPeople: number;
	/** Met as a share of the denominator, 0–100; null when there is nobody to count. */
	percent: number | null;
	behind: boolean;
}

export interface UnitRow extends Tally {
	unit: Exclude<ReportUnitRef, { kind: 'province' }>;
	name: string;
	type: string;
}

export interface PersonRow extends PersonStatus {
	personId: number;
	/** Every unit the person counts in ("c:12", "a:5"), so exports can group people by row. */
	unitKeys: string[];
	fullName: string;
	anonymised: boolean;
	staffGroup: StaffGroup | null;
	unitName: string;
}

export interface CriterionReport {
	criterion: Criterion;
	asOf: Date;
	provinceName: string;
	/** The report's unit and the units above it that the viewer may open, top first. */
	trail: { unit: ReportUnitRef; name: string }[];
	unitName: string;
	/** False when the criterion's people are not counted in this unit (residents in an agency). */
	applies: boolean;
	headline: Tally;
	units: UnitRow[];
	/** People placed directly in the unit, sorted, one page. */
	people: { rows: PersonRow[]; total: number; page: number; pages: number };
	/** Met at the end of each week of the period up to the report's instant. */
	trend: { day: string; met: number }[];
}

export type ReportOutcome = { status: 'ok'; report: CriterionReport } | { status: 'not-found' } | { status: 'forbidden' };

/** The instant a report is computed at: the end of the chosen day, never after the period or now. */
export function reportInstant(criterion: Criterion, day: string | null, now: Date): Date {
	const { to } = criterionWindow(criterion);
	const chosen = day === null ? now : vietnamDayEnd(day);
	const latest = to < now ? to : now;
	return chosen < latest ? chosen : latest;
}

interface Units {
	provinceName: string;
	communes: Map<number, { name: string; type: string }>;
	agencies: Map<number, { name: string; level: string; communeId: number | null; parentId: number | null }>;
	tree: ProvinceAgencies;
}

function loadUnits(db: DbOrTx, provinceId: number): Units | null {
	const province = db.select({ name: provinces.name }).from(provinces).where(eq(provinces.id, provinceId)).get();
	if (!province) return null;
	return {
		provinceName: province.name,
		communes: new Map(db.select({ id: communes.id, name: communes.name, type: communes.type }).from(communes).where(eq(communes.provinceId, provinceId)).all().map(({ id, ...rest }) => [id, rest])),
		agencies: new Map(
			db
				.select({ id: agencies.id, name: agencies.name, level: agencies.level, communeId: agencies.communeId, parentId: agencies.parentAgencyId })
				.from(agencies)
				.where(eq(agencies.provinceId, provinceId))
				.all()
				.map(({ id, ...rest }) => [id, rest])
		),
		tree: loadAgencyTree(db, provinceId)
	};
}

export const key = (unit: ReportUnitRef) => (unit.kind === 'province' ? 'p' : `${unit.kind[0]}:${unit.id}`);

/** Every unit a person counts in: the province, their commune, or their agency and all above it. */
function unitsOf(member: PopulationMember, units: Units): string[] {
	if (member.agencyId === null) return ['p', `c:${member.communeId}`];
	const keys = new Set(['p']);
	let current: number | null = member.agencyId;
	for (let depth = 0; current !== null && depth < 32; depth++) {
		keys.add(`a:${current}`);
		const communeId = units.agencies.get(current)?.communeId;
		if (communeId != null) keys.add(`c:${communeId}`);
		current = units.agencies.get(current)?.parentId ?? null;
	}
	return [...keys];
}

/** The units shown as rows under a unit: communes or agencies, one level down. */
function childUnits(criterion: Criterion, unit: ReportUnitRef, units: Units): Exclude<ReportUnitRef, { kind: 'province' }>[] {
	const staff = criterion.appliesTo.people === 'civil_servants';
	const agencyIds = [...units.agencies.keys()];
	if (unit.kind === 'province') {
		return staff ? agencyIds.filter((id) => units.agencies.get(id)?.parentId === null).map((id) => ({ kind: 'agency', id })) : [...units.communes.keys()].map((id) => ({ kind: 'commune', id }));
	}
	if (!staff) return [];
	if (unit.kind === 'commune') {
		// The commune's own agencies at their top: the People's Committee, not its sub-units.
		return agencyIds
			.filter((id) => {
				const agency = units.agencies.get(id);
				if (!agency || !agencyInCommune(id, unit.id, units.tree)) return false;
				return agency.parentId === null || !agencyInCommune(agency.parentId, unit.id, units.tree);
			})
			.map((id) => ({ kind: 'agency', id }));
	}
	return agencyIds.filter((id) => units.agencies.get(id)?.parentId === unit.id).map((id) => ({ kind: 'agency', id }));
}

function unitExists(unit: ReportUnitRef, units: Units): boolean {
	return unit.kind === 'province' || (unit.kind === 'commune' ? units.communes.has(unit.id) : units.agencies.has(unit.id));
}

function unitName(unit: ReportUnitRef, units: Units): string {
	if (unit.kind === 'province') return units.provinceName;
	return (unit.kind === 'commune' ? units.communes.get(unit.id)?.name : units.agencies.get(unit.id)?.name) ?? '';
}

/** The units above, from the province down, as far as the viewer may open them. */
function trailTo(viewer: Viewer, provinceId: number, unit: ReportUnitRef, units: Units): { unit: ReportUnitRef; name: string }[] {
	const chain: ReportUnitRef[] = [unit];
	if (unit.kind === 'agency') {
		let parent = units.agencies.get(unit.id)?.parentId ?? null;
		for (let depth = 0; parent !== null && depth < 32; depth++) {
			chain.unshift({ kind: 'agency', id: parent });
			parent = units.agencies.get(parent)?.parentId ?? null;
		}
		const communeId = units.agencies.get((chain[0] as { id: number }).id)?.communeId;
		if (communeId != null) chain.unshift({ kind: 'commune', id: communeId });
	}
	if (unit.kind !== 'province') chain.unshift({ kind: 'province' });
	return chain.filter((step) => canSee(viewer, scopeRef(step, provinceId), units.tree)).map((step) => ({ unit: step, name: unitName(step, units) }));
}

export function scopeRef(unit: ReportUnitRef, provinceId: number) {
	if (unit.kind === 'province') return { kind: 'province' as const, provinceId };
	if (unit.kind === 'commune') return { kind: 'commune' as const, provinceId, communeId: unit.id };
	return { kind: 'agency' as const, provinceId, agencyId: unit.id };
}

function emptyTally(): Tally {
	return { inScope: 0, met: 0, late: 0, inProgress: 0, notStarted: 0, overdue: 0, metWeekAgo: 0, denominator: 0, denominatorEntered: false, targetPeople: 0, percent: null, behind: false };
}

/** The criterion with its rule narrowed to one course, for the course filter. */
export function narrowToCourse(criterion: Criterion, courseId: string | null): Criterion {
	if (courseId === null) return criterion;
	return { ...criterion, met: { ...criterion.met, rule: 'all', courses: [courseId], count: undefined } };
}

/** The people and statuses of a criterion in a province at an instant, after the population filters. */
export function criterionStatuses(db: DbOrTx, catalog: Catalog, criterion: Criterion, provinceId: number, tree: ProvinceAgencies, asOf: Date, narrow: (member: PopulationMember) => boolean = () => true) {
	const population = criterionPopulation(db, criterion, provinceId, tree, asOf).filter(narrow);
	const facts = criterionFacts(db, criterion, catalog, provinceId, asOf, population.map((m) => m.personId));
	const noActivity = new Map();
	return population.map((member) => ({
		member,
		status: personStatus(criterion, facts.completions.get(member.personId) ?? [], facts.activity.get(member.personId) ?? noActivity, facts.steps, asOf)
	}));
}

/**
 * A criterion's report for one unit, as the viewer may see it: headline, the units one level
 * down, the people placed in the unit and the weekly trend. Safe on every id: a unit out of the
 * viewer's scope answers forbidden; one that does not exist, or is in another province, not-found.
 */
export function criterionReport(db: DbOrTx, catalog: Catalog, viewer: Viewer, provinceId: number, query: ReportQuery, now: Date): ReportOutcome {
	const found = catalog.criteria.find((c) => c.id === query.criterionId);
	const units = loadUnits(db, provinceId);
	if (!found || !units || !unitExists(query.unit, units)) return { status: 'not-found' };
	if (!canSee(viewer, scopeRef(query.unit, provinceId), units.tree)) return { status: 'forbidden' };
	const criterion = narrowToCourse(found, query.courseId);
	const asOf = reportInstant(found, query.asOf, now);
	const weekAgo = new Date(+asOf - 7 * DAY_MS);
	const staff = criterion.appliesTo.people === 'civil_servants';

	const narrow = (member: PopulationMember) => {
		if (query.staffGroup && member.staffGroup !== query.staffGroup) return false;
		if (!query.unitType) return true;
		return member.agencyId !== null ? units.agencies.get(member.agencyId)?.level === query.unitType : units.communes.get(member.communeId!)?.type === query.unitType;
	};
	const statuses = criterionStatuses(db, catalog, criterion, provinceId, units.tree, asOf, narrow);

	const here = key(query.unit);
	const tallies = new Map<string, Tally>();
	const metDays: Date[] = [];
	const direct: { member: PopulationMember; status: PersonStatus; keys: string[] }[] = [];
	for (const entry of statuses) {
		const keys = unitsOf(entry.member, units);
		if (!keys.includes(here)) continue;
		for (const unitKey of keys) {
			let tally = tallies.get(unitKey);
			if (!tally) tallies.set(unitKey, (tally = emptyTally()));
			count(tally, entry.status, weekAgo);
		}
		if (entry.status.metAt) metDays.push(entry.status.metAt);
		const placedHere = query.unit.kind === 'commune' ? entry.member.agencyId === null && entry.member.communeId === query.unit.id : query.unit.kind === 'agency' && entry.member.agencyId === query.unit.id;
		if (placedHere || query.everyone) direct.push({ ...entry, keys });
	}

	const entered = criterion.target.denominator === 'entered' ? enteredDenominators(db, criterion.id, provinceId) : new Map<string, number>();
	const typeMatches = (unit: Exclude<ReportUnitRef, { kind: 'province' }>) =>
		!query.unitType || (unit.kind === 'commune' ? units.communes.get(unit.id)?.type : units.agencies.get(unit.id)?.level) === query.unitType;
	const finish = (unit: ReportUnitRef, depth = 0): Tally => {
		const tally = { ...(tallies.get(key(unit)) ?? emptyTally()) };
		const value = entered.get(key(unit));
		if (value !== undefined) {
			tally.denominator = value;
			tally.denominatorEntered = true;
		} else if (entered.size > 0 && depth < 32) {
			// Units without their own number add up those below them, and count their own people.
			const children = childUnits(criterion, unit, units).filter(typeMatches).map((child) => finish(child, depth + 1));
			const placedHere = tally.inScope - children.reduce((sum, child) => sum + child.inScope, 0);
			tally.denominator = Math.max(0, placedHere) + children.reduce((sum, child) => sum + child.denominator, 0);
			tally.denominatorEntered = children.some((child) => child.denominatorEntered);
		} else tally.denominator = tally.inScope;
		// max(0, …): for nobody, ceil(-1e-9) is -0, which the page's number format prints as "-0".
		tally.targetPeople = Math.max(0, Math.ceil((criterion.target.percent * tally.denominator) / 100 - 1e-9));
		tally.percent = tally.denominator === 0 ? null : (100 * tally.met) / tally.denominator;
		tally.behind = tally.met < tally.targetPeople;
		return tally;
	};

	const rows: UnitRow[] = childUnits(criterion, query.unit, units)
		.filter(typeMatches)
		.map((unit) => {
			const agency = unit.kind === 'agency' ? units.agencies.get(unit.id) : undefined;
			return { unit, name: unitName(unit, units), type: agency ? agency.level : (units.communes.get(unit.id)?.type ?? ''), ...finish(unit) };
		})
		// Communes nobody counts in and nobody set a number for would only lengthen the table.
		.filter((row) => row.inScope > 0 || row.denominatorEntered);
	sortUnits(rows, query.unitSort, query.descending);

	const people = direct.map(({ member, status, keys }): PersonRow => ({
		personId: member.personId,
		unitKeys: keys,
		fullName: member.fullName,
		anonymised: member.anonymised,
		staffGroup: member.staffGroup,
		unitName: member.agencyId !== null ? (units.agencies.get(member.agencyId)?.name ?? '') : (units.communes.get(member.communeId!)?.name ?? ''),
		...status
	}));
	const shown = query.state ? people.filter((person) => person.state === query.state) : people;
	sortPeople(shown, query.peopleSort, query.descending);
	const pageSize = query.everyone ? Math.max(1, shown.length) : PEOPLE_PAGE_SIZE;
	const pages = Math.max(1, Math.ceil(shown.length / pageSize));
	const page = Math.min(query.page, pages);

	return {
		status: 'ok',
		report: {
			criterion: found,
			asOf,
			provinceName: units.provinceName,
			trail: trailTo(viewer, provinceId, query.unit, units),
			unitName: unitName(query.unit, units),
			applies: staff ? true : query.unit.kind !== 'agency',
			headline: finish(query.unit),
			units: rows,
			people: { rows: shown.slice((page - 1) * pageSize, page * pageSize), total: shown.length, page, pages },
			trend: weeklyTrend(criterion, asOf, metDays)
		}
	};
}

function count(tally: Tally, status: PersonStatus, weekAgo: Date) {
	tally.inScope++;
	if (status.state === 'met') tally.met++;
	else if (status.state === 'in_progress') tally.inProgress++;
	else if (status.state === 'not_started') tally.notStarted++;
	else tally.overdue++;
	if (status.late) tally.late++;
	if (status.metAt && status.metAt <= weekAgo) tally.metWeekAgo++;
}

function enteredDenominators(db: DbOrTx, criterionId: string, provinceId: number): Map<string, number> {
	const rows = db
		.select({ communeId: criterionDenominators.communeId, agencyId: criterionDenominators.agencyId, people: criterionDenominators.people })
		.from(criterionDenominators)
		.where(and(eq(criterionDenominators.criterionId, criterionId), eq(criterionDenominators.provinceId, provinceId)))
		.all();
	return new Map(rows.map((row) => [row.communeId !== null ? `c:${row.communeId}` : `a:${row.agencyId}`, row.people]));
}

/** Met people at the end of each week, counted back from the report's instant to the period's start. */
function weeklyTrend(criterion: Criterion, asOf: Date, metDays: Date[]): { day: string; met: number }[] {
	const { from } = criterionWindow(criterion);
	const sorted = metDays.map(Number).sort((a, b) => a - b);
	const ends: number[] = [];
	for (let end = +asOf; end >= +from && ends.length < 53; end -= 7 * DAY_MS) ends.unshift(end);
	let met = 0;
	return ends.map((end) => {
		while (met < sorted.length && sorted[met]! <= end) met++;
		return { day: vietnamDayOf(end), met };
	});
}

const collator = new Intl.Collator('vi');
const STATE_ORDER: Record<CriterionState, number> = { overdue: 0, not_started: 1, in_progress: 2, met: 3 };

function sortUnits(rows: UnitRow[], sort: ReportQuery['unitSort'], descending: boolean) {
	const by: Record<ReportQuery['unitSort'], (a: UnitRow, b: UnitRow) => number> = {
		name: (a, b) => collator.compare(a.name, b.name),
		inScope: (a, b) => a.inScope - b.inScope,
		met: (a, b) => a.met - b.met,
		percent: (a, b) => (a.percent ?? -1) - (b.percent ?? -1)
	};
	rows.sort((a, b) => (descending ? -1 : 1) * (by[sort](a, b) || collator.compare(a.name, b.name)));
}

function sortPeople(rows: PersonRow[], sort: ReportQuery['peopleSort'], descending: boolean) {
	const by: Record<ReportQuery['peopleSort'], (a: PersonRow, b: PersonRow) => number> = {
		name: (a, b) => collator.compare(a.fullName, b.fullName),
		state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
		percent: (a, b) => a.percent - b.percent
	};
	rows.sort((a, b) => (descending ? -1 : 1) * (by[sort](a, b) || collator.compare(a.fullName, b.fullName)));
}
