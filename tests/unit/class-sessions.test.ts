import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { classStart, scheduleSchema } from '../../src/lib/schemas/sessions';
import type { Viewer } from '../../src/lib/server/auth/scope';
import {
	cancelClass,
	centreCommunes,
	classAttendees,
	classInScope,
	communeClasses,
	findResidents,
	markPresent,
	removeAttendance,
	scheduleClass
} from '../../src/lib/server/centre/sessions';
import { catalogOfFolder } from '../../src/lib/server/content/files';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog, classAttendance } from '../../src/lib/server/db/schema';
import { markLessonDone } from '../../src/lib/server/progress/lessons';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const course = catalogOfFolder('tests/fixtures/content').byId.get('khoa-thu-theo-thu-tu')!;
const NOW = new Date('2026-05-04T02:00:00.000Z'); // 09:00 on 4 May in Vietnam
const LATER_TODAY = new Date('2026-05-04T07:00:00.000Z');

let db: AppDatabase;
let provinceId: number;
let hyCuong: number;
let vietTri: number;
let facilitatorA: Viewer;
let facilitatorB: Viewer;
let admin: Viewer;
let residentA: number;
let residentB: number;

const viewer = (role: 'facilitator' | 'province_admin', communeId: number | null): Viewer => ({
	personId: makePerson(db, provinceId, { communeId }).id,
	grants: [{ role, provinceId, communeId, agencyId: null }]
});

const schedule = (who: Viewer, communeId = hyCuong, startsAt = LATER_TODAY) => scheduleClass(db, who, { communeId, course, place: 'Nhà văn hóa thôn 3', startsAt }, null, NOW);
const auditActions = () => db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.at).all().map((row) => row.action);

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	hyCuong = makeCommune(db, provinceId, { name: 'Xã Hy Cương' }).id;
	vietTri = makeCommune(db, provinceId, { name: 'Phường Việt Trì' }).id;
	facilitatorA = viewer('facilitator', hyCuong);
	facilitatorB = viewer('facilitator', vietTri);
	admin = viewer('province_admin', null);
	residentA = makePerson(db, provinceId, { communeId: hyCuong, fullName: 'Nguyễn Thị Hồng Nhung', phone: '+84912345678' }).id;
	residentB = makePerson(db, provinceId, { communeId: vietTri, fullName: 'Nguyễn Thị Hồng Nhàn' }).id;
});

describe('scheduling', () => {
	it('lets a facilitator schedule in their own commune only, and records it in the audit log', () => {
		const scheduled = schedule(facilitatorA);
		expect(scheduled).not.toBeNull();
		expect(schedule(facilitatorA, vietTri)).toBeNull();
		expect(auditActions()).toEqual(['class.schedule']);
		expect(communeClasses(db, { id: hyCuong, provinceId, name: 'Xã Hy Cương' }, NOW).upcoming.map((c) => c.id)).toEqual([scheduled!.id]);
	});

	it('offers a facilitator their commune and an admin every commune of the province', () => {
		expect(centreCommunes(db, facilitatorA).map((c) => c.id)).toEqual([hyCuong]);
		expect(centreCommunes(db, admin).map((c) => c.id).sort()).toEqual([hyCuong, vietTri].sort());
		expect(schedule(admin, vietTri)).not.toBeNull();
	});

	it('keeps a class that started this morning among the upcoming ones, and yesterday’s among the past', () => {
		const morning = schedule(facilitatorA, hyCuong, new Date('2026-05-04T00:30:00.000Z'))!;
		const yesterday = schedule(facilitatorA, hyCuong, new Date('2026-05-03T09:00:00.000Z'))!;
		const classes = communeClasses(db, { id: hyCuong, provinceId, name: 'Xã Hy Cương' }, NOW);
		expect(classes.upcoming.map((c) => c.id)).toEqual([morning.id]);
		expect(classes.past.map((c) => c.id)).toEqual([yesterday.id]);
	});

	it('reads the date and time as Vietnam time and refuses days out of range or not real', () => {
		const parse = (values: Record<string, string>) => scheduleSchema(NOW).safeParse({ commune: String(hyCuong), course: course.id, place: '  Nhà  văn hóa ', ...values });
		const ok = parse({ date: '2026-05-10', time: '08:00' });
		expect(ok.success && ok.data).toMatchObject({ startsAt: new Date('2026-05-10T01:00:00.000Z'), place: 'Nhà văn hóa' });
		expect(classStart('2026-05-10', 8 * 60)).toEqual(new Date('2026-05-10T01:00:00.000Z'));
		expect(parse({ date: '2026-02-30', time: '08:00' }).success).toBe(false);
		expect(parse({ date: '2028-05-10', time: '08:00' }).success).toBe(false);
		expect(parse({ date: '2026-05-10', time: '25:00' }).success).toBe(false);
		expect(parse({ date: '2026-05-10', time: '08:00', place: '' }).success).toBe(false);
		expect(parse({ date: '2026-05-10', time: '08:00', commune: 'abc' }).success).toBe(false);
	});
});

describe('attendance', () => {
	it('finds residents of the class’s commune by a name typed without diacritics or by phone, never another commune’s', () => {
		const found = classInScope(db, facilitatorA, schedule(facilitatorA)!.id)!;
		expect(findResidents(db, facilitatorA, found, 'nguyen thi hong').map((p) => p.id)).toEqual([residentA]);
		expect(findResidents(db, facilitatorA, found, '0912 345 678').map((p) => p.id)).toEqual([residentA]);
		// An admin sees the whole province, but a class takes only its own commune's residents.
		expect(findResidents(db, admin, found, 'nguyen thi hong nhan')).toEqual([]);
		expect(findResidents(db, facilitatorA, found, '')).toEqual([]);
	});

	it('hides a class from a facilitator of another commune', () => {
		const id = schedule(facilitatorA)!.id;
		expect(classInScope(db, facilitatorB, id)).toBeNull();
		expect(markPresent(db, facilitatorB, id, residentB, null, LATER_TODAY)).toEqual({ status: 'class_not_found' });
		expect(cancelClass(db, facilitatorB, id, null, LATER_TODAY)).toBe('not_found');
	});

	it('marks a resident present once, audited, and refuses a resident of another commune', () => {
		const id = schedule(facilitatorA)!.id;
		expect(markPresent(db, facilitatorA, id, residentA, null, LATER_TODAY).status).toBe('marked');
		expect(markPresent(db, facilitatorA, id, residentA, null, LATER_TODAY).status).toBe('already_marked');
		expect(markPresent(db, admin, id, residentB, null, LATER_TODAY).status).toBe('person_not_found');
		expect(db.select().from(classAttendance).all()).toHaveLength(1);
		expect(auditActions()).toEqual(['class.schedule', 'class.attendance.mark']);
	});

	it('takes attendance from the day of the class on, and never for a cancelled class', () => {
		const nextWeek = schedule(facilitatorA, hyCuong, new Date('2026-05-11T01:00:00.000Z'))!.id;
		expect(markPresent(db, facilitatorA, nextWeek, residentA, null, NOW).status).toBe('not_yet');
		expect(cancelClass(db, facilitatorA, nextWeek, null, NOW)).toBe('cancelled');
		expect(markPresent(db, facilitatorA, nextWeek, residentA, null, new Date('2026-05-11T02:00:00.000Z')).status).toBe('cancelled');
	});

	it('removes someone marked by mistake, audited', () => {
		const id = schedule(facilitatorA)!.id;
		markPresent(db, facilitatorA, id, residentA, null, LATER_TODAY);
		expect(removeAttendance(db, facilitatorA, id, residentA, null, LATER_TODAY).status).toBe('removed');
		expect(removeAttendance(db, facilitatorA, id, residentA, null, LATER_TODAY).status).toBe('not_marked');
		expect(db.select().from(classAttendance).where(eq(classAttendance.sessionId, id)).all()).toEqual([]);
		expect(auditActions()).toContain('class.attendance.remove');
	});

	it('shows each attendee’s lessons done in the class’s course and whether lessons are still open', () => {
		const id = schedule(facilitatorA)!.id;
		const other = makePerson(db, provinceId, { communeId: hyCuong, fullName: 'Trần Văn Bình' }).id;
		markPresent(db, facilitatorA, id, residentA, null, LATER_TODAY);
		markPresent(db, facilitatorA, id, other, null, LATER_TODAY);
		for (const lesson of course.lessons) markLessonDone(db, other, course, lesson.id, NOW);
		markLessonDone(db, residentA, course, course.lessons[0]!.id, NOW);

		const attendees = classAttendees(db, facilitatorA, classInScope(db, facilitatorA, id)!, course);
		const byId = new Map(attendees.map((a) => [a.id, a.progress]));
		expect(byId.get(residentA)).toEqual({ lessonsDone: 1, lessonsTotal: course.lessons.length, completed: false, lessonsOpen: true });
		expect(byId.get(other)).toMatchObject({ lessonsDone: course.lessons.length, lessonsOpen: false });
	});
});

describe('cancelling', () => {
	it('cancels a class nobody attended, once, audited; a class with attendance stays', () => {
		const empty = schedule(facilitatorA)!.id;
		expect(cancelClass(db, facilitatorA, empty, null, NOW)).toBe('cancelled');
		expect(cancelClass(db, facilitatorA, empty, null, NOW)).toBe('already_cancelled');
		const held = schedule(facilitatorA)!.id;
		markPresent(db, facilitatorA, held, residentA, null, LATER_TODAY);
		expect(cancelClass(db, facilitatorA, held, null, LATER_TODAY)).toBe('has_attendance');
		expect(auditActions().filter((action) => action === 'class.cancel')).toHaveLength(1);
	});
});
