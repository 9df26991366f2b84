import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/lib/server/auth/scope';
import type { Catalog } from '../../src/lib/server/content/catalog';
import { catalogOfFolder } from '../../src/lib/server/content/files';
import { type AppDatabase, migrateDatabase, openDatabase } from '../../src/lib/server/db/client';
import { seedSyntheticProvince } from '../../src/lib/server/demo/synthetic';
import { importOfficialUnitsIfEmpty } from '../../src/lib/server/org/startup';
import { anonymisePerson } from '../../src/lib/server/people/privacy';
import { markLessonDone, recordLessonSeen } from '../../src/lib/server/progress/lessons';
import { type ReportQuery, type ReportUnitRef, criterionReport } from '../../src/lib/server/reports/report';
import { rebuildStandings, refreshStandings } from '../../src/lib/server/reports/standings';
import { reportQuery } from '../helpers/reports';

const catalog = catalogOfFolder('content');
const SEEDED_AT = new Date('2026-11-01T03:00:00Z');
const MINUTE = 60_000;

let db: AppDatabase;
let provinceId: number;
let admin: Viewer;
/** Each write and report a minute after the last: the standings describe the latest instant. */
let clock = +SEEDED_AT;
const tick = () => new Date((clock += MINUTE));
const all = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).get(...params) as T;

beforeAll(() => {
	db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'hocvuso-standings-')), 'standings.sqlite'));
	migrateDatabase(db, path.resolve('drizzle'));
	importOfficialUnitsIfEmpty(db);
	seedSyntheticProvince(db, catalog, { provinceCode: '25', learners: 3000, seed: 11, now: SEEDED_AT, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo' });
	provinceId = one<{ id: number }>("SELECT id FROM provinces WHERE code = '25'").id;
	admin = { personId: one<{ id: number }>('SELECT min(id) AS id FROM people').id, grants: [{ role: 'province_admin', provinceId, communeId: null, agencyId: null }] };
}, 120_000);

/** The units worth comparing: the province, the five largest communes and agencies, and one small one of each. */
function sampleUnits(): ReportUnitRef[] {
	const communes = all<{ id: number }>("SELECT commune_id AS id FROM memberships WHERE kind = 'residence' GROUP BY 1 ORDER BY count(*) DESC");
	const agencies = all<{ id: number }>("SELECT agency_id AS id FROM memberships WHERE kind = 'agency' GROUP BY 1 ORDER BY count(*) DESC");
	return [
		{ kind: 'province' },
		...[...communes.slice(0, 5), communes.at(-1)!].map((row): ReportUnitRef => ({ kind: 'commune', id: row.id })),
		...[...agencies.slice(0, 5), agencies.at(-1)!].map((row): ReportUnitRef => ({ kind: 'agency', id: row.id }))
	];
}

/** Today's report from the kept standings must equal the one counted from the records, whatever is asked. */
function expectStandingsAgree(now: Date, using: Catalog = catalog, queries: Partial<ReportQuery>[] = [{}]) {
	let compared = 0;
	for (const criterion of using.criteria) {
		for (const unit of sampleUnits()) {
			for (const extra of queries) {
				const query = reportQuery(criterion.id, { unit, ...extra });
				const kept = criterionReport(db, using, admin, provinceId, query, now);
				const counted = criterionReport(db, using, admin, provinceId, query, now, 'records');
				expect(kept, `${criterion.id} ${JSON.stringify(unit)} ${JSON.stringify(extra)}`).toEqual(counted);
				compared++;
			}
		}
	}
	return compared;
}

/** The counters are the standings counted: summed per unit and group, they match a GROUP BY of the rows. */
function expectTalliesAreCounts() {
	const counted = all(`SELECT variant_id, unit_key, staff_group, count(*) AS in_scope, sum(standing = 1) AS started, sum(standing = 2) AS met, sum(late) AS late
		FROM criterion_standings GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
	const kept = all(`SELECT variant_id, unit_key, staff_group, in_scope, started, met, late FROM criterion_tallies WHERE in_scope <> 0 OR met <> 0 ORDER BY 1, 2, 3`);
	expect(kept).toEqual(counted);
	const days = all('SELECT variant_id, unit_key, staff_group, met_day AS day, count(*) AS met FROM criterion_standings WHERE met_day IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4');
	expect(all("SELECT variant_id, unit_key, staff_group, day, met FROM criterion_met_days WHERE met <> 0 AND unit_key <> 'p' ORDER BY 1, 2, 3, 4")).toEqual(days);
	const provinceDays = all('SELECT variant_id, province_id, met_day AS day, count(*) AS met FROM criterion_standings WHERE met_day IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3');
	expect(all("SELECT variant_id, province_id, day, met FROM criterion_met_days WHERE met <> 0 AND unit_key = 'p' ORDER BY 1, 2, 3")).toEqual(provinceDays);
}

const snapshot = () => ({
	standings: all('SELECT variant_id, person_id, unit_key, staff_group, sort_name, standing, percent, met_at, met_day, late FROM criterion_standings ORDER BY 1, 2'),
	tallies: all('SELECT * FROM criterion_tallies WHERE in_scope <> 0 OR met <> 0 ORDER BY 1, 2, 3, 4')
});

describe('standings kept for today’s reports', () => {
	it('give the same reports as counting from the records, for every unit, filter, sort and page', () => {
		const now = tick();
		const filters: Partial<ReportQuery>[] = [
			{},
			{ courseId: 'an-toan-thong-tin-phong-chong-lua-dao' },
			{ courseId: 'dich-vu-cong-truc-tuyen' },
			{ staffGroup: 'cong_chuc' },
			{ unitType: 'phuong' },
			{ unitType: 'commune' },
			{ state: 'in_progress', peopleSort: 'percent', descending: true },
			{ state: 'not_started' },
			{ state: 'met', peopleSort: 'state' },
			{ page: 2 },
			{ unitSort: 'percent', descending: true }
		];
		// Course filters of the other criterion are refused by the page; here they simply count nobody.
		expect(expectStandingsAgree(now, catalog, filters)).toBeGreaterThan(200);
		expectTalliesAreCounts();
	});

	it('are what a rebuild from scratch gives', () => {
		refreshStandings(db, catalog, tick());
		const kept = snapshot();
		rebuildStandings(db, catalog, new Date(clock));
		expect(snapshot()).toEqual(kept);
	});

	it('follow every kind of write: lessons, completions, revocations, moves, leaving, merging, anonymising, new people', () => {
		const residents = all<{ id: number; commune: number }>("SELECT person_id AS id, commune_id AS commune FROM memberships WHERE kind = 'residence' AND person_id NOT IN (SELECT person_id FROM memberships WHERE kind = 'agency') ORDER BY person_id LIMIT 40");
		const staff = all<{ id: number }>("SELECT person_id AS id FROM memberships WHERE kind = 'agency' ORDER BY person_id LIMIT 10");
		const course = catalog.byId.get('dich-vu-cong-truc-tuyen')!;
		const communeIds = [...new Set(residents.map((r) => r.commune))];

		// Lessons: a first one seen, and a whole course done (the completion follows in the same transaction).
		recordLessonSeen(db, residents[0]!.id, course.id, course.lessons[0]!.id, tick());
		for (const lesson of course.lessons) markLessonDone(db, residents[1]!.id, course, lesson.id, tick());
		// A certificate revoked.
		const certificate = one<{ id: number; person: number }>('SELECT id, person_id AS person FROM certificates WHERE revoked_at IS NULL ORDER BY id LIMIT 1');
		db.$client.prepare("UPDATE certificates SET revoked_at = ?, revoked_reason = 'thử' WHERE id = ?").run(clock, certificate.id);
		// A resident moves to another commune.
		const mover = residents[2]!;
		const moveAt = +tick();
		db.$client.prepare("UPDATE memberships SET ended_at = ? WHERE person_id = ? AND kind = 'residence' AND ended_at IS NULL").run(moveAt, mover.id);
		db.$client.prepare("INSERT INTO memberships (person_id, kind, commune_id, started_at) VALUES (?, 'residence', ?, ?)").run(mover.id, communeIds.find((id) => id !== mover.commune), moveAt);
		// A civil servant leaves the service: they now count as a resident of their commune.
		db.$client.prepare('UPDATE people SET left_service_at = ? WHERE id = ?').run(+tick(), staff[0]!.id);
		// Two accounts merged: the records move to the one kept.
		const [keep, remove] = [residents[3]!, residents[4]!];
		db.$client.prepare('UPDATE completions SET person_id = ? WHERE person_id = ? AND course_id NOT IN (SELECT course_id FROM completions WHERE person_id = ?)').run(keep.id, remove.id, keep.id);
		db.$client.prepare('UPDATE people SET merged_into_id = ? WHERE id = ?').run(keep.id, remove.id);
		// A deletion request carried out, and a birth year corrected out of the age range.
		db.transaction((tx) => anonymisePerson(tx, residents[5]!.id, tick()));
		db.$client.prepare('UPDATE people SET birth_year = 2020 WHERE id = ?').run(residents[6]!.id);
		// Somebody new, placed today.
		const newcomer = db.$client.prepare("INSERT INTO people (province_id, username, full_name, search_name, birth_year) VALUES (?, 'nguoi-moi', 'Đỗ Thị Mới', 'do thi moi', 1990) RETURNING id").get(provinceId) as { id: number };
		db.$client.prepare("INSERT INTO memberships (person_id, kind, commune_id, started_at) VALUES (?, 'residence', ?, ?)").run(newcomer.id, communeIds[0], +tick());

		const queued = all<{ id: number }>('SELECT person_id AS id FROM standing_queue').map((row) => row.id);
		const written = [residents[0]!.id, residents[1]!.id, certificate.person, mover.id, staff[0]!.id, remove.id, residents[5]!.id, residents[6]!.id, newcomer.id];
		expect(queued).toEqual(expect.arrayContaining(written));
		expectStandingsAgree(tick());
		expect(one<{ n: number }>('SELECT count(*) AS n FROM standing_queue').n).toBe(0);
		expectTalliesAreCounts();
		expect(one('SELECT standing FROM criterion_standings s JOIN criterion_variants v ON v.id = s.variant_id WHERE v.criterion_id = ? AND v.course_id = ? AND person_id = ?', '2026-nguoi-dan-ky-nang-so-co-ban', '', residents[1]!.id)).toEqual({ standing: course.completion === 'all-lessons' ? 2 : 1 });
	});

	it('are counted again when a criterion’s rule changes, and dropped when it goes', () => {
		const stricter: Catalog = { ...catalog, criteria: catalog.criteria.map((c) => (c.appliesTo.people === 'civil_servants' ? { ...c, met: { ...c.met, minScore: 95 } } : c)) };
		const before = one<{ met: number }>("SELECT sum(met) AS met FROM criterion_tallies t JOIN criterion_variants v ON v.id = t.variant_id WHERE v.criterion_id = '2026-ky-nang-so-can-bo-cong-chuc' AND v.course_id = ''").met;
		expectStandingsAgree(tick(), stricter);
		const after = one<{ met: number }>("SELECT sum(met) AS met FROM criterion_tallies t JOIN criterion_variants v ON v.id = t.variant_id WHERE v.criterion_id = '2026-ky-nang-so-can-bo-cong-chuc' AND v.course_id = ''").met;
		expect(after).toBeLessThan(before);
		expectTalliesAreCounts();

		const onlyResidents: Catalog = { ...catalog, criteria: catalog.criteria.filter((c) => c.appliesTo.people === 'residents') };
		refreshStandings(db, onlyResidents, tick());
		expect(all<{ id: string }>('SELECT DISTINCT criterion_id AS id FROM criterion_variants').map((row) => row.id)).toEqual(['2026-nguoi-dan-ky-nang-so-co-ban']);
		expectStandingsAgree(tick());
	});

	it('are read, not recomputed, by today’s report: a province report reads a handful of rows', () => {
		const now = tick();
		refreshStandings(db, catalog, now);
		const plans = all<{ detail: string }>(
			"EXPLAIN QUERY PLAN SELECT unit_key, staff_group, in_scope FROM criterion_tallies WHERE variant_id = 1 AND province_id = ?",
			provinceId
		).concat(all("EXPLAIN QUERY PLAN SELECT person_id FROM criterion_standings WHERE variant_id = 1 AND unit_key = 'c:1' ORDER BY sort_name, person_id LIMIT 50"));
		for (const plan of plans) expect(plan.detail).toMatch(/USING (COVERING )?INDEX criterion_(tallies_key|standings_unit_name)/);
		expect(plans.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
	});
});
