/**
 * Classes at a commune learning centre: scheduling, cancelling, and the attendance a facilitator
 * takes from the commune's residents. Facilitators only mark who came; nothing here acts in a
 * learner's name (lessons and quizzes stay the learner's own).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { displayPhone } from '../../phone';
import { vietnamDayOf, vietnamDayStart } from '../../vietnam-day';
import { recordAudit } from '../audit';
import { type Viewer, canSee, grantReach } from '../auth/scope';
import type { CatalogCourse } from '../content/catalog';
import type { AppDatabase, DbOrTx } from '../db/client';
import { classAttendance, classSessions, communes, people } from '../db/schema';
import { agencyTrees } from '../people/agency-tree';
import { personMatches } from '../people/person-query';
import { completionsOf } from '../progress/completion';
import { courseProgress } from '../progress/lessons';

/** How many past classes the list shows; older ones stay in the database and the audit log. */
export const PAST_CLASSES_SHOWN = 30;
/** Residents found by one search: a name typed in full, or a phone, finds a handful. */
export const RESIDENTS_FOUND = 20;

/** A class id from a URL: digits only, within SQLite's integer range; anything else is no class. */
export function parseClassId(text: string): number | null {
	return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
}

export interface CentreCommune {
	id: number;
	provinceId: number;
	name: string;
}

/**
 * The communes whose centre the viewer runs: a facilitator their own commune(s), an admin every
 * commune of their province. Each is checked again with `canSee`.
 */
export function centreCommunes(db: DbOrTx, viewer: Viewer): CentreCommune[] {
	const communeIds: number[] = [];
	const provinceIds: number[] = [];
	for (const grant of viewer.grants) {
		const reach = grantReach(grant, 'assist');
		if (reach === null) continue;
		if (reach.unit === 'commune') communeIds.push(reach.communeId);
		// A system admin reaches everywhere, but schedules for the province the platform serves.
		else provinceIds.push(grant.provinceId);
	}
	if (communeIds.length === 0 && provinceIds.length === 0) return [];
	const rows = db
		.select({ id: communes.id, provinceId: communes.provinceId, name: communes.name })
		.from(communes)
		.where(or(communeIds.length > 0 ? inArray(communes.id, communeIds) : undefined, provinceIds.length > 0 ? inArray(communes.provinceId, provinceIds) : undefined))
		.all();
	const treeOf = agencyTrees(db);
	return rows
		.filter((row) => canSee(viewer, { kind: 'commune', provinceId: row.provinceId, communeId: row.id }, treeOf(row.provinceId), 'assist'))
		.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The commune when the viewer runs its centre; null otherwise and for ids nobody has. */
export function centreCommune(db: DbOrTx, viewer: Viewer, communeId: number): CentreCommune | null {
	const row = db.select({ id: communes.id, provinceId: communes.provinceId, name: communes.name }).from(communes).where(eq(communes.id, communeId)).get();
	if (!row) return null;
	return canSee(viewer, { kind: 'commune', provinceId: row.provinceId, communeId: row.id }, agencyTrees(db)(row.provinceId), 'assist') ? row : null;
}

export interface ClassSummary {
	id: number;
	courseId: string;
	place: string;
	startsAt: Date;
	cancelled: boolean;
	attendees: number;
}

/** The commune's classes from today on (soonest first), and the latest past ones (newest first). */
export function communeClasses(db: DbOrTx, commune: CentreCommune, now: Date): { upcoming: ClassSummary[]; past: ClassSummary[] } {
	// A class that started this morning is still today's class, not a past one.
	const today = vietnamDayStart(vietnamDayOf(now));
	const select = () =>
		db
			.select({
				id: classSessions.id,
				courseId: classSessions.courseId,
				place: classSessions.place,
				startsAt: classSessions.startsAt,
				cancelledAt: classSessions.cancelledAt,
				attendees: sql<number>`(SELECT count(*) FROM ${classAttendance} WHERE ${classAttendance.sessionId} = ${classSessions.id})`
			})
			.from(classSessions);
	const summary = (row: { id: number; courseId: string; place: string; startsAt: Date; cancelledAt: Date | null; attendees: number }): ClassSummary => ({
		id: row.id,
		courseId: row.courseId,
		place: row.place,
		startsAt: row.startsAt,
		cancelled: row.cancelledAt !== null,
		attendees: row.attendees
	});
	const upcoming = select()
		.where(and(eq(classSessions.communeId, commune.id), gte(classSessions.startsAt, today)))
		.orderBy(asc(classSessions.startsAt), asc(classSessions.id))
		.all();
	const past = select()
		.where(and(eq(classSessions.communeId, commune.id), lt(classSessions.startsAt, today)))
		.orderBy(desc(classSessions.startsAt), desc(classSessions.id))
		.limit(PAST_CLASSES_SHOWN)
		.all();
	return { upcoming: upcoming.map(summary), past: past.map(summary) };
}

export interface ScheduleInput {
	communeId: number;
	course: CatalogCourse;
	place: string;
	startsAt: Date;
}

/** Schedules a class in a commune the viewer runs; null when they do not run it (or it does not exist). */
export function scheduleClass(db: AppDatabase, viewer: Viewer, input: ScheduleInput, requestId: string | null, now: Date): { id: number } | null {
	return db.transaction((tx) => {
		const commune = centreCommune(tx, viewer, input.communeId);
		if (!commune) return null;
		const { id } = tx
			.insert(classSessions)
			.values({ provinceId: commune.provinceId, communeId: commune.id, courseId: input.course.id, place: input.place, startsAt: input.startsAt, createdById: viewer.personId, createdAt: now })
			.returning({ id: classSessions.id })
			.get();
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'class.schedule',
			target: { type: 'class_session', id },
			unit: { provinceId: commune.provinceId, communeId: commune.id },
			details: { courseId: input.course.id, place: input.place, startsAt: input.startsAt.toISOString() },
			requestId,
			at: now
		});
		return { id };
	});
}

export interface CentreClass {
	id: number;
	provinceId: number;
	communeId: number;
	communeName: string;
	courseId: string;
	place: string;
	startsAt: Date;
	cancelledAt: Date | null;
}

/** The class when the viewer runs its commune's centre; null otherwise, so guessed ids tell nothing. */
export function classInScope(db: DbOrTx, viewer: Viewer, classId: number): CentreClass | null {
	const row = db
		.select({
			id: classSessions.id,
			provinceId: classSessions.provinceId,
			communeId: classSessions.communeId,
			communeName: communes.name,
			courseId: classSessions.courseId,
			place: classSessions.place,
			startsAt: classSessions.startsAt,
			cancelledAt: classSessions.cancelledAt
		})
		.from(classSessions)
		.innerJoin(communes, eq(communes.id, classSessions.communeId))
		.where(eq(classSessions.id, classId))
		.get();
	if (!row) return null;
	return canSee(viewer, { kind: 'commune', provinceId: row.provinceId, communeId: row.communeId }, agencyTrees(db)(row.provinceId), 'assist') ? row : null;
}

export type CancelResult = 'cancelled' | 'not_found' | 'already_cancelled' | 'has_attendance';

/** Cancels a class nobody attended yet: a class with attendance happened, and its record stays. */
export function cancelClass(db: AppDatabase, viewer: Viewer, classId: number, requestId: string | null, now: Date): CancelResult {
	return db.transaction((tx) => {
		const found = classInScope(tx, viewer, classId);
		if (!found) return 'not_found';
		if (found.cancelledAt !== null) return 'already_cancelled';
		if (tx.select({ personId: classAttendance.personId }).from(classAttendance).where(eq(classAttendance.sessionId, classId)).limit(1).get()) return 'has_attendance';
		tx.update(classSessions).set({ cancelledAt: now }).where(eq(classSessions.id, classId)).run();
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'class.cancel',
			target: { type: 'class_session', id: classId },
			unit: { provinceId: found.provinceId, communeId: found.communeId },
			details: { courseId: found.courseId, startsAt: found.startsAt.toISOString() },
			requestId,
			at: now
		});
		return 'cancelled';
	});
}

export interface ResidentMatch {
	id: number;
	fullName: string;
	username: string;
	birthYear: number | null;
	phone: string | null;
	hamlet: string | null;
	present: boolean;
}

const live = and(isNull(people.anonymisedAt), isNull(people.mergedIntoId));

const residentRef = (row: { id: number; provinceId: number; communeId: number | null; agencyId: number | null }) =>
	({ kind: 'person', personId: row.id, provinceId: row.provinceId, communeId: row.communeId, agencyId: row.agencyId }) as const;

/**
 * Residents of the class's commune whose name (typed with or without diacritics), username or
 * phone matches the query; nobody for an empty query. Only people living in that commune, even
 * for an admin who could see the whole province.
 */
export function findResidents(db: DbOrTx, viewer: Viewer, found: CentreClass, query: string): ResidentMatch[] {
	const matches = personMatches(query);
	if (matches === undefined) return [];
	const rows = db
		.select({
			id: people.id,
			fullName: people.fullName,
			username: people.username,
			birthYear: people.birthYear,
			phone: people.phone,
			hamlet: people.hamlet,
			provinceId: people.provinceId,
			communeId: people.communeId,
			agencyId: people.agencyId,
			present: classAttendance.personId
		})
		.from(people)
		.leftJoin(classAttendance, and(eq(classAttendance.personId, people.id), eq(classAttendance.sessionId, found.id)))
		.where(and(eq(people.communeId, found.communeId), live, matches))
		.orderBy(asc(people.searchName), asc(people.id))
		.limit(RESIDENTS_FOUND)
		.all();
	const tree = agencyTrees(db)(found.provinceId);
	return rows
		.filter((row) => canSee(viewer, residentRef(row), tree, 'assist'))
		.map((row) => ({
			id: row.id,
			fullName: row.fullName,
			username: row.username,
			birthYear: row.birthYear,
			phone: row.phone === null ? null : displayPhone(row.phone),
			hamlet: row.hamlet,
			present: row.present !== null
		}));
}

/** A live resident of the class's commune the viewer may assist, or null. */
function residentOf(db: DbOrTx, viewer: Viewer, found: CentreClass, personId: number): { id: number; fullName: string } | null {
	const row = db
		.select({ id: people.id, fullName: people.fullName, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId })
		.from(people)
		.where(and(eq(people.id, personId), eq(people.communeId, found.communeId), live))
		.get();
	if (!row || !canSee(viewer, residentRef(row), agencyTrees(db)(row.provinceId), 'assist')) return null;
	return { id: row.id, fullName: row.fullName };
}

export type MarkResult =
	| { status: 'marked' | 'already_marked'; fullName: string }
	| { status: 'class_not_found' }
	| { status: 'person_not_found' }
	| { status: 'cancelled' }
	| { status: 'not_yet' };

/**
 * Marks a resident of the class's commune present, from the day of the class on. Marking twice
 * changes nothing and writes no second audit row.
 */
export function markPresent(db: AppDatabase, viewer: Viewer, classId: number, personId: number, requestId: string | null, now: Date): MarkResult {
	return db.transaction((tx) => {
		const found = classInScope(tx, viewer, classId);
		if (!found) return { status: 'class_not_found' };
		const person = residentOf(tx, viewer, found, personId);
		if (!person) return { status: 'person_not_found' };
		if (found.cancelledAt !== null) return { status: 'cancelled' };
		if (vietnamDayOf(now) < vietnamDayOf(found.startsAt)) return { status: 'not_yet' };
		const inserted = tx
			.insert(classAttendance)
			.values({ sessionId: found.id, personId: person.id, markedAt: now, markedById: viewer.personId })
			.onConflictDoNothing()
			.returning({ personId: classAttendance.personId })
			.all();
		if (inserted.length === 0) return { status: 'already_marked', fullName: person.fullName };
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'class.attendance.mark',
			target: { type: 'person', id: person.id },
			unit: { provinceId: found.provinceId, communeId: found.communeId },
			details: { classId: found.id },
			requestId,
			at: now
		});
		return { status: 'marked', fullName: person.fullName };
	});
}

export type UnmarkResult = { status: 'removed'; fullName: string } | { status: 'class_not_found' } | { status: 'not_marked' };

/** Takes a person off the class's attendance (marked by mistake). */
export function removeAttendance(db: AppDatabase, viewer: Viewer, classId: number, personId: number, requestId: string | null, now: Date): UnmarkResult {
	return db.transaction((tx) => {
		const found = classInScope(tx, viewer, classId);
		if (!found) return { status: 'class_not_found' };
		const removed = tx
			.delete(classAttendance)
			.where(and(eq(classAttendance.sessionId, found.id), eq(classAttendance.personId, personId)))
			.returning({ personId: classAttendance.personId })
			.all();
		if (removed.length === 0) return { status: 'not_marked' };
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'class.attendance.remove',
			target: { type: 'person', id: personId },
			unit: { provinceId: found.provinceId, communeId: found.communeId },
			details: { classId: found.id },
			requestId,
			at: now
		});
		const person = tx.select({ fullName: people.fullName }).from(people).where(eq(people.id, personId)).get();
		return { status: 'removed', fullName: person?.fullName ?? '' };
	});
}

export interface Attendee {
	id: number;
	fullName: string;
	username: string;
	hamlet: string | null;
	markedAt: Date;
	/** Progress in the class's course; null when the course is no longer in the catalogue. */
	progress: { lessonsDone: number; lessonsTotal: number; completed: boolean; lessonsOpen: boolean } | null;
}

/**
 * Who came, with their progress in the class's course as it is now, in name order. People the
 * viewer may no longer assist (moved to another commune since) are left out.
 */
export function classAttendees(db: DbOrTx, viewer: Viewer, found: CentreClass, course: CatalogCourse | null): Attendee[] {
	const rows = db
		.select({
			id: people.id,
			fullName: people.fullName,
			username: people.username,
			hamlet: people.hamlet,
			provinceId: people.provinceId,
			communeId: people.communeId,
			agencyId: people.agencyId,
			markedAt: classAttendance.markedAt
		})
		.from(classAttendance)
		.innerJoin(people, eq(people.id, classAttendance.personId))
		.where(and(eq(classAttendance.sessionId, found.id), live))
		.orderBy(asc(people.searchName), asc(people.id))
		.all();
	const treeOf = agencyTrees(db);
	return rows
		.filter((row) => canSee(viewer, residentRef(row), treeOf(row.provinceId), 'assist'))
		.map((row) => {
			const done = course ? courseProgress(db, row.id, course).done.size : 0;
			return {
				id: row.id,
				fullName: row.fullName,
				username: row.username,
				hamlet: row.hamlet,
				markedAt: row.markedAt,
				progress: course
					? {
							lessonsDone: done,
							lessonsTotal: course.lessons.length,
							completed: completionsOf(db, row.id).some((c) => c.courseId === course.id && c.courseVersion === course.version),
							lessonsOpen: done < course.lessons.length
						}
					: null
			};
		});
}
