import { and, eq } from 'drizzle-orm';
import { type Viewer, agencyInCommune, canSee } from '../auth/scope';
import type { Catalog } from '../content/catalog';
import type { Criterion } from '../content/schema';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type StaffGroup, agencies, communes, criterionDenominators, provinces } from '../db/schema';
import { type ProvinceAgencies, loadAgencyTree } from '../people/agency-tree';
import { vietnameseSortKey } from '../../search-name';
import { DAY_MS, vietnamDayEnd, vietnamDayOf } from '../../vietnam-day';
import { criterionFacts } from './facts';
import { type PopulationMember, criterionPopulation } from './population';
import { currentInstant, narrowToCourse, refreshStandings, standingMetDays, standingPeople, standingTallies, variantId } from './standings';
import { type CriterionState, type PersonStatus, criterionWindow, personStatus } from './status';

export { narrowToCourse } from './standings';

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
function unitsOf(member: Pick<PopulationMember, 'agencyId' | 'communeId'>, units: Units): string[] {
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

/** The people and statuses of a criterion in a province at an instant, after the population filters. */
export function criterionStatuses(
	db: DbOrTx,
	catalog: Catalog,
	criterion: Criterion,
	provinceId: number,
	tree: ProvinceAgencies,
	asOf: Date,
	narrow: (member: PopulationMember) => boolean = () => true,
	personIds?: readonly number[]
) {
	const population = criterionPopulation(db, criterion, provinceId, tree, asOf, personIds).filter(narrow);
	const facts = criterionFacts(db, criterion, catalog, provinceId, asOf, population.map((m) => m.personId));
	const noActivity = new Map();
	return population.map((member) => ({
		member,
		status: personStatus(criterion, facts.completions.get(member.personId) ?? [], facts.activity.get(member.personId) ?? noActivity, facts.steps, asOf)
	}));
}

/** The day whose end "a week ago" stands for: seven Vietnam days before the report's day. */
const weekAgoDayOf = (asOf: Date) => vietnamDayOf(+asOf - 7 * DAY_MS);

type Placed = Pick<PopulationMember, 'agencyId' | 'communeId' | 'staffGroup'>;
type Entry = { member: PopulationMember; status: PersonStatus; keys: string[] };

/** What a report counts, from either source: tallies per unit key, met people per day, one page of people. */
interface Counted {
	tallies: Map<string, Tally>;
	metPerDay: Map<string, number>;
	people: { entries: Entry[]; total: number; page: number; pages: number };
}

interface CountContext {
	db: DbOrTx;
	catalog: Catalog;
	criterion: Criterion;
	provinceId: number;
	units: Units;
	query: ReportQuery;
	asOf: Date;
	here: string;
	narrow: (member: Placed) => boolean;
	afterDeadline: boolean;
}

/** Counted from the records themselves: any instant, every person; a province's population per request. */
function countFromRecords({ db, catalog, criterion, provinceId, units, query, asOf, here, narrow, afterDeadline }: CountContext): Counted {
	const weekAgo = vietnamDayEnd(weekAgoDayOf(asOf));
	const tallies = new Map<string, Tally>();
	const metPerDay = new Map<string, number>();
	const direct: Entry[] = [];
	for (const entry of criterionStatuses(db, catalog, criterion, provinceId, units.tree, asOf, narrow)) {
		const keys = unitsOf(entry.member, units);
		if (!keys.includes(here)) continue;
		const { status } = entry;
		const counts = {
			inScope: 1,
			met: status.state === 'met' ? 1 : 0,
			started: status.state === 'in_progress' ? 1 : 0,
			late: status.late ? 1 : 0,
			metWeekAgo: status.metAt && status.metAt <= weekAgo ? 1 : 0
		};
		for (const unitKey of keys) count(tallyOf(tallies, unitKey), counts, afterDeadline);
		if (status.metAt) {
			const day = vietnamDayOf(status.metAt);
			metPerDay.set(day, (metPerDay.get(day) ?? 0) + 1);
		}
		const placedHere = query.unit.kind === 'commune' ? entry.member.agencyId === null && entry.member.communeId === query.unit.id : query.unit.kind === 'agency' && entry.member.agencyId === query.unit.id;
		if (placedHere || query.everyone) direct.push({ ...entry, keys });
	}
	const shown = query.state ? direct.filter((entry) => entry.status.state === query.state) : direct;
	sortPeople(shown, query.peopleSort, query.descending);
	const pageSize = query.everyone ? Math.max(1, shown.length) : PEOPLE_PAGE_SIZE;
	const pages = Math.max(1, Math.ceil(shown.length / pageSize));
	const page = Math.min(query.page, pages);
	return { tallies, metPerDay, people: { entries: shown.slice((page - 1) * pageSize, page * pageSize), total: shown.length, page, pages } };
}

/** Counted from the standings kept for today (standings.ts): a few hundred counter rows and one page of people. */
function countFromStandings(context: CountContext, variant: number): Counted {
	const { db, catalog, criterion, provinceId, units, query, asOf, here, narrow, afterDeadline } = context;
	const tallies = new Map<string, Tally>();
	const counted = new Set<string>();
	for (const row of standingTallies(db, variant, provinceId, weekAgoDayOf(asOf))) {
		const member = { ...unitOfKey(row.unitKey), staffGroup: (row.staffGroup || null) as StaffGroup | null };
		if (!narrow(member)) continue;
		const keys = unitsOf(member, units);
		if (!keys.includes(here)) continue;
		counted.add(row.unitKey);
		const counts = { inScope: row.inScope, met: row.met, started: row.started, late: row.late, metWeekAgo: row.met - row.metLastWeek };
		for (const unitKey of keys) count(tallyOf(tallies, unitKey), counts, afterDeadline);
	}
	const everything = here === 'p' && !query.staffGroup && !query.unitType;
	const metPerDay = standingMetDays(db, variant, provinceId, everything ? 'province' : { unitKeys: [...counted], staffGroup: query.staffGroup });

	// People are listed where they are placed: residents in their commune, staff in their agency.
	const staff = criterion.appliesTo.people === 'civil_servants';
	const listsPeople = query.unit.kind === (staff ? 'agency' : 'commune') && narrow({ ...unitOfKey(here), staffGroup: query.staffGroup });
	const listed = listsPeople
		? standingPeople(db, variant, here, { staffGroup: query.staffGroup, state: query.state, afterDeadline, sort: query.peopleSort, descending: query.descending, page: query.page, pageSize: PEOPLE_PAGE_SIZE })
		: { personIds: [], total: 0, page: 1, pages: 1 };
	const found = new Map(criterionStatuses(db, catalog, criterion, provinceId, units.tree, asOf, narrow, listed.personIds).map((entry) => [entry.member.personId, entry]));
	const entries = listed.personIds.flatMap((id) => {
		const entry = found.get(id);
		return entry ? [{ ...entry, keys: unitsOf(entry.member, units) }] : [];
	});
	return { tallies, metPerDay, people: { entries, total: listed.total, page: listed.page, pages: listed.pages } };
}

const unitOfKey = (unitKey: string): Pick<PopulationMember, 'agencyId' | 'communeId'> => {
	const id = Number(unitKey.slice(2));
	return unitKey.startsWith('a:') ? { agencyId: id, communeId: null } : { agencyId: null, communeId: id };
};

function tallyOf(tallies: Map<string, Tally>, unitKey: string): Tally {
	let tally = tallies.get(unitKey);
	if (!tally) tallies.set(unitKey, (tally = emptyTally()));
	return tally;
}

/**
 * A criterion's report for one unit, as the viewer may see it: headline, the units one level
 * down, the people placed in the unit and the weekly trend. Safe on every id: a unit out of the
 * viewer's scope answers forbidden; one that does not exist, or is in another province, not-found.
 * Today's report (and an ended period's) reads the standings kept for it; a past day's, or an
 * export of everyone, counts from the records ('records' forces that, for the tests comparing both).
 */
export function criterionReport(db: AppDatabase, catalog: Catalog, viewer: Viewer, provinceId: number, query: ReportQuery, now: Date, source: 'auto' | 'records' = 'auto'): ReportOutcome {
	const found = catalog.criteria.find((c) => c.id === query.criterionId);
	const units = loadUnits(db, provinceId);
	if (!found || !units || !unitExists(query.unit, units)) return { status: 'not-found' };
	if (!canSee(viewer, scopeRef(query.unit, provinceId), units.tree)) return { status: 'forbidden' };
	const criterion = narrowToCourse(found, query.courseId);
	const asOf = reportInstant(found, query.asOf, now);
	const staff = criterion.appliesTo.people === 'civil_servants';

	const narrow = (member: Placed) => {
		if (query.staffGroup && member.staffGroup !== query.staffGroup) return false;
		if (!query.unitType) return true;
		return member.agencyId !== null ? units.agencies.get(member.agencyId)?.level === query.unitType : units.communes.get(member.communeId!)?.type === query.unitType;
	};
	const afterDeadline = asOf >= criterionWindow(criterion).deadline;
	const context: CountContext = { db, catalog, criterion, provinceId, units, query, asOf, here: key(query.unit), narrow, afterDeadline };
	let counted: Counted | undefined;
	if (source === 'auto' && !query.everyone && +asOf === +currentInstant(found, now)) {
		refreshStandings(db, catalog, now);
		const variant = variantId(db, found.id, query.courseId);
		if (variant !== null) counted = countFromStandings(context, variant);
	}
	counted ??= countFromRecords(context);
	const { tallies } = counted;

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

	const people = counted.people.entries.map(({ member, status, keys }): PersonRow => ({
		personId: member.personId,
		unitKeys: keys,
		fullName: member.fullName,
		anonymised: member.anonymised,
		staffGroup: member.staffGroup,
		unitName: member.agencyId !== null ? (units.agencies.get(member.agencyId)?.name ?? '') : (units.communes.get(member.communeId!)?.name ?? ''),
		...status
	}));

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
			people: { rows: people, total: counted.people.total, page: counted.people.page, pages: counted.people.pages },
			trend: weeklyTrend(criterion, asOf, counted.metPerDay)
		}
	};
}

function count(tally: Tally, counts: { inScope: number; met: number; started: number; late: number; metWeekAgo: number }, afterDeadline: boolean) {
	tally.inScope += counts.inScope;
	tally.met += counts.met;
	tally.late += counts.late;
	tally.metWeekAgo += counts.metWeekAgo;
	// From the deadline's last millisecond everyone unmet is overdue, started or not.
	if (afterDeadline) tally.overdue += counts.inScope - counts.met;
	else {
		tally.inProgress += counts.started;
		tally.notStarted += counts.inScope - counts.met - counts.started;
	}
}

function enteredDenominators(db: DbOrTx, criterionId: string, provinceId: number): Map<string, number> {
	const rows = db
		.select({ communeId: criterionDenominators.communeId, agencyId: criterionDenominators.agencyId, people: criterionDenominators.people })
		.from(criterionDenominators)
		.where(and(eq(criterionDenominators.criterionId, criterionId), eq(criterionDenominators.provinceId, provinceId)))
		.all();
	return new Map(rows.map((row) => [row.communeId !== null ? `c:${row.communeId}` : `a:${row.agencyId}`, row.people]));
}


/**
 * Met people at the end of each week, counted back from the report's instant to the period's
 * start: the latest point is the instant itself, the earlier ones the ends of days a week apart.
 */
function weeklyTrend(criterion: Criterion, asOf: Date, metPerDay: Map<string, number>): { day: string; met: number }[] {
	const { from } = criterionWindow(criterion);
	const days = [...metPerDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
	const ends: string[] = [];
	for (let week = 0; week < 53; week++) {
		const day = vietnamDayOf(+asOf - week * 7 * DAY_MS);
		if ((week === 0 ? asOf : vietnamDayEnd(day)) < from) break;
		ends.unshift(day);
	}
	let met = 0;
	let next = 0;
	return ends.map((end) => {
		while (next < days.length && days[next]![0] <= end) met += days[next++]![1];
		return { day: end, met };
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


/** People sort by vietnameseSortKey, as the standings' index does, so both sources give one order. */
function sortPeople(rows: Entry[], sort: ReportQuery['peopleSort'], descending: boolean) {
	const keys = new Map(rows.map((row) => [row.member.personId, vietnameseSortKey(row.member.fullName)]));
	const byName = (a: PopulationMember, b: PopulationMember) => {
		const [x, y] = [keys.get(a.personId)!, keys.get(b.personId)!];
		return x < y ? -1 : x > y ? 1 : a.personId - b.personId;
	};
	const by: Record<ReportQuery['peopleSort'], (a: Entry, b: Entry) => number> = {
		name: () => 0,
		state: (a, b) => STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state],
		percent: (a, b) => a.status.percent - b.status.percent
	};
	rows.sort((a, b) => (descending ? -1 : 1) * (by[sort](a, b) || byName(a.member, b.member)));
}
