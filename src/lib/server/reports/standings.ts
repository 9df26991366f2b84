/**
 * Standings: each person's standing on each criterion (and on the criterion narrowed to each of its
 * courses) as of now, with per-unit counters, so today's report reads a few hundred counter rows
 * and one page of people instead of recomputing a province's population and facts.
 *
 * Triggers (drizzle/0010) queue every person a write may affect, in that write's transaction;
 * `refreshStandings` recomputes queued people with the very rules a report of a past day uses
 * (population, facts, personStatus) and moves the counters by the difference, in one transaction.
 * A report refreshes before it reads, so what it shows is never behind a committed write; the
 * server also refreshes four times a second so that work stays small.
 */
import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Catalog } from '../content/catalog';
import type { Criterion } from '../content/schema';
import type { AppDatabase, DbOrTx } from '../db/client';
import { agencies, communes, criterionMetDays, criterionStandings, criterionTallies, criterionVariants, people, standingQueue } from '../db/schema';
import { agencyUnder } from '../auth/scope';
import { loadAgencyTree } from '../people/agency-tree';
import { vietnameseSortKey } from '../../search-name';
import { vietnamDayOf } from '../../vietnam-day';
import { criterionFacts } from './facts';
import { type PopulationMember, criterionPopulation } from './population';
import { type CriterionState, type PersonStatus, criterionWindow, personStatus } from './status';

/** The criterion, or the criterion narrowed to one course (the report's course filter). */
export function narrowToCourse(criterion: Criterion, courseId: string | null): Criterion {
	if (courseId === null) return criterion;
	return { ...criterion, met: { ...criterion.met, rule: 'all', courses: [courseId], count: undefined } };
}

/** The instant today's report of a criterion stands for: now, or the period's end once it is over. */
export function currentInstant(criterion: Criterion, now: Date): Date {
	const { to } = criterionWindow(criterion);
	return to < now ? to : now;
}

export const STANDING = { idle: 0, started: 1, met: 2 } as const;
/** The unit key of a province's own met-days rows (units are "c:<id>" and "a:<id>"). */
const PROVINCE_KEY = 'p';

type StandingRow = typeof criterionStandings.$inferInsert;

interface Variant {
	courseId: string;
	rule: Criterion;
	fingerprint: string;
}

/** Everything a standing depends on besides people's records: the rule, the courses' steps, listed units. */
function variantsOf(db: DbOrTx, catalog: Catalog, criterion: Criterion): Variant[] {
	const listed = listedUnits(db, criterion);
	return [null, ...criterion.met.courses].map((courseId) => {
		const rule = narrowToCourse(criterion, courseId);
		const steps = rule.met.courses.map((id) => {
			const course = catalog.byId.get(id);
			return [id, course?.lessons.length ?? 0, course?.finalQuiz != null];
		});
		const basis = JSON.stringify({ appliesTo: rule.appliesTo, period: rule.period, deadline: rule.deadline, met: rule.met, steps, listed });
		return { courseId: courseId ?? '', rule, fingerprint: createHash('sha256').update(basis).digest('base64url') };
	});
}

/** A criterion for listed agencies counts their sub-units too: a new parent changes who is in it. */
function listedUnits(db: DbOrTx, criterion: Criterion): number[] | null {
	const { appliesTo } = criterion;
	if (appliesTo.people === 'civil_servants') {
		if (appliesTo.agencies === 'all') return null;
		const rows = db.select({ id: agencies.id, parentId: agencies.parentAgencyId, code: agencies.code }).from(agencies).all();
		const byId = new Map(rows.map((row) => [row.id, row]));
		const tree = { parentOf: (id: number) => byId.get(id)?.parentId ?? null, communeOf: () => null };
		const roots = rows.filter((row) => appliesTo.agencies !== 'all' && appliesTo.agencies.includes(row.code));
		return rows.filter((row) => roots.some((root) => agencyUnder(row.id, root.id, tree))).map((row) => row.id);
	}
	if (appliesTo.communes === 'all') return null;
	return db.select({ id: communes.id }).from(communes).where(inArray(communes.code, appliesTo.communes)).all().map((row) => row.id);
}

export const unitKeyOf = (member: Pick<PopulationMember, 'communeId' | 'agencyId'>) => (member.agencyId !== null ? `a:${member.agencyId}` : `c:${member.communeId}`);

function standingRow(variantId: number, provinceId: number, member: PopulationMember, sortName: string, status: PersonStatus): StandingRow {
	return {
		variantId,
		personId: member.personId,
		provinceId,
		unitKey: unitKeyOf(member),
		staffGroup: member.staffGroup ?? '',
		sortName,
		// After the deadline everyone unmet is overdue: whether they started no longer shows.
		standing: status.state === 'met' ? STANDING.met : status.state === 'in_progress' ? STANDING.started : STANDING.idle,
		percent: status.percent,
		metAt: status.metAt,
		metDay: status.metAt ? vietnamDayOf(status.metAt) : null,
		late: status.late
	};
}

/** Counter changes, summed per counter row before they are written. */
class Deltas {
	readonly tallies = new Map<string, { variantId: number; provinceId: number; unitKey: string; staffGroup: string; inScope: number; started: number; met: number; late: number }>();
	readonly metDays = new Map<string, { variantId: number; provinceId: number; unitKey: string; staffGroup: string; day: string; met: number }>();

	add(row: StandingRow, sign: 1 | -1) {
		const tallyKey = `${row.variantId}|${row.provinceId}|${row.unitKey}|${row.staffGroup}`;
		let tally = this.tallies.get(tallyKey);
		if (!tally) this.tallies.set(tallyKey, (tally = { variantId: row.variantId, provinceId: row.provinceId, unitKey: row.unitKey, staffGroup: row.staffGroup, inScope: 0, started: 0, met: 0, late: 0 }));
		tally.inScope += sign;
		if (row.standing === STANDING.started) tally.started += sign;
		if (row.standing === STANDING.met) tally.met += sign;
		if (row.late) tally.late += sign;
		if (row.metDay) {
			this.addMetDay(row, row.unitKey, row.staffGroup, row.metDay, sign);
			// The province's own row: its trend without filters reads one row a day, not one per unit.
			this.addMetDay(row, PROVINCE_KEY, '', row.metDay, sign);
		}
	}

	private addMetDay(row: StandingRow, unitKey: string, staffGroup: string, day: string, sign: 1 | -1) {
		const dayKey = `${row.variantId}|${row.provinceId}|${unitKey}|${staffGroup}|${day}`;
		const known = this.metDays.get(dayKey);
		if (known) known.met += sign;
		else this.metDays.set(dayKey, { variantId: row.variantId, provinceId: row.provinceId, unitKey, staffGroup, day, met: sign });
	}

	write(tx: DbOrTx) {
		const tallies = [...this.tallies.values()].filter((t) => t.inScope || t.started || t.met || t.late);
		for (const chunk of chunks(tallies, 500)) {
			tx.insert(criterionTallies)
				.values(chunk)
				.onConflictDoUpdate({
					target: [criterionTallies.variantId, criterionTallies.provinceId, criterionTallies.unitKey, criterionTallies.staffGroup],
					set: {
						inScope: sql`${criterionTallies.inScope} + excluded.in_scope`,
						started: sql`${criterionTallies.started} + excluded.started`,
						met: sql`${criterionTallies.met} + excluded.met`,
						late: sql`${criterionTallies.late} + excluded.late`
					}
				})
				.run();
		}
		const days = [...this.metDays.values()].filter((d) => d.met !== 0);
		for (const chunk of chunks(days, 500)) {
			tx.insert(criterionMetDays)
				.values(chunk)
				.onConflictDoUpdate({
					target: [criterionMetDays.variantId, criterionMetDays.provinceId, criterionMetDays.unitKey, criterionMetDays.staffGroup, criterionMetDays.day],
					set: { met: sql`${criterionMetDays.met} + excluded.met` }
				})
				.run();
		}
	}
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
	for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** The standings of some (or all) people of a province on the criterion's variants, as of now. */
function computeStandings(tx: DbOrTx, catalog: Catalog, criterion: Criterion, variants: { id: number; rule: Criterion }[], provinceId: number, now: Date, personIds?: readonly number[]): StandingRow[] {
	const asOf = currentInstant(criterion, now);
	const tree = loadAgencyTree(tx, provinceId);
	const population = criterionPopulation(tx, criterion, provinceId, tree, asOf, personIds);
	const facts = criterionFacts(tx, criterion, catalog, provinceId, asOf, population.map((member) => member.personId));
	const none = new Map();
	const rows: StandingRow[] = [];
	const sortNames = population.map((member) => vietnameseSortKey(member.fullName));
	for (const variant of variants) {
		population.forEach((member, i) => {
			const status = personStatus(variant.rule, facts.completions.get(member.personId) ?? [], facts.activity.get(member.personId) ?? none, facts.steps, asOf);
			rows.push(standingRow(variant.id, provinceId, member, sortNames[i]!, status));
		});
	}
	return rows;
}

/** Standings are written in bulk (a province at a time on a rebuild): one statement per 5,000 rows, read from JSON. */
function insertStandings(tx: DbOrTx, rows: readonly StandingRow[]) {
	for (const chunk of chunks(rows, 5000)) {
		const values = JSON.stringify(chunk.map((r) => [r.variantId, r.personId, r.provinceId, r.unitKey, r.staffGroup, r.sortName, r.standing, r.percent, r.metAt ? +r.metAt : null, r.metDay, r.late ? 1 : 0]));
		tx.run(sql`INSERT INTO criterion_standings (variant_id, person_id, province_id, unit_key, staff_group, sort_name, standing, percent, met_at, met_day, late)
			SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10 FROM json_each(${values})`);
	}
}

const provincesWithPeople = (tx: DbOrTx) =>
	tx.select({ id: people.provinceId }).from(people).groupBy(people.provinceId).all().map((row) => row.id);

/** Computes a criterion's variants afresh for every province: after a change of rule, courses or listed units. */
function rebuildVariants(tx: DbOrTx, catalog: Catalog, criterion: Criterion, variants: { id: number; rule: Criterion }[], now: Date) {
	const ids = variants.map((variant) => variant.id);
	tx.delete(criterionStandings).where(inArray(criterionStandings.variantId, ids)).run();
	tx.delete(criterionTallies).where(inArray(criterionTallies.variantId, ids)).run();
	tx.delete(criterionMetDays).where(inArray(criterionMetDays.variantId, ids)).run();
	for (const provinceId of provincesWithPeople(tx)) {
		const rows = computeStandings(tx, catalog, criterion, variants, provinceId, now);
		// In the unique index's order, so its pages fill one after another.
		rows.sort((a, b) => a.variantId - b.variantId || a.personId - b.personId);
		insertStandings(tx, rows);
		const deltas = new Deltas();
		for (const row of rows) deltas.add(row, 1);
		deltas.write(tx);
	}
}

/** The stored variants the catalog still has, with their rules; rebuilds those whose basis changed. */
function syncVariants(tx: DbOrTx, catalog: Catalog, now: Date): { id: number; criterion: Criterion; rule: Criterion }[] {
	const stored = new Map(tx.select().from(criterionVariants).all().map((row) => [`${row.criterionId}|${row.courseId}`, row]));
	const current: { id: number; criterion: Criterion; rule: Criterion }[] = [];
	const keep = new Set<number>();
	for (const criterion of catalog.criteria) {
		const stale: { id: number; rule: Criterion }[] = [];
		for (const variant of variantsOf(tx, catalog, criterion)) {
			const known = stored.get(`${criterion.id}|${variant.courseId}`);
			let id = known?.id;
			if (!known) {
				id = tx.insert(criterionVariants).values({ criterionId: criterion.id, courseId: variant.courseId, fingerprint: variant.fingerprint, builtAt: now }).returning({ id: criterionVariants.id }).get().id;
			} else if (known.fingerprint !== variant.fingerprint) {
				tx.update(criterionVariants).set({ fingerprint: variant.fingerprint, builtAt: now }).where(eq(criterionVariants.id, known.id)).run();
			}
			if (!known || known.fingerprint !== variant.fingerprint) stale.push({ id: id!, rule: variant.rule });
			keep.add(id!);
			current.push({ id: id!, criterion, rule: variant.rule });
		}
		if (stale.length > 0) rebuildVariants(tx, catalog, criterion, stale, now);
	}
	const gone = [...stored.values()].filter((row) => !keep.has(row.id)).map((row) => row.id);
	if (gone.length > 0) {
		tx.delete(criterionStandings).where(inArray(criterionStandings.variantId, gone)).run();
		tx.delete(criterionTallies).where(inArray(criterionTallies.variantId, gone)).run();
		tx.delete(criterionMetDays).where(inArray(criterionMetDays.variantId, gone)).run();
		tx.delete(criterionVariants).where(inArray(criterionVariants.id, gone)).run();
	}
	return current;
}

/** Recomputes queued people, at most `limit` of them; returns how many it took. */
function refreshQueued(tx: DbOrTx, catalog: Catalog, variants: { id: number; criterion: Criterion; rule: Criterion }[], now: Date, limit: number): number {
	const queued = tx.select({ personId: standingQueue.personId }).from(standingQueue).limit(limit).all().map((row) => row.personId);
	const variantIds = variants.map((variant) => variant.id);
	for (const batch of chunks(queued, 500)) {
		const old = new Map(
			tx
				.select()
				.from(criterionStandings)
				.where(and(inArray(criterionStandings.variantId, variantIds), inArray(criterionStandings.personId, batch)))
				.all()
				.map((row) => [standingKey(row), row])
		);
		const byProvince = new Map<number, number[]>();
		for (const { id, provinceId } of tx.select({ id: people.id, provinceId: people.provinceId }).from(people).where(inArray(people.id, batch)).all()) {
			byProvince.set(provinceId, [...(byProvince.get(provinceId) ?? []), id]);
		}
		const fresh: StandingRow[] = [];
		for (const [provinceId, ids] of byProvince) {
			for (const criterion of new Set(variants.map((variant) => variant.criterion))) {
				fresh.push(...computeStandings(tx, catalog, criterion, variants.filter((variant) => variant.criterion === criterion), provinceId, now, ids));
			}
		}
		writeChanges(tx, old, fresh);
		tx.delete(standingQueue).where(inArray(standingQueue.personId, batch)).run();
	}
	return queued.length;
}

/**
 * Writes only what changed: most writes move one person's percent on one variant, which is an
 * update of unindexed columns; a new unit, name or standing re-files the row in the indexes.
 */
function writeChanges(tx: DbOrTx, old: Map<string, StandingRow>, fresh: StandingRow[]) {
	const deltas = new Deltas();
	const removed: StandingRow[] = [];
	const inserted: StandingRow[] = [];
	const updated: StandingRow[] = [];
	for (const row of fresh) {
		const before = old.get(standingKey(row));
		if (!before) {
			inserted.push(row);
			deltas.add(row, 1);
			continue;
		}
		old.delete(standingKey(row));
		const filed = sameFiling(before, row);
		// The counters see the filing, the met day and lateness; the percent and met time only the row.
		const counted = filed && before.metDay === row.metDay && Boolean(before.late) === Boolean(row.late);
		if (!filed) {
			removed.push(before);
			inserted.push(row);
		} else if (!counted || before.percent !== row.percent || +(before.metAt ?? 0) !== +(row.metAt ?? 0)) updated.push(row);
		if (!counted) {
			deltas.add(before, -1);
			deltas.add(row, 1);
		}
	}
	// Whoever is left has no standing any more: moved out of the province, merged away, too young.
	for (const row of old.values()) {
		removed.push(row);
		deltas.add(row, -1);
	}
	for (const chunk of chunks(removed, 5000)) {
		tx.run(sql`DELETE FROM criterion_standings WHERE rowid IN (SELECT s.rowid FROM json_each(${JSON.stringify(chunk.map((r) => [r.variantId, r.personId]))}) AS j
			JOIN criterion_standings AS s ON s.variant_id = j.value ->> 0 AND s.person_id = j.value ->> 1)`);
	}
	insertStandings(tx, inserted);
	for (const chunk of chunks(updated, 5000)) {
		const values = JSON.stringify(chunk.map((r) => [r.variantId, r.personId, r.percent, r.metAt ? +r.metAt : null, r.metDay, r.late ? 1 : 0]));
		tx.run(sql`UPDATE criterion_standings AS s SET percent = j.value ->> 2, met_at = j.value ->> 3, met_day = j.value ->> 4, late = j.value ->> 5
			FROM json_each(${values}) AS j WHERE s.variant_id = j.value ->> 0 AND s.person_id = j.value ->> 1`);
	}
	deltas.write(tx);
}

const standingKey = (row: StandingRow) => `${row.variantId}|${row.personId}`;

/** Same place in every index and counter row: unit, group, name and standing. */
const sameFiling = (a: StandingRow, b: StandingRow) => a.provinceId === b.provinceId && a.unitKey === b.unitKey && a.staffGroup === b.staffGroup && a.sortName === b.sortName && a.standing === b.standing;

/**
 * Brings every standing up to date with the records and the catalog's criteria, in one
 * transaction: variants whose rule changed are rebuilt, queued people recomputed. `limit` caps
 * the people taken (the background refresh); a report takes them all.
 */
export function refreshStandings(db: Pick<AppDatabase, 'transaction' | 'select'>, catalog: Catalog, now: Date, limit = Number.MAX_SAFE_INTEGER): number {
	// Most calls find nothing to do: say so from a read, without taking the write lock.
	if (upToDate(db, catalog)) return 0;
	return db.transaction((tx) => refreshQueued(tx, catalog, syncVariants(tx, catalog, now), now, limit), { behavior: 'immediate' });
}

function upToDate(db: Pick<AppDatabase, 'select'>, catalog: Catalog): boolean {
	if (db.select({ personId: standingQueue.personId }).from(standingQueue).limit(1).get()) return false;
	const stored = new Map(db.select().from(criterionVariants).all().map((row) => [`${row.criterionId}|${row.courseId}`, row.fingerprint]));
	const wanted = catalog.criteria.flatMap((criterion) => variantsOf(db as DbOrTx, catalog, criterion).map((variant) => [`${criterion.id}|${variant.courseId}`, variant.fingerprint] as const));
	return wanted.length === stored.size && wanted.every(([key, fingerprint]) => stored.get(key) === fingerprint);
}

/**
 * Computes every standing afresh and empties the queue: for a database loaded in bulk (the
 * synthetic province), where recomputing queued people one batch at a time would be slower.
 */
export function rebuildStandings(db: Pick<AppDatabase, 'transaction'>, catalog: Catalog, now: Date): void {
	db.transaction(
		(tx) => {
			tx.delete(criterionStandings).run();
			tx.delete(criterionTallies).run();
			tx.delete(criterionMetDays).run();
			tx.delete(criterionVariants).run();
			syncVariants(tx, catalog, now);
			tx.delete(standingQueue).run();
		},
		{ behavior: 'immediate' }
	);
}

/** The stored variant of a criterion for a course filter; call refreshStandings first. */
export function variantId(db: DbOrTx, criterionId: string, courseId: string | null): number | null {
	return db.select({ id: criterionVariants.id }).from(criterionVariants).where(and(eq(criterionVariants.criterionId, criterionId), eq(criterionVariants.courseId, courseId ?? ''))).get()?.id ?? null;
}

export interface TallyRow {
	unitKey: string;
	staffGroup: string;
	inScope: number;
	started: number;
	met: number;
	late: number;
	/** Met after the end of the day a week before the report's day. */
	metLastWeek: number;
}

/** A variant's counters in a province, with how many met in the last week. */
export function standingTallies(db: DbOrTx, variant: number, provinceId: number, weekAgoDay: string): TallyRow[] {
	const recent = new Map(
		db
			.select({ unitKey: criterionMetDays.unitKey, staffGroup: criterionMetDays.staffGroup, met: sql<number>`sum(${criterionMetDays.met})` })
			.from(criterionMetDays)
			.where(and(eq(criterionMetDays.variantId, variant), eq(criterionMetDays.provinceId, provinceId), gt(criterionMetDays.day, weekAgoDay)))
			.groupBy(criterionMetDays.unitKey, criterionMetDays.staffGroup)
			.all()
			.map((row) => [`${row.unitKey}|${row.staffGroup}`, Number(row.met)])
	);
	return db
		.select({ unitKey: criterionTallies.unitKey, staffGroup: criterionTallies.staffGroup, inScope: criterionTallies.inScope, started: criterionTallies.started, met: criterionTallies.met, late: criterionTallies.late })
		.from(criterionTallies)
		.where(and(eq(criterionTallies.variantId, variant), eq(criterionTallies.provinceId, provinceId)))
		.all()
		.map((row) => ({ ...row, metLastWeek: recent.get(`${row.unitKey}|${row.staffGroup}`) ?? 0 }));
}

/**
 * Met people per Vietnam day of meeting: the whole province, or some units (in one staff group).
 * Each is an index range of the met-days key, never a scan of the province's units.
 */
export function standingMetDays(db: DbOrTx, variant: number, provinceId: number, scope: 'province' | { unitKeys: string[]; staffGroup: string | null }): Map<string, number> {
	const d = criterionMetDays;
	if (scope !== 'province' && scope.unitKeys.length === 0) return new Map();
	const units = scope === 'province' ? eq(d.unitKey, PROVINCE_KEY) : and(inArray(d.unitKey, scope.unitKeys), scope.staffGroup ? eq(d.staffGroup, scope.staffGroup) : undefined);
	return new Map(
		db
			.select({ day: d.day, met: sql<number>`sum(${d.met})` })
			.from(d)
			.where(and(eq(d.variantId, variant), eq(d.provinceId, provinceId), units))
			.groupBy(d.day)
			.all()
			.map((row) => [row.day, Number(row.met)])
	);
}

export interface PeoplePage {
	personIds: number[];
	total: number;
	page: number;
	pages: number;
}

/** One page of the people counted in a unit, filtered and sorted in SQL over the standings' indexes. */
export function standingPeople(
	db: DbOrTx,
	variant: number,
	unitKey: string,
	options: { staffGroup: string | null; state: CriterionState | null; afterDeadline: boolean; sort: 'name' | 'state' | 'percent'; descending: boolean; page: number; pageSize: number }
): PeoplePage {
	const s = criterionStandings;
	const { state, afterDeadline } = options;
	// The state a standing shows depends on the deadline: past it, everyone unmet is overdue.
	const inState =
		state === null
			? undefined
			: state === 'met'
				? eq(s.standing, STANDING.met)
				: state === 'overdue'
					? afterDeadline ? sql`${s.standing} < ${STANDING.met}` : sql`0`
					: afterDeadline ? sql`0` : eq(s.standing, state === 'in_progress' ? STANDING.started : STANDING.idle);
	const where = and(eq(s.variantId, variant), eq(s.unitKey, unitKey), options.staffGroup ? eq(s.staffGroup, options.staffGroup) : undefined, inState);
	const total = db.select({ n: sql<number>`count(*)` }).from(s).where(where).get()?.n ?? 0;
	const pages = Math.max(1, Math.ceil(total / options.pageSize));
	const page = Math.min(options.page, pages);
	const direction = options.descending ? sql`DESC` : sql`ASC`;
	const first =
		options.sort === 'name'
			? []
			: options.sort === 'percent'
				? [sql`${s.percent} ${direction}`]
				: [afterDeadline ? sql`(${s.standing} = ${STANDING.met}) ${direction}` : sql`${s.standing} ${direction}`];
	const personIds = db
		.select({ personId: s.personId })
		.from(s)
		.where(where)
		.orderBy(...first, sql`${s.sortName} ${direction}`, sql`${s.personId} ${direction}`)
		.limit(options.pageSize)
		.offset((page - 1) * options.pageSize)
		.all()
		.map((row) => row.personId);
	return { personIds, total, page, pages };
}
