import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Grant, Viewer } from '../../src/lib/server/auth/scope';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { type StaffGroup, certificates, memberships, people } from '../../src/lib/server/db/schema';
import { personCriteria } from '../../src/lib/server/reports/person';
import { type CriterionReport, type ReportQuery, type ReportUnitRef, type Tally, PEOPLE_PAGE_SIZE, criterionReport } from '../../src/lib/server/reports/report';
import { DAY_MS, vietnamDayEnd } from '../../src/lib/vietnam-day';
import { foldForSearch } from '../../src/lib/search-name';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { type CompleteOptions, complete, enterDenominator, live, makeCatalog, makeCourse, makeCriterion, reportQuery, startQuiz, studyLesson, work } from '../helpers/reports';

type Person = typeof people.$inferSelect;

/** Residents aged 15 and over, the year 2026, either residents' course, half of them. */
const RESIDENTS = makeCriterion({
	id: 'nguoi-dan-2026',
	basis: [{ group: 'residents', text: { vi: 'Kế hoạch thử', en: 'Test plan' } }],
	appliesTo: { people: 'residents', communes: 'all', ageFrom: 15 },
	deadline: '2026-12-31',
	met: { rule: 'any', count: 1, courses: ['khoa-dan', 'khoa-dan-2'] },
	target: { percent: 50, denominator: 'counted' }
});
/** The same, counted against numbers the province enters per commune. */
const RESIDENTS_ENTERED = makeCriterion({ ...RESIDENTS, id: 'nguoi-dan-nhap-2026', target: { percent: 60, denominator: 'entered' } });
/** Residents aged 15 to 60. */
const RESIDENTS_AGED = makeCriterion({ ...RESIDENTS, id: 'nguoi-dan-15-60', appliesTo: { people: 'residents', communes: 'all', ageFrom: 15, ageTo: 60 } });
/** A school year, ending in 2026: ages are reached in 2026. */
const SCHOOL_YEAR = makeCriterion({ ...RESIDENTS, id: 'nam-hoc-2025-2026', period: { from: '2025-09-01', to: '2026-05-31' }, deadline: '2026-05-31' });
/** The residents' criterion of the year before. */
const RESIDENTS_2025 = makeCriterion({ ...RESIDENTS, id: 'nguoi-dan-2025', period: { from: '2025-01-01', to: '2025-12-31' }, deadline: '2025-12-31' });
/** Every civil servant, both staff courses with 80 % or more, by 30 June 2026, all of them. */
const STAFF = makeCriterion({
	id: 'cong-chuc-2026',
	met: { rule: 'all', courses: ['khoa-cc-1', 'khoa-cc-2'], minScore: 80 },
	target: { percent: 100, denominator: 'counted' }
});
const STAFF_ENTERED = makeCriterion({ ...STAFF, id: 'cong-chuc-nhap-2026', target: { percent: 100, denominator: 'entered' } });

const catalog = makeCatalog(
	[makeCourse('khoa-dan', 2, false), makeCourse('khoa-dan-2', 1, false), makeCourse('khoa-cc-1', 4, true), makeCourse('khoa-cc-2', 2, true)],
	[RESIDENTS, RESIDENTS_ENTERED, RESIDENTS_AGED, SCHOOL_YEAR, RESIDENTS_2025, STAFF, STAFF_ENTERED]
);

const JOINED = '2025-06-01T00:00:00Z';
/** When the reports are asked for: after 2026, so a report without a day is as of the end of 2026. */
const NOW = new Date('2027-02-01T03:00:00Z');
/** Before the residents' deadline, so its people are still learning rather than overdue. */
const BEFORE_DEADLINE = new Date('2026-11-15T03:00:00Z');
const YEAR_END = vietnamDayEnd('2026-12-31');
/** 10:00 on a day in Vietnam. */
const vn = (day: string, time = '10:00') => `${day}T${time}:00+07:00`;

let db: AppDatabase;
let provinceId: number;
let communeA: number;
let communeB: number;
let communeC: number;
let so: number;
let truong: number;
let ubndA: number;
let ubndB: number;
let tramB: number;
let admin: Viewer;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeA = makeCommune(db, provinceId, { code: '10001', name: 'Xã An Thịnh', type: 'xa' }).id;
	communeB = makeCommune(db, provinceId, { code: '10002', name: 'Phường Bình Minh', type: 'phuong' }).id;
	communeC = makeCommune(db, provinceId, { code: '10003', name: 'Xã Cẩm Khê', type: 'xa' }).id;
	so = makeAgency(db, provinceId, { code: 'SNV', name: 'Sở Nội vụ', level: 'province' }).id;
	truong = makeAgency(db, provinceId, { code: 'TCT', name: 'Trường Chính trị', level: 'province', parentAgencyId: so }).id;
	ubndA = makeAgency(db, provinceId, { code: 'UBA', name: 'UBND xã An Thịnh', level: 'commune', communeId: communeA }).id;
	ubndB = makeAgency(db, provinceId, { code: 'UBB', name: 'UBND phường Bình Minh', level: 'commune', communeId: communeB }).id;
	tramB = makeAgency(db, provinceId, { code: 'TYT', name: 'Trạm Y tế Bình Minh', level: 'commune', communeId: communeB, parentAgencyId: ubndB }).id;
	admin = viewer({ role: 'province_admin' });
});

function viewer(grant: Partial<Grant> & Pick<Grant, 'role'>): Viewer {
	return { personId: makePerson(db, provinceId, { fullName: 'Người Xem' }).id, grants: [{ provinceId, communeId: null, agencyId: null, ...grant }] };
}

function resident(fullName: string, communeId: number, birthYear = 1980): Person {
	const person = makePerson(db, provinceId, { fullName, communeId, birthYear });
	live(db, person.id, communeId, JOINED);
	return person;
}

function servant(fullName: string, agencyId: number, staffGroup: StaffGroup = 'cong_chuc', livesIn?: number): Person {
	const person = makePerson(db, provinceId, { fullName, agencyId, staffGroup, communeId: livesIn ?? null, birthYear: 1985 });
	work(db, person.id, agencyId, staffGroup, JOINED);
	if (livesIn !== undefined) live(db, person.id, livesIn, JOINED);
	return person;
}

/** A completion at 10:00 on a day in Vietnam, with the person's current unit as its snapshot. */
function completeCourse(person: Person, courseId: string, day: string, options: CompleteOptions = {}) {
	return complete(db, person, courseId, vn(day), { communeId: person.agencyId ? null : person.communeId, agencyId: person.agencyId, ...options });
}

/** Both staff courses, with a passing score. */
function meetStaff(person: Person, day: string) {
	completeCourse(person, 'khoa-cc-1', day, { score: 90 });
	completeCourse(person, 'khoa-cc-2', day, { score: 85 });
}

/** Every report is asked twice: from the kept standings where they apply, and from the records; both must agree. */
function outcome(criterionId: string, query: Partial<ReportQuery> = {}, as: Viewer = admin, now = NOW) {
	const kept = criterionReport(db, catalog, as, provinceId, reportQuery(criterionId, query), now);
	expect(criterionReport(db, catalog, as, provinceId, reportQuery(criterionId, query), now, 'records')).toEqual(kept);
	return kept;
}

function report(criterionId: string, query: Partial<ReportQuery> = {}, as: Viewer = admin, now = NOW): CriterionReport {
	const result = outcome(criterionId, query, as, now);
	if (result.status !== 'ok') throw new Error(`expected a report, got ${result.status}`);
	return result.report;
}

const commune = (id: number): ReportUnitRef => ({ kind: 'commune', id });
const agency = (id: number): ReportUnitRef => ({ kind: 'agency', id });
const names = (r: CriterionReport) => r.people.rows.map((row) => row.fullName);
const rowOf = (r: CriterionReport, unit: ReportUnitRef) => r.units.find((row) => row.unit.kind === unit.kind && 'id' in unit && row.unit.id === unit.id);
const rowIds = (r: CriterionReport) => r.units.map((row) => `${row.unit.kind}:${row.unit.id}`);
const stateOf = (r: CriterionReport, person: Person) => r.people.rows.find((row) => row.personId === person.id)?.state;

const COUNTS = ['inScope', 'met', 'late', 'inProgress', 'notStarted', 'overdue', 'metWeekAgo'] as const;

function expectTallyAddsUp(tally: Tally) {
	expect(tally.met + tally.inProgress + tally.notStarted + tally.overdue).toBe(tally.inScope);
}

/** The headline equals its unit rows plus the people placed directly in the unit, count by count. */
function expectSumOfParts(r: CriterionReport) {
	expect(r.people.total).toBe(r.people.rows.length);
	const direct = r.people.rows;
	const parts = {
		inScope: direct.length,
		met: direct.filter((p) => p.state === 'met').length,
		late: direct.filter((p) => p.late).length,
		inProgress: direct.filter((p) => p.state === 'in_progress').length,
		notStarted: direct.filter((p) => p.state === 'not_started').length,
		overdue: direct.filter((p) => p.state === 'overdue').length,
		metWeekAgo: direct.filter((p) => p.metAt !== null && +p.metAt <= +r.asOf - 7 * DAY_MS).length
	};
	for (const field of COUNTS) expect(r.headline[field], field).toBe(parts[field] + r.units.reduce((sum, row) => sum + row[field], 0));
	expectTallyAddsUp(r.headline);
	for (const row of r.units) expectTallyAddsUp(row);
}

describe('who counts where', () => {
	it('counts a civil servant under their agency, never under the commune they live in', () => {
		const lan = servant('Lê Thị Lan', so, 'cong_chuc', communeA);
		const hoa = resident('Nguyễn Thị Hoa', communeA);
		completeCourse(lan, 'khoa-dan', '2026-03-02');
		meetStaff(lan, '2026-03-02');

		const residentsA = report(RESIDENTS.id, { unit: commune(communeA) });
		expect(names(residentsA)).toEqual([hoa.fullName]);
		expect(residentsA.headline.inScope).toBe(1);
		expect(residentsA.headline.met).toBe(0);
		expect(report(RESIDENTS.id).headline.inScope).toBe(1);

		const staff = report(STAFF.id);
		expect(staff.headline).toMatchObject({ inScope: 1, met: 1 });
		expect(rowOf(staff, agency(so))).toMatchObject({ inScope: 1, met: 1 });
		// Sở Nội vụ is a province-level agency: nobody of it counts under the commune Lan lives in.
		expect(report(STAFF.id, { unit: commune(communeA) }).headline.inScope).toBe(0);
	});

	it('counts the staff of a commune’s People’s Committee under that commune, whichever commune they live in', () => {
		const minh = servant('Trần Văn Minh', ubndB, 'can_bo', communeA);
		expect(report(RESIDENTS.id, { unit: commune(communeA) }).headline.inScope).toBe(0);
		expect(report(STAFF.id, { unit: commune(communeA) }).headline.inScope).toBe(0);
		const staffB = report(STAFF.id, { unit: commune(communeB) });
		expect(staffB.headline.inScope).toBe(1);
		expect(rowIds(staffB)).toEqual([`agency:${ubndB}`]);
		expect(report(STAFF.id, { unit: agency(ubndB) }).people.rows.map((row) => row.personId)).toEqual([minh.id]);
	});

	it('counts a former civil servant, whose agency membership ended before the report’s instant, as a resident again', () => {
		const person = makePerson(db, provinceId, { fullName: 'Phạm Văn Cựu', communeId: communeA, birthYear: 1960 });
		live(db, person.id, communeA, JOINED);
		work(db, person.id, so, 'cong_chuc', JOINED, vn('2026-04-01'));
		expect(names(report(RESIDENTS.id, { unit: commune(communeA), asOf: '2026-03-31' }))).toEqual([]);
		expect(names(report(RESIDENTS.id, { unit: commune(communeA), asOf: '2026-04-30' }))).toEqual(['Phạm Văn Cựu']);
		expect(report(STAFF.id, { asOf: '2026-03-31' }).headline.inScope).toBe(1);
		expect(report(STAFF.id, { asOf: '2026-04-30' }).headline.inScope).toBe(0);
	});

	it('leaves out accounts merged into another, whose records moved to the survivor', () => {
		const survivor = resident('Đỗ Thị Còn', communeA);
		const merged = makePerson(db, provinceId, { fullName: 'Đỗ Thị Còn (trùng)', communeId: communeA, birthYear: 1980, mergedIntoId: survivor.id });
		live(db, merged.id, communeA, JOINED);
		expect(names(report(RESIDENTS.id, { unit: commune(communeA) }))).toEqual([survivor.fullName]);
	});

	it('keeps only the agencies and staff groups a criterion names, with the sub-units of a named agency', () => {
		servant('Sơn', so, 'cong_chuc');
		servant('Tâm', truong, 'vien_chuc');
		servant('An', ubndA, 'can_bo');
		const bySo = makeCriterion({ ...STAFF, id: 'chi-so-noi-vu', appliesTo: { people: 'civil_servants', agencies: ['SNV'], staffGroups: ['can_bo', 'cong_chuc', 'vien_chuc'] } });
		const byGroup = makeCriterion({ ...STAFF, id: 'chi-vien-chuc', appliesTo: { people: 'civil_servants', agencies: 'all', staffGroups: ['vien_chuc'] } });
		const unknown = makeCriterion({ ...STAFF, id: 'ma-la', appliesTo: { people: 'civil_servants', agencies: ['KHONG-CO'], staffGroups: ['cong_chuc'] } });
		const local = { ...catalog, criteria: [bySo, byGroup, unknown] };
		const headline = (id: string) => {
			const result = criterionReport(db, local, admin, provinceId, reportQuery(id), NOW);
			if (result.status !== 'ok') throw new Error(result.status);
			return result.report.headline.inScope;
		};
		expect(headline(bySo.id)).toBe(2);
		expect(headline(byGroup.id)).toBe(1);
		expect(headline(unknown.id)).toBe(0);
	});

	it('keeps only the communes a residents criterion names', () => {
		resident('Hoa', communeA);
		resident('Bảo', communeB);
		const onlyB = makeCriterion({ ...RESIDENTS, id: 'chi-phuong-b', appliesTo: { people: 'residents', communes: ['10002'] } });
		const result = criterionReport(db, { ...catalog, criteria: [onlyB] }, admin, provinceId, reportQuery(onlyB.id), NOW);
		expect(result.status === 'ok' && result.report.headline.inScope).toBe(1);
		expect(result.status === 'ok' && rowIds(result.report)).toEqual([`commune:${communeB}`]);
	});
});

describe('a person who moved', () => {
	const MOVE = vn('2026-09-01', '08:00');

	it('stays in the old commune for a report as of a day before the move, and is in the new one afterwards', () => {
		const tuan = makePerson(db, provinceId, { fullName: 'Vũ Văn Tuấn', communeId: communeB, birthYear: 1990 });
		live(db, tuan.id, communeA, JOINED, MOVE);
		live(db, tuan.id, communeB, MOVE);
		completeCourse(tuan, 'khoa-dan', '2026-03-02', { communeId: communeA });

		const before = { asOf: '2026-08-31' };
		expect(names(report(RESIDENTS.id, { ...before, unit: commune(communeA) }))).toEqual([tuan.fullName]);
		expect(names(report(RESIDENTS.id, { ...before, unit: commune(communeB) }))).toEqual([]);
		expect(report(RESIDENTS.id, before).headline).toMatchObject({ inScope: 1, met: 1 });

		// The completion goes with the person: met in the new commune too.
		expect(names(report(RESIDENTS.id, { unit: commune(communeA) }))).toEqual([]);
		expect(report(RESIDENTS.id, { unit: commune(communeB) }).people.rows).toMatchObject([{ personId: tuan.id, state: 'met' }]);
		expect(report(RESIDENTS.id).headline).toMatchObject({ inScope: 1, met: 1 });
	});

	it('stays in the old agency and the agency above it for a report as of a day before a transfer', () => {
		const ha = makePerson(db, provinceId, { fullName: 'Ngô Thị Hà', agencyId: ubndA, staffGroup: 'vien_chuc' });
		work(db, ha.id, truong, 'vien_chuc', JOINED, MOVE);
		work(db, ha.id, ubndA, 'cong_chuc', MOVE);

		const before = { asOf: '2026-08-31' };
		expect(report(STAFF.id, { ...before, unit: agency(so) }).headline.inScope).toBe(1);
		expect(rowOf(report(STAFF.id, { ...before, unit: agency(so) }), agency(truong))?.inScope).toBe(1);
		expect(report(STAFF.id, { ...before, unit: commune(communeA) }).headline.inScope).toBe(0);
		expect(report(STAFF.id, { ...before, staffGroup: 'vien_chuc' }).headline.inScope).toBe(1);

		expect(report(STAFF.id, { unit: agency(so) }).headline.inScope).toBe(0);
		expect(report(STAFF.id, { unit: commune(communeA) }).headline.inScope).toBe(1);
		expect(report(STAFF.id, { staffGroup: 'vien_chuc' }).headline.inScope).toBe(0);
	});

	it('is not counted for a day before they arrived', () => {
		const lam = makePerson(db, provinceId, { fullName: 'Lâm', communeId: communeB, birthYear: 1990 });
		live(db, lam.id, communeB, vn('2026-10-01'));
		expect(report(RESIDENTS.id, { asOf: '2026-08-31' }).headline.inScope).toBe(0);
		expect(report(RESIDENTS.id).headline.inScope).toBe(1);
	});
});

describe('roll-ups', () => {
	function residentsOfTwoCommunes() {
		const hoa = resident('Nguyễn Thị Hoa', communeA);
		const hung = resident('Trần Văn Hùng', communeA);
		resident('Lê Thị Hiền', communeA);
		const bao = resident('Phạm Văn Bảo', communeB);
		resident('Hoàng Thị Bích', communeB);
		completeCourse(hoa, 'khoa-dan', '2026-03-02');
		studyLesson(db, hung.id, 'khoa-dan', 'bai-1', vn('2026-04-01'));
		completeCourse(bao, 'khoa-dan-2', '2026-05-10');
	}

	function staffOfAgencies() {
		const son = servant('Sơn', so, 'cong_chuc');
		const tam = servant('Tâm', truong, 'vien_chuc');
		const trang = servant('Trang', truong, 'vien_chuc');
		servant('An', ubndA, 'can_bo');
		const binh = servant('Bình', ubndB, 'cong_chuc');
		servant('Thu', tramB, 'vien_chuc');
		meetStaff(son, '2026-02-10');
		meetStaff(tam, '2026-05-20');
		studyLesson(db, trang.id, 'khoa-cc-1', 'bai-1', vn('2026-03-01'), vn('2026-03-01'));
		meetStaff(binh, '2026-08-01');
	}

	it('makes the province headline the sum of its commune rows, and every tally add up to the people in scope', () => {
		residentsOfTwoCommunes();
		const province = report(RESIDENTS.id, {}, admin, BEFORE_DEADLINE);
		expect(province.headline).toMatchObject({ inScope: 5, met: 2, inProgress: 1, notStarted: 2, overdue: 0, late: 0 });
		// Rows sorted by name: Phường Bình Minh before Xã An Thịnh; Xã Cẩm Khê, where nobody counts, left out.
		expect(rowIds(province)).toEqual([`commune:${communeB}`, `commune:${communeA}`]);
		expect(rowOf(province, commune(communeA))).toMatchObject({ inScope: 3, met: 1, inProgress: 1, notStarted: 1, name: 'Xã An Thịnh', type: 'xa' });
		expect(rowOf(province, commune(communeB))).toMatchObject({ inScope: 2, met: 1, inProgress: 0, notStarted: 1, name: 'Phường Bình Minh', type: 'phuong' });
		expect(province.people.total).toBe(0);
		expectSumOfParts(province);
	});

	it('sorts the unit rows by people in scope, met people or percent, either way', () => {
		residentsOfTwoCommunes();
		const c = resident('Cao Văn Cẩm', communeC);
		completeCourse(c, 'khoa-dan', '2026-06-01');
		const order = (query: Partial<ReportQuery>) => report(RESIDENTS.id, query).units.map((row) => row.name);
		expect(order({ unitSort: 'name' })).toEqual(['Phường Bình Minh', 'Xã An Thịnh', 'Xã Cẩm Khê']);
		expect(order({ unitSort: 'inScope', descending: true })).toEqual(['Xã An Thịnh', 'Phường Bình Minh', 'Xã Cẩm Khê']);
		// One met each: names break the tie.
		expect(order({ unitSort: 'met' })).toEqual(['Phường Bình Minh', 'Xã An Thịnh', 'Xã Cẩm Khê']);
		// 100 %, 50 %, 33 %.
		expect(order({ unitSort: 'percent', descending: true })).toEqual(['Xã Cẩm Khê', 'Phường Bình Minh', 'Xã An Thịnh']);
		expect(order({ unitSort: 'percent' })).toEqual(['Xã An Thịnh', 'Phường Bình Minh', 'Xã Cẩm Khê']);
	});

	it('gives a unit the same tally in its own report as in its row one level up', () => {
		residentsOfTwoCommunes();
		const province = report(RESIDENTS.id);
		for (const id of [communeA, communeB]) {
			const own = report(RESIDENTS.id, { unit: commune(id) });
			const { unit: _unit, name: _name, type: _type, ...row } = rowOf(province, commune(id))!;
			expect(own.headline).toEqual(row);
			expectSumOfParts(own);
		}
	});

	it('includes a sub-agency’s people in its parent agency, and lists only the parent’s own people under it', () => {
		staffOfAgencies();
		const soReport = report(STAFF.id, { unit: agency(so) });
		expect(soReport.headline).toMatchObject({ inScope: 3, met: 2, overdue: 1 });
		expect(rowIds(soReport)).toEqual([`agency:${truong}`]);
		expect(rowOf(soReport, agency(truong))).toMatchObject({ inScope: 2, met: 1, overdue: 1 });
		expect(names(soReport)).toEqual(['Sơn']);
		expectSumOfParts(soReport);
	});

	it('makes the province headline of a staff criterion the sum of its top agencies, sub-units included', () => {
		staffOfAgencies();
		const province = report(STAFF.id);
		expect(province.headline).toMatchObject({ inScope: 6, met: 3, late: 1, overdue: 3, inProgress: 0, notStarted: 0 });
		expect(new Set(rowIds(province))).toEqual(new Set([`agency:${so}`, `agency:${ubndA}`, `agency:${ubndB}`]));
		expect(rowOf(province, agency(ubndB))).toMatchObject({ inScope: 2, met: 1, late: 1, overdue: 1, type: 'commune' });
		expectSumOfParts(province);
	});

	it('shows a commune’s People’s Committee, not its sub-units, as the commune’s rows for a staff criterion', () => {
		staffOfAgencies();
		const communeReport = report(STAFF.id, { unit: commune(communeB) });
		expect(rowIds(communeReport)).toEqual([`agency:${ubndB}`]);
		expect(communeReport.headline.inScope).toBe(2);
		expectSumOfParts(communeReport);
		const committee = report(STAFF.id, { unit: agency(ubndB) });
		expect(rowIds(committee)).toEqual([`agency:${tramB}`]);
		expect(names(committee)).toEqual(['Bình']);
		expectSumOfParts(committee);
	});

	it('reports residents as not counted in an agency', () => {
		residentsOfTwoCommunes();
		const r = report(RESIDENTS.id, { unit: agency(ubndA) });
		expect(r.applies).toBe(false);
		expect(r.headline.inScope).toBe(0);
		expect(report(STAFF.id, { unit: agency(ubndA) }).applies).toBe(true);
	});

	it('counts as met a week ago only those met by then', () => {
		const early = resident('Sớm', communeA);
		const late = resident('Muộn', communeA);
		completeCourse(early, 'khoa-dan', '2026-05-20');
		completeCourse(late, 'khoa-dan', '2026-05-28');
		expect(report(RESIDENTS.id, { asOf: '2026-05-31' }).headline).toMatchObject({ met: 2, metWeekAgo: 1 });
	});

	it('reads scores, course versions and lessons from the database as the rules need them', () => {
		const low = servant('Điểm Thấp', so);
		completeCourse(low, 'khoa-cc-1', '2026-02-01', { score: 79 });
		completeCourse(low, 'khoa-cc-2', '2026-02-01', { score: 100 });
		const quiz = servant('Làm Kiểm Tra', so);
		startQuiz(db, quiz.id, 'khoa-cc-2', vn('2026-02-01'));
		servant('Chưa Học', so);
		const rows = report(STAFF.id, { unit: agency(so), asOf: '2026-05-31' }).people.rows;
		expect(rows.find((row) => row.fullName === 'Điểm Thấp')).toMatchObject({ state: 'in_progress', percent: 50 });
		expect(rows.find((row) => row.fullName === 'Làm Kiểm Tra')).toMatchObject({ state: 'in_progress', percent: 0 });
		expect(rows.find((row) => row.fullName === 'Chưa Học')).toMatchObject({ state: 'not_started', percent: 0 });
	});

	it('counts lessons only up to the report’s instant', () => {
		const person = servant('Học Dần', so);
		studyLesson(db, person.id, 'khoa-cc-1', 'bai-1', vn('2026-02-01'), vn('2026-02-01'));
		studyLesson(db, person.id, 'khoa-cc-1', 'bai-2', vn('2026-02-01'), vn('2026-04-01'));
		studyLesson(db, person.id, 'khoa-cc-2', 'bai-1', vn('2026-04-01'), vn('2026-04-01'));
		const asOf = (day: string) => report(STAFF.id, { unit: agency(so), asOf: day }).people.rows[0];
		expect(asOf('2026-01-15')).toMatchObject({ state: 'not_started', percent: 0 });
		// One of khoa-cc-1's five steps, nothing of khoa-cc-2's three: 0.2 / 2.
		expect(asOf('2026-03-01')).toMatchObject({ state: 'in_progress', percent: 10 });
		// Two of five, one of three: (0.4 + 0.333…) / 2.
		expect(asOf('2026-05-01')).toMatchObject({ state: 'in_progress', percent: 36 });
	});
});

describe('denominators', () => {
	function residents() {
		const hoa = resident('Hoa', communeA);
		resident('Hùng', communeA);
		resident('Hiền', communeA);
		const bao = resident('Bảo', communeB);
		resident('Bích', communeB);
		completeCourse(hoa, 'khoa-dan', '2026-03-02');
		completeCourse(bao, 'khoa-dan', '2026-03-02');
	}

	it('counts the people in scope when the criterion counts them: target people rounded up, behind when fewer met', () => {
		residents();
		const province = report(RESIDENTS.id);
		// 50 % of 3 is 1.5: 2 people.
		expect(rowOf(province, commune(communeA))).toMatchObject({ denominator: 3, denominatorEntered: false, targetPeople: 2, met: 1, behind: true });
		expect(rowOf(province, commune(communeA))!.percent).toBeCloseTo(100 / 3);
		expect(rowOf(province, commune(communeB))).toMatchObject({ denominator: 2, targetPeople: 1, met: 1, behind: false, percent: 50 });
		expect(province.headline).toMatchObject({ denominator: 5, denominatorEntered: false, targetPeople: 3, met: 2, behind: true, percent: 40 });
	});

	it('has no percent and nobody to reach where nobody is counted', () => {
		const empty = report(RESIDENTS.id, { unit: commune(communeC) });
		expect(empty.headline).toMatchObject({ inScope: 0, denominator: 0, targetPeople: 0, percent: null, behind: false });
	});

	it('uses the entered numbers, falls back on the people counted where none was entered, and adds the communes up for the province', () => {
		residents();
		enterDenominator(db, RESIDENTS_ENTERED.id, provinceId, { communeId: communeA }, 10);
		enterDenominator(db, RESIDENTS_ENTERED.id, provinceId, { communeId: communeC }, 4);
		// Another criterion's number is not this one's.
		enterDenominator(db, 'tieu-chi-khac', provinceId, { communeId: communeB }, 1000);
		const province = report(RESIDENTS_ENTERED.id);
		// 60 % of 10 people is 6.
		expect(rowOf(province, commune(communeA))).toMatchObject({ inScope: 3, met: 1, denominator: 10, denominatorEntered: true, targetPeople: 6, percent: 10, behind: true });
		// No number for commune B: its 2 people counted; 60 % of 2 is 1.2, so 2 people.
		expect(rowOf(province, commune(communeB))).toMatchObject({ inScope: 2, met: 1, denominator: 2, denominatorEntered: false, targetPeople: 2, percent: 50, behind: true });
		// Commune C has nobody registered, but a number: it is listed.
		expect(rowOf(province, commune(communeC))).toMatchObject({ inScope: 0, denominator: 4, denominatorEntered: true, targetPeople: 3, percent: 0, behind: true });
		expect(province.headline).toMatchObject({ inScope: 5, met: 2, denominator: 16, denominatorEntered: true, targetPeople: 10, behind: true });
		expect(province.headline.percent).toBeCloseTo(12.5);
		expect(report(RESIDENTS_ENTERED.id, { unit: commune(communeA) }).headline).toMatchObject({ denominator: 10, denominatorEntered: true, targetPeople: 6 });
	});

	it('is not behind once the met people reach the target of an entered number', () => {
		const people = ['Một', 'Hai', 'Ba'].map((name) => resident(name, communeA));
		enterDenominator(db, RESIDENTS_ENTERED.id, provinceId, { communeId: communeA }, 5);
		for (const person of people) completeCourse(person, 'khoa-dan', '2026-03-02');
		// 60 % of 5 is exactly 3.
		expect(report(RESIDENTS_ENTERED.id, { unit: commune(communeA) }).headline).toMatchObject({ met: 3, targetPeople: 3, behind: false, percent: 60 });
	});

	it('adds up a parent agency’s own people and its sub-units’ entered numbers when it has none of its own', () => {
		servant('Sơn', so);
		servant('Tâm', truong, 'vien_chuc');
		servant('Bình', ubndB);
		enterDenominator(db, STAFF_ENTERED.id, provinceId, { agencyId: truong }, 5);
		const soReport = report(STAFF_ENTERED.id, { unit: agency(so) });
		// Sơn himself, plus the 5 entered for Trường Chính trị.
		expect(soReport.headline).toMatchObject({ inScope: 2, denominator: 6, denominatorEntered: true, targetPeople: 6 });
		expect(rowOf(soReport, agency(truong))).toMatchObject({ inScope: 1, denominator: 5, denominatorEntered: true });
		const province = report(STAFF_ENTERED.id);
		expect(rowOf(province, agency(ubndB))).toMatchObject({ denominator: 1, denominatorEntered: false });
		expect(province.headline).toMatchObject({ inScope: 3, denominator: 7, denominatorEntered: true });
	});

	it('lets an agency’s own entered number stand for its sub-units too', () => {
		servant('Sơn', so);
		servant('Tâm', truong, 'vien_chuc');
		enterDenominator(db, STAFF_ENTERED.id, provinceId, { agencyId: so }, 20);
		enterDenominator(db, STAFF_ENTERED.id, provinceId, { agencyId: truong }, 5);
		expect(report(STAFF_ENTERED.id, { unit: agency(so) }).headline).toMatchObject({ denominator: 20, denominatorEntered: true });
		expect(report(STAFF_ENTERED.id).headline.denominator).toBe(20);
	});
});

describe('a report for a past day', () => {
	it('stays the same after a later revocation, a later move and anonymising the person, who still counts', () => {
		const mai = resident('Đinh Thị Mai', communeA);
		const hung = resident('Trần Văn Hùng', communeA);
		resident('Lý Văn Khoa', communeB);
		const completion = completeCourse(mai, 'khoa-dan', '2026-03-02');
		studyLesson(db, hung.id, 'khoa-dan', 'bai-1', vn('2026-04-01'));
		const past = { asOf: '2026-08-31' };
		const queries: Partial<ReportQuery>[] = [past, { ...past, unit: commune(communeA) }, { ...past, unit: commune(communeB) }];
		const before = queries.map((query) => report(RESIDENTS.id, query));
		expect(before[1]!.people.rows.find((row) => row.personId === mai.id)).toMatchObject({ state: 'met', anonymised: false });

		// Later: the certificate is revoked, Mai moves to commune B, then asks to be forgotten.
		db.update(certificates).set({ revokedAt: new Date(vn('2026-10-01')), revokedReason: 'Cấp nhầm' }).where(eq(certificates.completionId, completion.id)).run();
		const leaving = new Date(vn('2026-10-15'));
		db.update(memberships).set({ endedAt: leaving }).where(and(eq(memberships.personId, mai.id), eq(memberships.kind, 'residence'))).run();
		live(db, mai.id, communeB, leaving);
		const forgotten = 'Người dùng đã ẩn danh';
		db.update(people).set({ anonymisedAt: new Date(vn('2026-11-01')), fullName: forgotten, searchName: foldForSearch(forgotten), communeId: communeB }).where(eq(people.id, mai.id)).run();

		const after = queries.map((query) => report(RESIDENTS.id, query));
		after.forEach((r, i) => {
			const was = before[i]!;
			expect(r.asOf).toEqual(was.asOf);
			expect(r.headline).toEqual(was.headline);
			expect(r.units).toEqual(was.units);
			expect(r.trend).toEqual(was.trend);
			const withoutName = (rows: CriterionReport['people']['rows']) => rows.map(({ fullName: _f, anonymised: _a, ...rest }) => rest);
			expect(withoutName(r.people.rows)).toEqual(withoutName(was.people.rows));
		});
		expect(after[1]!.people.rows.find((row) => row.personId === mai.id)).toMatchObject({ fullName: forgotten, anonymised: true, state: 'met' });

		// Today she is in commune B, anonymised, still counted, and no longer met.
		const now = report(RESIDENTS.id, { unit: commune(communeB) });
		expect(now.headline.inScope).toBe(2);
		expect(now.people.rows.find((row) => row.personId === mai.id)).toMatchObject({ anonymised: true, state: 'overdue' });
		expect(report(RESIDENTS.id).headline.inScope).toBe(3);
	});

	it('is computed at the end of the chosen day in Vietnam, never after the period or now', () => {
		const person = resident('Hoa', communeA);
		completeCourse(person, 'khoa-dan', '2026-03-02', {});
		expect(report(RESIDENTS.id, { asOf: '2026-03-01' }).asOf).toEqual(vietnamDayEnd('2026-03-01'));
		expect(report(RESIDENTS.id, { asOf: '2026-03-01' }).headline.met).toBe(0);
		expect(report(RESIDENTS.id, { asOf: '2026-03-02' }).headline.met).toBe(1);
		expect(report(RESIDENTS.id).asOf).toEqual(YEAR_END);
		expect(report(RESIDENTS.id, { asOf: '2027-01-15' }).asOf).toEqual(YEAR_END);
		const midYear = new Date(vn('2026-06-15'));
		expect(report(RESIDENTS.id, { asOf: '2026-09-01' }, admin, midYear).asOf).toEqual(midYear);
	});

	it('does not count a completion after the period’s end, even when the report is asked for later', () => {
		const person = resident('Hoa', communeA);
		complete(db, person, 'khoa-dan', '2026-12-31T17:00:00Z', { communeId: communeA });
		expect(report(RESIDENTS.id).headline).toMatchObject({ inScope: 1, met: 0 });
	});
});

describe('the age range of a residents criterion', () => {
	it('counts people by birth year, by the age they reach in the year the period ends', () => {
		resident('Tròn Mười Lăm', communeA, 2011);
		resident('Mới Mười Bốn', communeA, 2012);
		resident('Tròn Sáu Mươi', communeA, 1966);
		resident('Sáu Mươi Mốt', communeA, 1965);
		expect(names(report(RESIDENTS_AGED.id, { unit: commune(communeA) }))).toEqual(['Tròn Mười Lăm', 'Tròn Sáu Mươi']);
		// Without an upper bound, only the lower one applies.
		expect(names(report(RESIDENTS.id, { unit: commune(communeA) }))).toEqual(['Sáu Mươi Mốt', 'Tròn Mười Lăm', 'Tròn Sáu Mươi']);
	});

	it('takes the year a period ends in, not the year it starts in', () => {
		resident('Sinh 2011', communeA, 2011);
		resident('Sinh 2012', communeA, 2012);
		expect(names(report(SCHOOL_YEAR.id, { unit: commune(communeA) }))).toEqual(['Sinh 2011']);
	});
});

describe('what a viewer may open', () => {
	it('gives a commune manager their commune and its agencies, and refuses another commune, the province and another commune’s agencies', () => {
		const manager = viewer({ role: 'unit_manager', communeId: communeA });
		expect(outcome(RESIDENTS.id, { unit: commune(communeA) }, manager).status).toBe('ok');
		expect(outcome(STAFF.id, { unit: agency(ubndA) }, manager).status).toBe('ok');
		expect(outcome(RESIDENTS.id, { unit: commune(communeB) }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(RESIDENTS.id, { unit: { kind: 'province' } }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(STAFF.id, { unit: agency(ubndB) }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(STAFF.id, { unit: agency(tramB) }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(STAFF.id, { unit: agency(so) }, manager)).toEqual({ status: 'forbidden' });
	});

	it('answers not found for a unit or criterion that does not exist', () => {
		const manager = viewer({ role: 'unit_manager', communeId: communeA });
		expect(outcome(RESIDENTS.id, { unit: commune(999_999) }, manager)).toEqual({ status: 'not-found' });
		expect(outcome(STAFF.id, { unit: agency(999_999) }, manager)).toEqual({ status: 'not-found' });
		expect(outcome('khong-co-tieu-chi', { unit: commune(communeA) }, manager)).toEqual({ status: 'not-found' });
		expect(outcome(RESIDENTS.id, { unit: commune(999_999) })).toEqual({ status: 'not-found' });
	});

	it('never reports another province’s unit, nor a province to another province’s admin', () => {
		const other = makeProvince(db, '26', 'Tỉnh Khác').id;
		const elsewhere = makeCommune(db, other, { code: '20001', name: 'Xã Khác' }).id;
		expect(outcome(RESIDENTS.id, { unit: commune(elsewhere) }).status).not.toBe('ok');
		const stranger = { personId: admin.personId, grants: [{ role: 'province_admin' as const, provinceId: other, communeId: null, agencyId: null }] };
		expect(outcome(RESIDENTS.id, {}, stranger)).toEqual({ status: 'forbidden' });
	});

	it('gives an agency manager their agency and its sub-units only', () => {
		const manager = viewer({ role: 'unit_manager', agencyId: so });
		expect(outcome(STAFF.id, { unit: agency(so) }, manager).status).toBe('ok');
		expect(outcome(STAFF.id, { unit: agency(truong) }, manager).status).toBe('ok');
		expect(outcome(STAFF.id, { unit: agency(ubndA) }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(STAFF.id, { unit: commune(communeA) }, manager)).toEqual({ status: 'forbidden' });
		expect(outcome(STAFF.id, {}, manager)).toEqual({ status: 'forbidden' });
	});

	it('refuses reports to a facilitator, who helps residents but does not read reports', () => {
		const facilitator = viewer({ role: 'facilitator', communeId: communeA });
		expect(outcome(RESIDENTS.id, { unit: commune(communeA) }, facilitator)).toEqual({ status: 'forbidden' });
	});

	it('shows in the trail only the units above that the viewer may open', () => {
		const manager = viewer({ role: 'unit_manager', communeId: communeB });
		expect(report(STAFF.id, { unit: agency(tramB) }, manager).trail.map((step) => step.name)).toEqual(['Phường Bình Minh', 'UBND phường Bình Minh', 'Trạm Y tế Bình Minh']);
		expect(report(STAFF.id, { unit: agency(tramB) }).trail.map((step) => step.name)).toEqual(['Tỉnh Phú Thọ', 'Phường Bình Minh', 'UBND phường Bình Minh', 'Trạm Y tế Bình Minh']);
		expect(report(STAFF.id, { unit: agency(truong) }).trail.map((step) => step.name)).toEqual(['Tỉnh Phú Thọ', 'Sở Nội vụ', 'Trường Chính trị']);
	});
});

describe('filters', () => {
	it('narrows the rule to one of the criterion’s courses', () => {
		const nam = servant('Nam', so);
		completeCourse(nam, 'khoa-cc-1', '2026-03-01', { score: 95 });
		const whole = report(STAFF.id, { unit: agency(so) });
		expect(whole.people.rows[0]).toMatchObject({ state: 'overdue' });
		const one = report(STAFF.id, { unit: agency(so), courseId: 'khoa-cc-1' });
		expect(one.people.rows[0]).toMatchObject({ state: 'met', percent: 100, late: false });
		expect(one.headline).toMatchObject({ met: 1, inScope: 1 });
		expect(one.trend.at(-1)!.met).toBe(1);
		expect(one.criterion.met.courses).toEqual(['khoa-cc-1', 'khoa-cc-2']);
		expect(report(STAFF.id, { unit: agency(so), courseId: 'khoa-cc-2' }).people.rows[0]).toMatchObject({ state: 'overdue' });
	});

	it('keeps the criterion’s minimum score when narrowed to one course', () => {
		const nam = servant('Nam', so);
		completeCourse(nam, 'khoa-cc-1', '2026-03-01', { score: 70 });
		expect(report(STAFF.id, { unit: agency(so), courseId: 'khoa-cc-1' }).headline.met).toBe(0);
	});

	it('counts only the chosen staff group', () => {
		servant('Sơn', so, 'cong_chuc');
		servant('Tâm', truong, 'vien_chuc');
		servant('Trang', truong, 'vien_chuc');
		servant('An', ubndA, 'can_bo');
		const vienChuc = report(STAFF.id, { staffGroup: 'vien_chuc' });
		expect(vienChuc.headline.inScope).toBe(2);
		expect(rowIds(vienChuc)).toEqual([`agency:${so}`]);
		expectSumOfParts(vienChuc);
		const canBo = report(STAFF.id, { staffGroup: 'can_bo' });
		expect(canBo.headline.inScope).toBe(1);
		expect(rowIds(canBo)).toEqual([`agency:${ubndA}`]);
		expect(names(report(STAFF.id, { unit: agency(so), staffGroup: 'vien_chuc' }))).toEqual([]);
	});

	it('counts only communes of the chosen type, or agencies of the chosen level', () => {
		resident('Hoa', communeA);
		resident('Bảo', communeB);
		resident('Bích', communeB);
		const wards = report(RESIDENTS.id, { unitType: 'phuong' });
		expect(wards.headline.inScope).toBe(2);
		expect(rowIds(wards)).toEqual([`commune:${communeB}`]);
		expectSumOfParts(wards);

		servant('Sơn', so);
		servant('Tâm', truong, 'vien_chuc');
		servant('An', ubndA, 'can_bo');
		servant('Thu', tramB, 'vien_chuc');
		const communeLevel = report(STAFF.id, { unitType: 'commune' });
		expect(communeLevel.headline.inScope).toBe(2);
		expect(new Set(rowIds(communeLevel))).toEqual(new Set([`agency:${ubndA}`, `agency:${ubndB}`]));
		expectSumOfParts(communeLevel);
		const provinceLevel = report(STAFF.id, { unitType: 'province' });
		expect(provinceLevel.headline.inScope).toBe(2);
		expect(rowIds(provinceLevel)).toEqual([`agency:${so}`]);
		expectSumOfParts(provinceLevel);
	});
});

describe('the people of a unit', () => {
	function fiveResidents() {
		const an = resident('An Thị Hoa', communeA);
		const au = resident('Âu Văn Bình', communeA);
		resident('Bùi Văn Cường', communeA);
		const duong = resident('Dương Thị Dung', communeA);
		const dang = resident('Đặng Văn Đức', communeA);
		completeCourse(an, 'khoa-dan', '2026-03-02');
		completeCourse(duong, 'khoa-dan-2', '2026-04-02');
		studyLesson(db, au.id, 'khoa-dan', 'bai-1', vn('2026-03-05'), vn('2026-03-05'));
		studyLesson(db, dang.id, 'khoa-dan', 'bai-1', vn('2026-03-05'));
	}

	it('sorts by name in Vietnamese order, either way', () => {
		fiveResidents();
		const order = ['An Thị Hoa', 'Âu Văn Bình', 'Bùi Văn Cường', 'Dương Thị Dung', 'Đặng Văn Đức'];
		expect(names(report(RESIDENTS.id, { unit: commune(communeA) }))).toEqual(order);
		expect(names(report(RESIDENTS.id, { unit: commune(communeA), descending: true }))).toEqual([...order].reverse());
	});

	it('sorts by state from the most urgent, and by percent, names breaking ties', () => {
		fiveResidents();
		const byState = report(RESIDENTS.id, { unit: commune(communeA), peopleSort: 'state' }, admin, BEFORE_DEADLINE);
		expect(byState.people.rows.map((row) => [row.state, row.fullName])).toEqual([
			['not_started', 'Bùi Văn Cường'],
			['in_progress', 'Âu Văn Bình'],
			['in_progress', 'Đặng Văn Đức'],
			['met', 'An Thị Hoa'],
			['met', 'Dương Thị Dung']
		]);
		const byPercent = report(RESIDENTS.id, { unit: commune(communeA), peopleSort: 'percent', descending: true });
		expect(byPercent.people.rows.map((row) => [row.percent, row.fullName])).toEqual([
			[100, 'Dương Thị Dung'],
			[100, 'An Thị Hoa'],
			[50, 'Âu Văn Bình'],
			[0, 'Đặng Văn Đức'],
			[0, 'Bùi Văn Cường']
		]);
	});

	it('puts overdue people first when sorting by state', () => {
		const late = servant('Trễ Hạn', so);
		const done = servant('Xong', so);
		meetStaff(done, '2026-03-01');
		studyLesson(db, late.id, 'khoa-cc-1', 'bai-1', vn('2026-03-01'));
		expect(report(STAFF.id, { unit: agency(so), peopleSort: 'state' }).people.rows.map((row) => row.state)).toEqual(['overdue', 'met']);
	});

	it('shows only the people in the chosen state, the tallies unchanged', () => {
		fiveResidents();
		const met = report(RESIDENTS.id, { unit: commune(communeA), state: 'met' }, admin, BEFORE_DEADLINE);
		expect(names(met)).toEqual(['An Thị Hoa', 'Dương Thị Dung']);
		expect(met.people.total).toBe(2);
		expect(met.headline.inScope).toBe(5);
		expect(names(report(RESIDENTS.id, { unit: commune(communeA), state: 'overdue' }, admin, BEFORE_DEADLINE))).toEqual([]);
		// Once the period is over, whoever has not met it missed the deadline.
		expect(names(report(RESIDENTS.id, { unit: commune(communeA), state: 'overdue' }))).toHaveLength(3);
	});

	it('pages the people 50 at a time, a page past the end showing the last one', () => {
		const created = Array.from({ length: 55 }, (_, i) => resident(`Học Viên ${String(i + 1).padStart(2, '0')}`, communeC));
		created.filter((_, i) => i % 5 === 0).forEach((person) => completeCourse(person, 'khoa-dan', '2026-03-02'));
		expect(PEOPLE_PAGE_SIZE).toBe(50);
		const first = report(RESIDENTS.id, { unit: commune(communeC) });
		expect(first.people).toMatchObject({ total: 55, page: 1, pages: 2 });
		expect(first.people.rows).toHaveLength(50);
		expect(first.people.rows[0]!.fullName).toBe('Học Viên 01');
		const second = report(RESIDENTS.id, { unit: commune(communeC), page: 2 });
		expect(names(second)).toEqual(['Học Viên 51', 'Học Viên 52', 'Học Viên 53', 'Học Viên 54', 'Học Viên 55']);
		expect(report(RESIDENTS.id, { unit: commune(communeC), page: 9 }).people).toMatchObject({ page: 2, pages: 2 });
		const met = report(RESIDENTS.id, { unit: commune(communeC), state: 'met' });
		expect(met.people).toMatchObject({ total: 11, pages: 1 });
		expect(first.headline).toMatchObject({ inScope: 55, met: 11 });
	});
});

describe('the weekly trend', () => {
	it('counts the people met by the end of each week, cumulatively, ending with the report’s met count', () => {
		const mai = resident('Mai', communeA);
		const bao = resident('Bảo', communeB);
		const cuc = resident('Cúc', communeB);
		resident('Hiền', communeA);
		completeCourse(mai, 'khoa-dan', '2026-03-02');
		completeCourse(bao, 'khoa-dan', '2026-05-10');
		completeCourse(cuc, 'khoa-dan-2', '2026-05-28');
		const r = report(RESIDENTS.id, { asOf: '2026-05-31' });
		const { trend } = r;
		expect(trend.at(-1)).toEqual({ day: '2026-05-31', met: 3 });
		expect(trend.at(-1)!.met).toBe(r.headline.met);
		// Weeks back from 31 May to the period's first week: 4 January is the earliest.
		expect(trend[0]!.day).toBe('2026-01-04');
		expect(trend).toHaveLength(22);
		for (let i = 1; i < trend.length; i++) {
			expect(Date.parse(trend[i]!.day) - Date.parse(trend[i - 1]!.day)).toBe(7 * DAY_MS);
			expect(trend[i]!.met).toBeGreaterThanOrEqual(trend[i - 1]!.met);
		}
		const at = (day: string) => trend.find((point) => point.day === day)?.met;
		expect(at('2026-03-01')).toBe(0);
		expect(at('2026-03-08')).toBe(1);
		expect(at('2026-05-10')).toBe(2);
		expect(at('2026-05-24')).toBe(2);
		expect(r.headline.metWeekAgo).toBe(at('2026-05-24'));
	});

	it('counts only the unit’s people', () => {
		const mai = resident('Mai', communeA);
		const bao = resident('Bảo', communeB);
		completeCourse(mai, 'khoa-dan', '2026-03-02');
		completeCourse(bao, 'khoa-dan', '2026-03-02');
		expect(report(RESIDENTS.id, { unit: commune(communeA) }).trend.at(-1)).toEqual({ day: '2026-12-31', met: 1 });
		expect(report(RESIDENTS.id).trend.at(-1)).toEqual({ day: '2026-12-31', met: 2 });
	});
});

describe('one person’s criteria', () => {
	it('lists the criteria that apply to a resident, each as of its own report instant, and keeps one year’s when asked', () => {
		const hoa = resident('Nguyễn Thị Hoa', communeA);
		completeCourse(hoa, 'khoa-dan', '2026-03-02');
		const all = personCriteria(db, catalog, hoa, NOW);
		expect(all.map((entry) => entry.criterion.id)).toEqual([RESIDENTS.id, RESIDENTS_ENTERED.id, RESIDENTS_AGED.id, SCHOOL_YEAR.id, RESIDENTS_2025.id]);
		const residents = all.find((entry) => entry.criterion.id === RESIDENTS.id)!;
		expect(residents.asOf).toEqual(YEAR_END);
		expect(residents.status).toMatchObject({ state: 'met', metAt: new Date(vn('2026-03-02')), late: false });
		const lastYear = all.find((entry) => entry.criterion.id === RESIDENTS_2025.id)!;
		expect(lastYear.asOf).toEqual(vietnamDayEnd('2025-12-31'));
		expect(lastYear.status.state).not.toBe('met');
		expect(personCriteria(db, catalog, hoa, NOW, 2025).map((entry) => entry.criterion.id)).toEqual([SCHOOL_YEAR.id, RESIDENTS_2025.id]);
		expect(personCriteria(db, catalog, hoa, NOW, 2027)).toEqual([]);
	});

	it('lists only the staff criteria for a civil servant who also lives in a commune', () => {
		const lan = servant('Lê Thị Lan', so, 'cong_chuc', communeA);
		meetStaff(lan, '2026-07-02');
		const list = personCriteria(db, catalog, lan, NOW);
		expect(list.map((entry) => entry.criterion.id)).toEqual([STAFF.id, STAFF_ENTERED.id]);
		expect(list[0]!.status).toMatchObject({ state: 'met', late: true });
	});

	it('lists nothing for someone outside every criterion’s age range', () => {
		const child = resident('Em Nhỏ', communeA, 2016);
		expect(personCriteria(db, catalog, child, NOW)).toEqual([]);
	});

	it('agrees with the unit report on the person’s standing', () => {
		const hoa = resident('Hoa', communeA);
		const hung = resident('Hùng', communeA);
		completeCourse(hoa, 'khoa-dan', '2026-03-02');
		studyLesson(db, hung.id, 'khoa-dan', 'bai-1', vn('2026-04-01'), vn('2026-04-01'));
		const unit = report(RESIDENTS.id, { unit: commune(communeA) });
		for (const person of [hoa, hung]) {
			const own = personCriteria(db, catalog, person, NOW).find((entry) => entry.criterion.id === RESIDENTS.id)!;
			const { state, metAt, late, percent, evidence } = unit.people.rows.find((row) => row.personId === person.id)!;
			expect(own.status).toEqual({ state, metAt, late, percent, evidence });
			expect(stateOf(unit, person)).toBe(own.status.state);
		}
	});
});
