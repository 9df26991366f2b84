import { beforeEach, describe, expect, it } from 'vitest';
import { campaignSchema } from '../../src/lib/schemas/campaigns';
import { parseForm } from '../../src/lib/schemas/admin';
import type { Viewer } from '../../src/lib/server/auth/scope';
import { type NewCampaign, campaignDetail, campaignsInView, cancelCampaign, createCampaign, exportCampaign, filterMembers } from '../../src/lib/server/campaigns';
import { campaignStanding } from '../../src/lib/server/campaigns/standing';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { assignedCourses } from '../../src/lib/server/progress/learning';
import { vietnamDayEnd, vietnamDayStart } from '../../src/lib/vietnam-day';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { complete, makeCourse, startQuiz, studyLesson } from '../helpers/reports';

const COURSES = [makeCourse('khoa-a', 4, false), makeCourse('khoa-b', 2, true)];
const course = (id: string, lessons: number) => ({ id, lessons });
const DEADLINE = vietnamDayEnd('2026-06-30');
const BEFORE = new Date('2026-06-30T16:59:59.999Z'); // 23:59:59.999 on the deadline day in Vietnam
const AFTER = new Date('2026-06-30T17:00:00.000Z');

describe('campaignStanding', () => {
	const facts = (entries: [string, { completedAt?: Date | null; lessonsDone?: number; started?: boolean }][]) =>
		new Map(entries.map(([id, fact]) => [id, { completedAt: null, lessonsDone: 0, started: false, ...fact }]));

	it('is done when every course is completed, whenever that was, dated by the last one', () => {
		const first = new Date('2025-01-05T00:00:00Z');
		const last = new Date('2026-03-01T00:00:00Z');
		const standing = campaignStanding([course('a', 4), course('b', 2)], facts([['a', { completedAt: last }], ['b', { completedAt: first }]]), DEADLINE, AFTER);
		expect(standing).toEqual({ state: 'done', percent: 100, completedAt: last, late: false });
	});

	it('marks a completion after the deadline as late, not overdue', () => {
		const standing = campaignStanding([course('a', 4)], facts([['a', { completedAt: AFTER }]]), DEADLINE, AFTER);
		expect(standing).toMatchObject({ state: 'done', late: true });
	});

	it('turns overdue only after the last millisecond of the deadline day in Vietnam', () => {
		const open = facts([['a', { lessonsDone: 1, started: true }]]);
		expect(campaignStanding([course('a', 4)], open, DEADLINE, BEFORE).state).toBe('in_progress');
		expect(campaignStanding([course('a', 4)], open, DEADLINE, AFTER).state).toBe('overdue');
		expect(campaignStanding([course('a', 4)], facts([]), DEADLINE, BEFORE).state).toBe('not_started');
	});

	it('counts progress over all lessons, a completed course counting whole and extra rows capped', () => {
		const standing = campaignStanding([course('a', 4), course('b', 2)], facts([['a', { lessonsDone: 9, started: true }], ['b', { completedAt: BEFORE }]]), DEADLINE, BEFORE);
		expect(standing).toMatchObject({ state: 'in_progress', percent: 100 });
		const half = campaignStanding([course('a', 4), course('b', 2)], facts([['a', { lessonsDone: 3, started: true }]]), DEADLINE, BEFORE);
		expect(half.percent).toBe(50);
	});

	it('a campaign with no courses is never done', () => {
		expect(campaignStanding([], facts([]), DEADLINE, BEFORE).state).toBe('not_started');
	});
});

describe('campaigns for managers', () => {
	let db: AppDatabase;
	let provinceId: number;
	let communeA: number;
	let communeB: number;
	let committeeA: number;
	let department: number;
	let office: number;
	let admin: Viewer;
	let managerA: Viewer;
	let managerB: Viewer;
	let departmentManager: Viewer;
	let facilitatorA: Viewer;
	const now = new Date('2026-05-10T03:00:00Z');
	const person = (values: Parameters<typeof makePerson>[2]) => makePerson(db, provinceId, values);
	const input = (overrides: Partial<NewCampaign> = {}): NewCampaign => ({
		title: 'Học dịch vụ công',
		unit: { kind: 'commune', id: communeA },
		includeSubunits: true,
		audience: 'all',
		staffGroup: null,
		courseIds: ['khoa-a', 'khoa-b'],
		startsAt: vietnamDayStart('2026-05-01'),
		deadlineAt: DEADLINE,
		...overrides
	});
	const create = (viewer: Viewer, overrides: Partial<NewCampaign> = {}) => {
		const result = createCampaign(db, viewer, input(overrides), COURSES, 'req-1', now);
		if (result.status !== 'created') throw new Error(JSON.stringify(result));
		return result.id;
	};
	const names = (viewer: Viewer, id: number, at = now) => campaignDetail(db, viewer, id, COURSES, at)!.members.map((member) => member.fullName);
	const audit = (action: string) => db.$client.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').all(action) as Record<string, unknown>[];

	beforeEach(() => {
		db = testDatabase();
		provinceId = makeProvince(db).id;
		communeA = makeCommune(db, provinceId, { name: 'Xã A' }).id;
		communeB = makeCommune(db, provinceId, { name: 'Xã B' }).id;
		committeeA = makeAgency(db, provinceId, { name: 'UBND xã A', level: 'commune', communeId: communeA }).id;
		department = makeAgency(db, provinceId, { name: 'Sở Nội vụ' }).id;
		office = makeAgency(db, provinceId, { name: 'Văn phòng Sở', parentAgencyId: department }).id;
		const grant = (role: 'province_admin' | 'unit_manager' | 'facilitator', unit: { communeId?: number; agencyId?: number } = {}): Viewer => ({
			personId: person({ fullName: `Quản lý ${role}` }).id,
			grants: [{ role, provinceId, communeId: unit.communeId ?? null, agencyId: unit.agencyId ?? null }]
		});
		admin = grant('province_admin');
		managerA = grant('unit_manager', { communeId: communeA });
		managerB = grant('unit_manager', { communeId: communeB });
		departmentManager = grant('unit_manager', { agencyId: department });
		facilitatorA = grant('facilitator', { communeId: communeA });
	});

	it("a commune's campaign lists its residents and its own staff, not another commune's people", () => {
		person({ fullName: 'An dân xã A', communeId: communeA });
		person({ fullName: 'Bình công chức xã A', communeId: communeB, agencyId: committeeA, staffGroup: 'cong_chuc' });
		person({ fullName: 'Chi dân xã B', communeId: communeB });
		person({ fullName: 'Dũng công chức Sở', communeId: communeB, agencyId: department, staffGroup: 'cong_chuc' });
		const id = create(managerA);
		expect(names(managerA, id)).toEqual(['An dân xã A', 'Bình công chức xã A']);
		expect(names(managerA, create(managerA, { audience: 'residents' }))).toEqual(['An dân xã A']);
		expect(names(managerA, create(managerA, { audience: 'civil_servants' }))).toEqual(['Bình công chức xã A']);
	});

	it('the learner and the manager name the same people', () => {
		const resident = person({ fullName: 'An', communeId: communeA });
		const outsider = person({ fullName: 'Chi', communeId: communeB });
		const id = create(managerA);
		expect(names(managerA, id)).toEqual(['An']);
		expect(assignedCourses(db, resident.id, now).map((a) => a.courseId)).toEqual(['khoa-a', 'khoa-b']);
		expect(assignedCourses(db, outsider.id, now)).toEqual([]);
	});

	it("an agency's campaign reaches sub-units only when asked, and a staff group only when named", () => {
		person({ fullName: 'An Sở', agencyId: department, staffGroup: 'cong_chuc' });
		person({ fullName: 'Bình Văn phòng', agencyId: office, staffGroup: 'vien_chuc' });
		expect(names(departmentManager, create(departmentManager, { unit: { kind: 'agency', id: department }, audience: 'civil_servants' }))).toEqual(['An Sở', 'Bình Văn phòng']);
		expect(names(departmentManager, create(departmentManager, { unit: { kind: 'agency', id: department }, audience: 'civil_servants', includeSubunits: false }))).toEqual(['An Sở']);
		expect(names(departmentManager, create(departmentManager, { unit: { kind: 'agency', id: department }, audience: 'civil_servants', staffGroup: 'vien_chuc' }))).toEqual(['Bình Văn phòng']);
	});

	it('counts done, overdue, learning and not started, with completions before the campaign and revoked ones', () => {
		const done = person({ fullName: 'An', communeId: communeA });
		const learning = person({ fullName: 'Bình', communeId: communeA });
		const revoked = person({ fullName: 'Chi', communeId: communeA });
		person({ fullName: 'Dũng', communeId: communeA });
		const quizOnly = person({ fullName: 'Giang', communeId: communeA });
		complete(db, done, 'khoa-a', '2025-12-01T00:00:00Z', { communeId: communeA });
		complete(db, done, 'khoa-b', '2026-05-05T00:00:00Z', { communeId: communeA });
		studyLesson(db, learning.id, 'khoa-a', 'bai-1', '2026-05-02T00:00:00Z', '2026-05-02T00:10:00Z');
		complete(db, revoked, 'khoa-a', '2026-05-03T00:00:00Z', { communeId: communeA, revokedAt: '2026-05-04T00:00:00Z' });
		complete(db, revoked, 'khoa-b', '2026-05-03T00:00:00Z', { communeId: communeA });
		startQuiz(db, quizOnly.id, 'khoa-b', '2026-05-06T00:00:00Z');
		const id = create(managerA);
		const detail = campaignDetail(db, managerA, id, COURSES, now)!;
		expect(detail.tally).toEqual({ assigned: 5, done: 1, overdue: 0, inProgress: 3, notStarted: 1 });
		const byName = new Map(detail.members.map((member) => [member.fullName, member]));
		expect(byName.get('An')).toMatchObject({ state: 'done', percent: 100, completedAt: new Date('2026-05-05T00:00:00Z') });
		expect(byName.get('Bình')).toMatchObject({ state: 'in_progress', percent: 16 });
		expect(byName.get('Chi')).toMatchObject({ state: 'in_progress', percent: 33 });
		const later = campaignDetail(db, managerA, id, COURSES, AFTER)!;
		expect(later.tally).toMatchObject({ done: 1, overdue: 4, inProgress: 0, notStarted: 0 });
		expect(filterMembers(later.members, 'overdue').map((member) => member.fullName)).toEqual(['Bình', 'Chi', 'Dũng', 'Giang']);
		expect(filterMembers(later.members, 'done').map((member) => member.fullName)).toEqual(['An']);
	});

	it('leaves out merged-away and anonymised accounts', () => {
		const kept = person({ fullName: 'An', communeId: communeA });
		person({ fullName: 'Bình', communeId: communeA, anonymisedAt: now });
		person({ fullName: 'Chi', communeId: communeA, mergedIntoId: kept.id });
		expect(names(managerA, create(managerA))).toEqual(['An']);
	});

	it("keeps a manager to their own unit: another commune's campaign is not found and cannot be created or cancelled", () => {
		const id = create(managerA);
		expect(campaignDetail(db, managerB, id, COURSES, now)).toBeNull();
		expect(campaignsInView(db, managerB, COURSES, now)).toEqual([]);
		expect(cancelCampaign(db, managerB, id, null, now)).toBe('not-found');
		expect(createCampaign(db, managerB, input(), COURSES, null, now)).toEqual({ status: 'invalid', errors: { unit: 'unit' } });
		expect(createCampaign(db, facilitatorA, input(), COURSES, null, now)).toMatchObject({ status: 'invalid', errors: { unit: 'unit' } });
		expect(createCampaign(db, managerA, input({ unit: { kind: 'commune', id: 999_999 } }), COURSES, null, now)).toMatchObject({ errors: { unit: 'unit' } });
		expect(db.$client.prepare('SELECT count(*) FROM assignments').pluck().get()).toBe(1);
	});

	it('lets a commune manager follow a province campaign for their own people only, without cancelling it', () => {
		person({ fullName: 'An xã A', communeId: communeA });
		person({ fullName: 'Chi xã B', communeId: communeB });
		const id = create(admin, { unit: { kind: 'province', id: provinceId } });
		// The managers themselves belong to no unit: a province-wide campaign reaches them too.
		expect(names(admin, id).filter((name) => !name.startsWith('Quản lý'))).toEqual(['An xã A', 'Chi xã B']);
		expect(names(managerA, id).filter((name) => !name.startsWith('Quản lý'))).toEqual(['An xã A']);
		expect(campaignsInView(db, managerA, COURSES, now).map((summary) => [summary.campaign.id, summary.access])).toEqual([[id, 'follow']]);
		expect(cancelCampaign(db, managerA, id, null, now)).toBe('forbidden');
		expect(campaignDetail(db, facilitatorA, id, COURSES, now)).toBeNull();
	});

	it('refuses what does not fit: residents of an agency, a staff group for everyone, an unknown course', () => {
		const result = createCampaign(db, departmentManager, input({ unit: { kind: 'agency', id: department }, audience: 'residents', staffGroup: 'cong_chuc', courseIds: ['khoa-a', 'khong-co'] }), COURSES, null, now);
		expect(result).toEqual({ status: 'invalid', errors: { audience: 'agency-residents', staffGroup: 'group-needs-staff', courses: 'course' } });
		expect(createCampaign(db, managerA, input({ courseIds: [] }), COURSES, null, now)).toMatchObject({ errors: { courses: 'course' } });
		expect(db.$client.prepare('SELECT count(*) FROM assignments').pluck().get()).toBe(0);
	});

	it('records creation and cancellation in the audit log; a cancelled campaign leaves My learning', () => {
		const resident = person({ fullName: 'An', communeId: communeA });
		const id = create(managerA);
		expect(audit('campaign.create')).toMatchObject([{ actor_id: managerA.personId, target_id: String(id), commune_id: communeA, request_id: 'req-1' }]);
		expect(cancelCampaign(db, managerA, id, 'req-2', now)).toBe('cancelled');
		expect(cancelCampaign(db, managerA, id, 'req-3', now)).toBe('already-cancelled');
		expect(audit('campaign.cancel')).toHaveLength(1);
		expect(assignedCourses(db, resident.id, now)).toEqual([]);
		expect(campaignDetail(db, managerA, id, COURSES, now)?.phase).toBe('cancelled');
	});

	it('exports the overdue list as CSV with its heading lines, and audits the export', async () => {
		person({ fullName: 'An', communeId: communeA });
		const done = person({ fullName: 'Bình', communeId: communeA });
		complete(db, done, 'khoa-a', '2026-05-02T00:00:00Z', { communeId: communeA });
		complete(db, done, 'khoa-b', '2026-05-02T00:00:00Z', { communeId: communeA });
		const id = create(managerA);
		const result = exportCampaign(db, managerA, id, COURSES, { format: 'csv', filter: 'overdue', exportedBy: 'Quản lý', requestId: 'req-9' }, AFTER);
		if (result.status !== 'file') throw new Error('no file');
		const bytes = new Uint8Array(await new Response(result.body).arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('Học dịch vụ công');
		expect(text).toContain('Danh sách: Người quá hạn');
		expect(text).toMatch(/An,[^\n]*Quá hạn/);
		expect(text).not.toContain('Bình');
		expect(audit('campaign.export')).toMatchObject([{ actor_id: managerA.personId, request_id: 'req-9' }]);
		expect(exportCampaign(db, managerB, id, COURSES, { format: 'csv', filter: 'all', exportedBy: 'B', requestId: null }, AFTER)).toEqual({ status: 'not-found' });
		expect(audit('campaign.export')).toHaveLength(1);
	});
});

describe('the campaign form', () => {
	const now = new Date('2026-05-10T03:00:00Z');
	const fields = { title: ' Học  VNeID ', unit: 'commune:3', subunits: 'on', audience: 'all', group: '', start: '10/05/2026', deadline: '2026-06-30' };
	const parse = (overrides: Record<string, string> = {}) => parseForm(campaignSchema(now), (name) => ({ ...fields, ...overrides })[name as keyof typeof fields] ?? '');

	it('reads Vietnamese and ISO dates into the first and last instants of the days in Vietnam', () => {
		const parsed = parse();
		expect(parsed.ok && parsed.data).toEqual({
			title: 'Học VNeID',
			unit: { kind: 'commune', id: 3 },
			includeSubunits: true,
			audience: 'all',
			staffGroup: null,
			startsAt: vietnamDayStart('2026-05-10'),
			deadlineAt: vietnamDayEnd('2026-06-30')
		});
	});

	it('says what is wrong with each field at once', () => {
		const parsed = parse({ title: '', unit: 'commune:abc', audience: 'everyone', start: '31/02/2026', deadline: '' });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors).sort()).toEqual(['audience', 'deadline', 'start', 'title', 'unit']);
	});

	it('refuses a deadline already past, before the start, or more than two years ahead', () => {
		const message = (overrides: Record<string, string>) => {
			const parsed = parse(overrides);
			return parsed.ok ? null : parsed.errors.deadline;
		};
		expect(message({ deadline: '09/05/2026' })).toMatch(/đã qua|passed/);
		expect(message({ start: '2026-07-01', deadline: '2026-06-30' })).toMatch(/ngày bắt đầu|start/);
		expect(message({ deadline: '2028-06-30' })).toMatch(/hai năm|two years/);
		expect(message({ deadline: '10/05/2026' })).toBeNull();
	});
});
