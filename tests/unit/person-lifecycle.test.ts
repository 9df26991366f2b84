import { and, eq, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/schemas/admin';
import { type MoveInput, moveSchema } from '../../src/lib/schemas/lifecycle';
import type { Viewer } from '../../src/lib/server/auth/scope';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { publicCertificate } from '../../src/lib/server/certificates/verify';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { certificates, completions, consentRecords, lessonProgress, memberships, people, quizAttempts, roleGrants, sessions } from '../../src/lib/server/db/schema';
import { mergePeople, mergePreview, movePerson, setLeftService } from '../../src/lib/server/people/lifecycle';
import { type ReportQuery, criterionReport } from '../../src/lib/server/reports/report';
import { DAY_MS, vietnamDayOf } from '../../src/lib/vietnam-day';
import { auditRowsFor, personWithRole } from '../helpers/admin';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { complete, live, makeCatalog, makeCourse, makeCriterion, reportQuery, startQuiz, studyLesson } from '../helpers/reports';

/** Moves happen now, so the criteria cover the years around now. */
const NOW = new Date();
const YEAR = NOW.getUTCFullYear();
const PERIOD = { from: `${YEAR - 1}-01-01`, to: `${YEAR + 1}-12-31` };
const RESIDENTS = makeCriterion({
	id: 'nguoi-dan',
	basis: [{ group: 'residents', text: { vi: 'Kế hoạch thử', en: 'Test plan' } }],
	appliesTo: { people: 'residents', communes: 'all' },
	period: PERIOD,
	deadline: PERIOD.to,
	met: { rule: 'any', count: 1, courses: ['khoa-dan', 'khoa-dan-2'] },
	target: { percent: 50, denominator: 'counted' }
});
const STAFF = makeCriterion({ id: 'cong-chuc', period: PERIOD, deadline: PERIOD.to, met: { rule: 'all', courses: ['khoa-cc'] } });
const catalog = makeCatalog([makeCourse('khoa-dan', 2, false), makeCourse('khoa-dan-2', 1, false), makeCourse('khoa-cc', 1, false)], [RESIDENTS, STAFF]);

const LONG_AGO = new Date(+NOW - 200 * DAY_MS);
const LAST_MONTH = new Date(+NOW - 30 * DAY_MS);
const LAST_WEEK = new Date(+NOW - 7 * DAY_MS);
const YESTERDAY = vietnamDayOf(+NOW - DAY_MS);

let db: AppDatabase;
let province: number;
let communeA: number;
let communeB: number;
let agencyX: number;
let agencyY: number;
let admin: ReturnType<typeof personWithRole>;
let reader: Viewer;

beforeEach(() => {
	db = testDatabase();
	province = makeProvince(db).id;
	communeA = makeCommune(db, province, { name: 'Xã A' }).id;
	communeB = makeCommune(db, province, { name: 'Xã B' }).id;
	agencyX = makeAgency(db, province, { name: 'Sở X' }).id;
	agencyY = makeAgency(db, province, { name: 'Sở Y' }).id;
	admin = personWithRole(db, province, 'province_admin');
	reader = { personId: admin.id, grants: [{ role: 'unit_manager', provinceId: province, communeId: null, agencyId: null }] };
});

/** A resident of a commune since long ago, with a learner grant there. */
function resident(communeId: number, fields: Partial<typeof people.$inferInsert> = {}) {
	const person = makePerson(db, province, { communeId, birthYear: 1980, ...fields });
	live(db, person.id, communeId, LONG_AGO);
	db.insert(roleGrants).values({ personId: person.id, role: 'learner', provinceId: province, communeId, grantedAt: LONG_AGO }).run();
	return person;
}

/** A civil servant of an agency since long ago, with a civil-servant grant there. */
function civilServant(agencyId: number) {
	const person = makePerson(db, province, { agencyId, staffGroup: 'cong_chuc', position: 'Chuyên viên' });
	db.insert(memberships).values({ personId: person.id, kind: 'agency', agencyId, staffGroup: 'cong_chuc', position: 'Chuyên viên', startedAt: LONG_AGO }).run();
	db.insert(roleGrants).values({ personId: person.id, role: 'civil_servant', provinceId: province, agencyId, grantedAt: LONG_AGO }).run();
	return person;
}

function report(criterionId: string, overrides: Partial<ReportQuery> = {}) {
	const outcome = criterionReport(db, catalog, reader, province, reportQuery(criterionId, overrides), new Date());
	if (outcome.status !== 'ok') throw new Error(`report ${outcome.status}`);
	return outcome.report;
}

const names = (r: ReturnType<typeof report>) => r.people.rows.map((row) => row.fullName);
const move = (fields: Partial<MoveInput>): MoveInput => ({ commune: null, agency: null, staffGroup: null, position: null, ...fields });
const activeGrantsOf = (personId: number) =>
	db.select({ role: roleGrants.role, communeId: roleGrants.communeId, agencyId: roleGrants.agencyId }).from(roleGrants).where(and(eq(roleGrants.personId, personId), isNull(roleGrants.revokedAt))).all();
const personRow = (id: number) => db.select().from(people).where(eq(people.id, id)).get()!;
const sessionCount = (personId: number) => db.select().from(sessions).where(eq(sessions.personId, personId)).all().length;
const signIn = (personId: number) => createSession(db, generateSessionToken(), personId, { sharedDevice: false, twoFactorVerified: true });

describe('moving a person', () => {
	it('closes the old residence, opens the new one, and moves the learner grant with them', () => {
		const person = resident(communeA);
		const result = movePerson(db, admin.viewer, person.id, move({ commune: communeB }));
		expect(result).toMatchObject({ status: 'done', commune: 'Xã B' });

		const history = db.select().from(memberships).where(eq(memberships.personId, person.id)).orderBy(memberships.startedAt).all();
		expect(history.map((row) => [row.communeId, row.endedAt === null])).toEqual([
			[communeA, false],
			[communeB, true]
		]);
		expect(history[1]!.recordedById).toBe(admin.id);
		expect(personRow(person.id).communeId).toBe(communeB);
		expect(activeGrantsOf(person.id)).toEqual([{ role: 'learner', communeId: communeB, agencyId: null }]);
		expect(auditRowsFor(db, 'person.move')).toHaveLength(1);
	});

	it('still places the person in the old commune in a report as of yesterday', () => {
		const person = resident(communeA, { fullName: 'Lê Văn Chuyển' });
		complete(db, person, 'khoa-dan', LAST_WEEK, { communeId: communeA });
		movePerson(db, admin.viewer, person.id, move({ commune: communeB }));

		const yesterdayInA = report('nguoi-dan', { unit: { kind: 'commune', id: communeA }, asOf: YESTERDAY });
		expect(names(yesterdayInA)).toEqual(['Lê Văn Chuyển']);
		expect(yesterdayInA.headline.met).toBe(1);
		expect(names(report('nguoi-dan', { unit: { kind: 'commune', id: communeB }, asOf: YESTERDAY }))).toEqual([]);
		const todayInB = report('nguoi-dan', { unit: { kind: 'commune', id: communeB } });
		expect(names(todayInB)).toEqual(['Lê Văn Chuyển']);
		expect(todayInB.headline.met).toBe(1);
		expect(db.select().from(completions).where(eq(completions.personId, person.id)).get()?.communeIdAtCompletion).toBe(communeA);
	});

	it('moves a civil servant to another agency with their group, position and grant', () => {
		const person = civilServant(agencyX);
		expect(movePerson(db, admin.viewer, person.id, move({ agency: agencyY, staffGroup: 'vien_chuc', position: 'Giáo viên' })).status).toBe('done');
		expect(personRow(person.id)).toMatchObject({ agencyId: agencyY, staffGroup: 'vien_chuc', position: 'Giáo viên' });
		expect(activeGrantsOf(person.id)).toEqual([{ role: 'civil_servant', communeId: null, agencyId: agencyY }]);
		expect(names(report('cong-chuc', { unit: { kind: 'agency', id: agencyX }, asOf: YESTERDAY }))).toEqual([person.fullName]);
		expect(names(report('cong-chuc', { unit: { kind: 'agency', id: agencyY } }))).toEqual([person.fullName]);
	});

	it('refuses a move to where the person already is, or to a unit of another province, and changes nothing', () => {
		const person = resident(communeA);
		const elsewhere = makeCommune(db, makeProvince(db, '01', 'Thành phố Hà Nội').id).id;
		expect(movePerson(db, admin.viewer, person.id, move({ commune: communeA }))).toMatchObject({ status: 'invalid', errors: { commune: expect.any(String) } });
		expect(movePerson(db, admin.viewer, person.id, move({ commune: elsewhere }))).toMatchObject({ status: 'invalid', errors: { commune: expect.any(String) } });
		expect(db.select().from(memberships).where(eq(memberships.personId, person.id)).all()).toHaveLength(1);
		expect(auditRowsFor(db, 'person.move')).toHaveLength(0);
	});

	it('asks for a new unit, and for the staff group with a new agency', () => {
		const read = (fields: Record<string, string>) => parseForm(moveSchema, (name) => fields[name] ?? '');
		expect(read({})).toMatchObject({ ok: false, errors: { form: expect.any(String) } });
		expect(read({ agency: String(agencyY) })).toMatchObject({ ok: false, errors: { staffGroup: expect.any(String) } });
		expect(read({ commune: 'x' })).toMatchObject({ ok: false, errors: { commune: expect.any(String) } });
		expect(read({ commune: String(communeB) })).toMatchObject({ ok: true });
	});

	it('answers not found for someone of another province, and for a viewer who is not an admin', () => {
		const hanoi = makeProvince(db, '01', 'Thành phố Hà Nội').id;
		const stranger = makePerson(db, hanoi);
		const manager = personWithRole(db, province, 'unit_manager');
		const person = resident(communeA);
		expect(movePerson(db, admin.viewer, stranger.id, move({ commune: communeB })).status).toBe('not_found');
		expect(movePerson(db, manager.viewer, person.id, move({ commune: communeB })).status).toBe('not_found');
	});
});

describe('leaving the service', () => {
	it('ends the agency membership, the grant and the sessions, and stops counting the person from now on', () => {
		const person = civilServant(agencyX);
		signIn(person.id);
		expect(setLeftService(db, admin.viewer, person.id, true)).toEqual({ status: 'done', endedSessions: 1 });

		const row = personRow(person.id);
		expect(row.leftServiceAt).not.toBeNull();
		expect(row.agencyId).toBeNull();
		expect(db.select().from(memberships).where(and(eq(memberships.personId, person.id), isNull(memberships.endedAt))).all()).toHaveLength(0);
		expect(activeGrantsOf(person.id)).toEqual([]);
		expect(sessionCount(person.id)).toBe(0);
		expect(names(report('cong-chuc', { unit: { kind: 'agency', id: agencyX } }))).toEqual([]);
		expect(names(report('cong-chuc', { unit: { kind: 'agency', id: agencyX }, asOf: YESTERDAY }))).toEqual([person.fullName]);
		expect(auditRowsFor(db, 'person.leave_service')[0]?.details).toMatchObject({ membershipsClosed: 1, grantsRevoked: 1, endedSessions: 1 });
	});

	it('takes the person back at their former agency, in the same group and position, with their grant', () => {
		const person = civilServant(agencyX);
		setLeftService(db, admin.viewer, person.id, true);
		expect(setLeftService(db, admin.viewer, person.id, false).status).toBe('done');
		expect(personRow(person.id)).toMatchObject({ leftServiceAt: null, agencyId: agencyX, staffGroup: 'cong_chuc', position: 'Chuyên viên' });
		expect(activeGrantsOf(person.id)).toEqual([{ role: 'civil_servant', communeId: null, agencyId: agencyX }]);
		expect(names(report('cong-chuc', { unit: { kind: 'agency', id: agencyX } }))).toEqual([person.fullName]);
		expect(auditRowsFor(db, 'person.return_service')).toHaveLength(1);
	});

	it('refuses to mark twice, to mark a resident without an agency, and to bring back someone still in service', () => {
		const servant = civilServant(agencyX);
		setLeftService(db, admin.viewer, servant.id, true);
		expect(setLeftService(db, admin.viewer, servant.id, true).status).toBe('invalid');
		expect(setLeftService(db, admin.viewer, resident(communeA).id, true).status).toBe('invalid');
		expect(setLeftService(db, admin.viewer, civilServant(agencyY).id, false).status).toBe('invalid');
		expect(auditRowsFor(db, 'person.leave_service')).toHaveLength(1);
	});
});

describe('merging two accounts of the same person', () => {
	it('moves the learning records to the kept account and keeps the completed count of the report', () => {
		const keep = resident(communeA, { fullName: 'Phạm Thị Gộp' });
		const remove = resident(communeA, { fullName: 'Phạm Thị Gộp' });
		studyLesson(db, remove.id, 'khoa-dan', 'bai-1', LAST_MONTH, LAST_MONTH);
		studyLesson(db, remove.id, 'khoa-dan', 'bai-2', LAST_MONTH, LAST_WEEK);
		const done = complete(db, remove, 'khoa-dan', LAST_WEEK, { communeId: communeA });
		db.insert(consentRecords).values({ personId: remove.id, purpose: 'learning', textVersion: '1', givenAt: LONG_AGO }).run();
		db.insert(roleGrants).values({ personId: remove.id, role: 'facilitator', provinceId: province, communeId: communeA, grantedAt: LONG_AGO }).run();
		signIn(remove.id);
		const before = report('nguoi-dan', { unit: { kind: 'commune', id: communeA } }).headline;

		const result = mergePeople(db, admin.viewer, keep.id, remove.id);
		expect(result).toMatchObject({ status: 'done', removed: remove.username, counts: { lessons: 2, completions: 1, certificates: 1, consents: 1, grants: 1 } });

		const after = report('nguoi-dan', { unit: { kind: 'commune', id: communeA } }).headline;
		expect(after.met).toBe(before.met);
		expect(after.inScope).toBe(before.inScope - 1);
		expect(db.select().from(lessonProgress).where(eq(lessonProgress.personId, keep.id)).all()).toHaveLength(2);
		expect(db.select().from(completions).where(eq(completions.id, done.id)).get()?.personId).toBe(keep.id);
		const certificate = db.select().from(certificates).where(eq(certificates.completionId, done.id)).get()!;
		expect(certificate.personId).toBe(keep.id);
		expect(publicCertificate(db, certificate.code)?.status).toBe('valid');
		expect(db.select().from(consentRecords).where(eq(consentRecords.personId, keep.id)).all()).toHaveLength(1);
		expect(activeGrantsOf(keep.id).map((grant) => grant.role).sort()).toEqual(['facilitator', 'learner']);
		expect(activeGrantsOf(remove.id)).toEqual([]);
		expect(personRow(remove.id)).toMatchObject({ mergedIntoId: keep.id, disabledAt: expect.any(Date) });
		expect(sessionCount(remove.id)).toBe(0);
		expect(auditRowsFor(db, 'person.merge')[0]?.details).toMatchObject({ removedId: remove.id, lessons: 2, completions: 1, certificates: 1 });
	});

	it('keeps the earlier of two completions of the same course on the kept account, and both certificates valid', () => {
		const keep = resident(communeA);
		const remove = resident(communeA);
		const later = complete(db, keep, 'khoa-dan', LAST_WEEK, { communeId: communeA });
		const earlier = complete(db, remove, 'khoa-dan', LAST_MONTH, { communeId: communeA });
		const codes = db.select({ code: certificates.code }).from(certificates).all().map((row) => row.code);

		expect(mergePeople(db, admin.viewer, keep.id, remove.id)).toMatchObject({ status: 'done', counts: { completionsKeptApart: 1 } });

		const owner = (id: number) => db.select().from(completions).where(eq(completions.id, id)).get()!;
		expect(owner(earlier.id)).toMatchObject({ personId: keep.id, courseId: 'khoa-dan' });
		expect(owner(later.id)).toMatchObject({ personId: remove.id, courseId: 'khoa-dan' });
		expect(db.select().from(certificates).where(eq(certificates.completionId, earlier.id)).get()?.personId).toBe(keep.id);
		expect(db.select().from(certificates).where(eq(certificates.completionId, later.id)).get()?.personId).toBe(remove.id);
		for (const code of codes) expect(publicCertificate(db, code)?.status).toBe('valid');
		const kept = report('nguoi-dan', { unit: { kind: 'commune', id: communeA } }).people.rows;
		expect(kept.map((row) => [row.personId, row.metAt?.getTime()])).toEqual([[keep.id, LAST_MONTH.getTime()]]);
	});

	it('leaves a second open attempt at the same quiz on the merged account, and combines a lesson both opened', () => {
		const keep = resident(communeA);
		const remove = resident(communeA);
		startQuiz(db, keep.id, 'khoa-dan', LAST_WEEK);
		startQuiz(db, remove.id, 'khoa-dan', LAST_MONTH);
		studyLesson(db, keep.id, 'khoa-dan', 'bai-1', LAST_WEEK);
		studyLesson(db, remove.id, 'khoa-dan', 'bai-1', LAST_MONTH, LAST_MONTH);

		expect(mergePeople(db, admin.viewer, keep.id, remove.id)).toMatchObject({ status: 'done', counts: { quizAttempts: 0, lessonsCombined: 1 } });
		expect(db.select().from(quizAttempts).where(eq(quizAttempts.personId, keep.id)).all()).toHaveLength(1);
		expect(db.select().from(quizAttempts).where(eq(quizAttempts.personId, remove.id)).all()).toHaveLength(1);
		const lesson = db.select().from(lessonProgress).where(eq(lessonProgress.personId, keep.id)).get()!;
		expect(lesson.firstSeenAt).toEqual(LAST_MONTH);
		expect(lesson.completedAt).toEqual(LAST_MONTH);
	});

	it('refuses to merge an account into itself, into or from a merged account, or across provinces', () => {
		const keep = resident(communeA);
		const remove = resident(communeA);
		const third = resident(communeA);
		const stranger = makePerson(db, makeProvince(db, '01', 'Thành phố Hà Nội').id);
		expect(mergePeople(db, admin.viewer, keep.id, keep.id)).toMatchObject({ status: 'invalid', errors: { form: expect.any(String) } });
		expect(mergePeople(db, admin.viewer, keep.id, stranger.id).status).toBe('invalid');
		expect(mergePeople(db, admin.viewer, keep.id, remove.id).status).toBe('done');
		expect(mergePeople(db, admin.viewer, remove.id, third.id).status).toBe('invalid');
		expect(mergePeople(db, admin.viewer, third.id, remove.id).status).toBe('invalid');
		expect(mergePreview(db, admin.viewer, third.id, remove.username)).toEqual({ error: expect.any(String) });
		expect(mergePreview(db, admin.viewer, third.id, stranger.username)).toEqual({ error: expect.any(String) });
		expect(auditRowsFor(db, 'person.merge')).toHaveLength(1);
	});

	it('shows both accounts side by side before merging', () => {
		const keep = resident(communeA, { fullName: 'Đỗ Văn Một' });
		const remove = resident(communeB, { fullName: 'Đỗ Văn Một' });
		complete(db, remove, 'khoa-dan', LAST_WEEK, { communeId: communeB });
		expect(mergePreview(db, admin.viewer, keep.id, remove.username)).toMatchObject({
			keep: { id: keep.id, commune: 'Xã A', completions: 0 },
			remove: { id: remove.id, commune: 'Xã B', completions: 1 }
		});
	});
});
