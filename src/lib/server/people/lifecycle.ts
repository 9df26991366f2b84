/**
 * What happens to a person over the years: they move to another commune or agency, leave the
 * service or come back, or turn out to have two accounts. Memberships are closed and opened, never
 * rewritten, and completions keep their unit snapshots, so reports for past periods do not change.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { MoveInput } from '../../schemas/lifecycle';
import { insertGrant } from '../admin/roles';
import { type AdminScope, type AdminViewer, type Outcome, adminScope, administers, invalid, notFound } from '../admin/scope';
import { agencyInProvince, communeInProvince } from '../admin/units';
import { recordAudit } from '../audit';
import { activeGrants, requiresSecondFactor } from '../auth/accounts';
import { invalidateAllSessions } from '../auth/session';
import type { AppDatabase, DbOrTx } from '../db/client';
import {
	type MembershipKind,
	type Role,
	type StaffGroup,
	agencies,
	certificates,
	communes,
	completions,
	consentRecords,
	lessonProgress,
	memberships,
	people,
	roleGrants
} from '../db/schema';

const ADMIN_ROLES: readonly Role[] = ['province_admin', 'system_admin'];

function findPerson(db: DbOrTx, personId: number) {
	return db
		.select({
			id: people.id,
			provinceId: people.provinceId,
			username: people.username,
			communeId: people.communeId,
			agencyId: people.agencyId,
			staffGroup: people.staffGroup,
			position: people.position,
			disabledAt: people.disabledAt,
			leftServiceAt: people.leftServiceAt,
			anonymisedAt: people.anonymisedAt,
			mergedIntoId: people.mergedIntoId
		})
		.from(people)
		.where(eq(people.id, personId))
		.get();
}

type Person = NonNullable<ReturnType<typeof findPerson>>;

/** The person, if the admin administers their province. */
function administered(db: DbOrTx, admin: AdminScope, personId: number): Person | null {
	const person = findPerson(db, personId);
	return person && administers(admin, person.provinceId) ? person : null;
}

/** Ends the person's open memberships of a kind at an instant; returns the rows it closed. */
function closeMemberships(tx: DbOrTx, personId: number, kind: MembershipKind, at: Date) {
	return tx
		.update(memberships)
		.set({ endedAt: at })
		.where(and(eq(memberships.personId, personId), eq(memberships.kind, kind), isNull(memberships.endedAt)))
		.returning()
		.all();
}

/**
 * Moves the person's active grants of a role (learner for a commune, civil servant for an agency)
 * to a new unit: the old grant is revoked and a new one made, so the trail shows both.
 */
function moveGrants(tx: DbOrTx, admin: AdminScope, person: Person, role: 'learner' | 'civil_servant', unit: { communeId: number | null; agencyId: number | null; name: string } | null, now: Date): number {
	const held = tx
		.update(roleGrants)
		.set({ revokedAt: now, revokedById: admin.personId })
		.where(and(eq(roleGrants.personId, person.id), eq(roleGrants.role, role), isNull(roleGrants.revokedAt)))
		.returning({ id: roleGrants.id })
		.all();
	if (held.length > 0 && unit) insertGrant(tx, admin, person, role, unit, now);
	return held.length;
}

const unitOf = (person: Pick<Person, 'provinceId' | 'communeId' | 'agencyId'>) => ({ provinceId: person.provinceId, communeId: person.communeId, agencyId: person.agencyId });

/** Why this account cannot be moved or marked, or null. */
function stateProblem(person: Person): string | null {
	if (person.mergedIntoId !== null) return m.lifecycle_merged_account();
	if (person.anonymisedAt !== null) return m.lifecycle_anonymised_account();
	return null;
}

/**
 * Moves a person to another commune of residence and/or another agency: open memberships close now
 * and new ones open, the person's row and their learner or civil-servant grant follow.
 */
export function movePerson(db: AppDatabase, viewer: AdminViewer, personId: number, input: MoveInput): Outcome<{ commune: string | null; agency: string | null }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const person = administered(tx, admin, personId);
		if (!person) return notFound;
		const problem = stateProblem(person);
		if (problem) return invalid({ form: problem });
		const errors: Record<string, string> = {};
		const commune = input.commune === null ? null : communeInProvince(tx, person.provinceId, input.commune);
		const agency = input.agency === null ? null : agencyInProvince(tx, person.provinceId, input.agency);
		if (commune === undefined) errors.commune = m.lifecycle_unit_unknown();
		else if (commune && commune.id === person.communeId) errors.commune = m.lifecycle_same_commune();
		if (agency === undefined) errors.agency = m.lifecycle_unit_unknown();
		else if (agency && person.leftServiceAt !== null) errors.agency = m.lifecycle_return_first();
		else if (agency && agency.id === person.agencyId && input.staffGroup === person.staffGroup && input.position === person.position) errors.agency = m.lifecycle_same_agency();
		if (Object.keys(errors).length > 0) return invalid(errors);

		const now = new Date();
		const before = { communeId: person.communeId, agencyId: person.agencyId, staffGroup: person.staffGroup, position: person.position };
		const changes: Partial<typeof people.$inferInsert> = { updatedAt: now };
		const details: Record<string, unknown> = { before };
		if (commune) {
			closeMemberships(tx, person.id, 'residence', now);
			tx.insert(memberships).values({ personId: person.id, kind: 'residence', communeId: commune.id, startedAt: now, recordedById: admin.personId }).run();
			changes.communeId = commune.id;
			details.commune = commune.name;
			details.learnerGrantsMoved = moveGrants(tx, admin, person, 'learner', { communeId: commune.id, agencyId: null, name: commune.name }, now);
		}
		if (agency) {
			closeMemberships(tx, person.id, 'agency', now);
			tx.insert(memberships)
				.values({ personId: person.id, kind: 'agency', agencyId: agency.id, staffGroup: input.staffGroup, position: input.position, startedAt: now, recordedById: admin.personId })
				.run();
			Object.assign(changes, { agencyId: agency.id, staffGroup: input.staffGroup, position: input.position });
			Object.assign(details, { agency: agency.name, staffGroup: input.staffGroup, position: input.position });
			if (agency.id !== person.agencyId) details.civilServantGrantsMoved = moveGrants(tx, admin, person, 'civil_servant', { communeId: null, agencyId: agency.id, name: agency.name }, now);
		}
		tx.update(people).set(changes).where(eq(people.id, person.id)).run();
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'person.move',
			target: { type: 'person', id: person.id },
			unit: unitOf({ provinceId: person.provinceId, communeId: commune?.id ?? person.communeId, agencyId: agency?.id ?? person.agencyId }),
			details,
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', commune: commune?.name ?? null, agency: agency?.name ?? null };
	});
}

/**
 * Marks a person as having left the service (they stop counting as staff from now, their agency
 * membership and civil-servant grant end, their sessions end), or, with `left` false, as back in
 * it: the agency they left takes them again in the same group and position.
 */
export function setLeftService(db: AppDatabase, viewer: AdminViewer, personId: number, left: boolean): Outcome<{ endedSessions: number }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const person = administered(tx, admin, personId);
		if (!person) return notFound;
		const problem = stateProblem(person);
		if (problem) return invalid({ form: problem });
		if (person.id === admin.personId) return invalid({ form: m.lifecycle_not_yourself() });
		const now = new Date();
		if (left) {
			if (person.leftServiceAt !== null) return invalid({ form: m.lifecycle_already_left() });
			if (person.agencyId === null) return invalid({ form: m.lifecycle_no_agency() });
			const closed = closeMemberships(tx, person.id, 'agency', now);
			const grantsRevoked = moveGrants(tx, admin, person, 'civil_servant', null, now);
			tx.update(people).set({ leftServiceAt: now, agencyId: null, staffGroup: null, position: null, updatedAt: now }).where(eq(people.id, person.id)).run();
			const endedSessions = invalidateAllSessions(tx, person.id);
			recordAudit(tx, {
				actorId: admin.personId,
				action: 'person.leave_service',
				target: { type: 'person', id: person.id },
				unit: unitOf(person),
				details: { membershipsClosed: closed.length, grantsRevoked, endedSessions },
				requestId: admin.requestId,
				at: now
			});
			return { status: 'done', endedSessions };
		}
		if (person.leftServiceAt === null) return invalid({ form: m.lifecycle_not_left() });
		// The membership that leaving closed: it ended at the very instant the person left.
		const last = tx
			.select()
			.from(memberships)
			.where(and(eq(memberships.personId, person.id), eq(memberships.kind, 'agency'), eq(memberships.endedAt, person.leftServiceAt)))
			.orderBy(desc(memberships.startedAt))
			.get();
		const agency = last?.agencyId ? agencyInProvince(tx, person.provinceId, last.agencyId) : undefined;
		if (!last || !agency) return invalid({ form: m.lifecycle_return_agency_closed() });
		tx.insert(memberships)
			.values({ personId: person.id, kind: 'agency', agencyId: agency.id, staffGroup: last.staffGroup, position: last.position, startedAt: now, recordedById: admin.personId })
			.run();
		const hadGrant = tx
			.select({ id: roleGrants.id })
			.from(roleGrants)
			.where(and(eq(roleGrants.personId, person.id), eq(roleGrants.role, 'civil_servant'), eq(roleGrants.revokedAt, person.leftServiceAt)))
			.get();
		if (hadGrant) insertGrant(tx, admin, person, 'civil_servant', { communeId: null, agencyId: agency.id, name: agency.name }, now);
		tx.update(people).set({ leftServiceAt: null, agencyId: agency.id, staffGroup: last.staffGroup, position: last.position, updatedAt: now }).where(eq(people.id, person.id)).run();
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'person.return_service',
			target: { type: 'person', id: person.id },
			unit: { provinceId: person.provinceId, communeId: person.communeId, agencyId: agency.id },
			details: { agency: agency.name, leftAt: person.leftServiceAt.toISOString(), grantRestored: hadGrant !== undefined },
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', endedSessions: 0 };
	});
}

export interface PlacementRow {
	kind: MembershipKind;
	unit: string;
	staffGroup: StaffGroup | null;
	position: string | null;
	startedAt: Date;
	endedAt: Date | null;
}

/** Where the person lived and worked, newest first. */
export function placementHistory(db: DbOrTx, personId: number): PlacementRow[] {
	return db
		.select({
			kind: memberships.kind,
			unit: sql<string>`coalesce(${communes.name}, ${agencies.name}, '')`,
			staffGroup: memberships.staffGroup,
			position: memberships.position,
			startedAt: memberships.startedAt,
			endedAt: memberships.endedAt
		})
		.from(memberships)
		.leftJoin(communes, eq(communes.id, memberships.communeId))
		.leftJoin(agencies, eq(agencies.id, memberships.agencyId))
		.where(eq(memberships.personId, personId))
		.orderBy(desc(memberships.startedAt), desc(memberships.id))
		.all();
}

export interface LifecycleState {
	leftServiceAt: Date | null;
	mergedInto: { id: number; username: string } | null;
	agencyId: number | null;
}

export function lifecycleState(db: DbOrTx, personId: number): LifecycleState {
	const person = findPerson(db, personId);
	const target = person?.mergedIntoId ? findPerson(db, person.mergedIntoId) : undefined;
	return {
		leftServiceAt: person?.leftServiceAt ?? null,
		mergedInto: target ? { id: target.id, username: target.username } : null,
		agencyId: person?.agencyId ?? null
	};
}

export interface MergeSide {
	id: number;
	fullName: string;
	username: string;
	phone: string | null;
	birthYear: number | null;
	commune: string | null;
	agency: string | null;
	createdAt: Date;
	lessonsDone: number;
	completions: number;
}

/** One account as the merge form shows it beside the other. */
function mergeSide(db: DbOrTx, personId: number): MergeSide | null {
	const row = db
		.select({
			id: people.id,
			fullName: people.fullName,
			username: people.username,
			phone: people.phone,
			birthYear: people.birthYear,
			commune: communes.name,
			agency: agencies.name,
			createdAt: people.createdAt
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(eq(people.id, personId))
		.get();
	if (!row) return null;
	const lessonsDone = db.select({ n: count() }).from(lessonProgress).where(and(eq(lessonProgress.personId, personId), isNotNull(lessonProgress.completedAt))).get()?.n ?? 0;
	const done = db.select({ n: count() }).from(completions).where(eq(completions.personId, personId)).get()?.n ?? 0;
	return { ...row, lessonsDone, completions: done };
}

/**
 * Both accounts of a merge side by side, the other found by its username; or why they cannot be
 * merged. The same checks run again when the merge is sent.
 */
export function mergePreview(db: DbOrTx, viewer: AdminViewer, keepId: number, otherUsername: string): { keep: MergeSide; remove: MergeSide } | { error: string } | null {
	const admin = adminScope(viewer);
	if (!admin) return null;
	const keep = administered(db, admin, keepId);
	if (!keep) return null;
	const found = db.select({ id: people.id }).from(people).where(eq(people.username, otherUsername)).get();
	const remove = found ? administered(db, admin, found.id) : null;
	if (!remove) return { error: m.lifecycle_merge_unknown() };
	const problem = mergeProblem(db, admin, keep, remove);
	if (problem) return { error: problem };
	return { keep: mergeSide(db, keep.id)!, remove: mergeSide(db, remove.id)! };
}

function mergeProblem(db: DbOrTx, admin: AdminScope, keep: Person, remove: Person): string | null {
	if (keep.id === remove.id) return m.lifecycle_merge_self();
	if (keep.mergedIntoId !== null || remove.mergedIntoId !== null) return m.lifecycle_merge_already_merged();
	if (keep.anonymisedAt !== null || remove.anonymisedAt !== null) return m.lifecycle_anonymised_account();
	if (keep.provinceId !== remove.provinceId) return m.lifecycle_merge_unknown();
	if (remove.id === admin.personId) return m.lifecycle_not_yourself();
	const holdsAdminRole = (personId: number) => activeGrants(db, personId).some((grant) => ADMIN_ROLES.includes(grant.role));
	if (!admin.allProvinces && (holdsAdminRole(keep.id) || holdsAdminRole(remove.id))) return m.lifecycle_merge_admin_only_system();
	return null;
}

export interface MergeCounts {
	lessons: number;
	lessonsCombined: number;
	practiceAnswers: number;
	quizAttempts: number;
	completions: number;
	/** Completions of the same course and version on both: the earlier now on the kept account. */
	completionsKeptApart: number;
	certificates: number;
	memberships: number;
	consents: number;
	grants: number;
	attendance: number;
}

/**
 * Merges two accounts of the same person: `remove`'s learning records, history, consents and roles
 * move to `keep`; `remove` is marked merged, disabled and signed out. Where both hold the same
 * record, the kept account keeps the better one (the earlier completion, with its certificate) and
 * the other stays on the merged account: no certificate is ever deleted or changes its code.
 */
export function mergePeople(db: AppDatabase, viewer: AdminViewer, keepId: number, removeId: number): Outcome<{ counts: MergeCounts; removed: string }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const keep = administered(tx, admin, keepId);
		if (!keep) return notFound;
		const remove = administered(tx, admin, removeId);
		if (!remove) return invalid({ form: m.lifecycle_merge_unknown() });
		const problem = mergeProblem(tx, admin, keep, remove);
		if (problem) return invalid({ form: problem });
		const now = new Date();
		const hadSecondFactorRole = requiresSecondFactor(activeGrants(tx, keep.id));
		const counts: MergeCounts = {
			...moveLearning(tx, keep.id, remove.id),
			...moveCompletions(tx, keep.id, remove.id),
			memberships: moveMemberships(tx, keep, remove, now),
			consents: tx.update(consentRecords).set({ personId: keep.id }).where(eq(consentRecords.personId, remove.id)).run().changes,
			grants: moveRoleGrants(tx, admin, keep.id, remove.id, now),
			attendance: tx.run(sql`UPDATE OR IGNORE class_attendance SET person_id = ${keep.id} WHERE person_id = ${remove.id}`).changes
		};
		tx.update(people).set({ mergedIntoId: keep.id, disabledAt: remove.disabledAt ?? now, updatedAt: now }).where(eq(people.id, remove.id)).run();
		const endedSessions = invalidateAllSessions(tx, remove.id);
		// Like a new grant: a first staff role needs a second factor the open sessions never passed.
		const keptSessionsEnded = !hadSecondFactorRole && requiresSecondFactor(activeGrants(tx, keep.id)) ? invalidateAllSessions(tx, keep.id) : 0;
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'person.merge',
			target: { type: 'person', id: keep.id },
			unit: unitOf(keep),
			details: { removedId: remove.id, removedUsername: remove.username, keptUsername: keep.username, ...counts, endedSessions: endedSessions + keptSessionsEnded },
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', counts, removed: remove.username };
	});
}

/** Lessons, practice answers and quiz attempts. Rows both accounts hold stay where they are. */
function moveLearning(tx: DbOrTx, keepId: number, removeId: number) {
	const earlier = sql`r.completed_at IS NOT NULL AND (lesson_progress.completed_at IS NULL OR r.completed_at < lesson_progress.completed_at)`;
	// A lesson both opened: the kept row takes the first visit and the first completion with its unit.
	const lessonsCombined = tx.run(sql`
		UPDATE lesson_progress SET
			first_seen_at = min(lesson_progress.first_seen_at, r.first_seen_at),
			commune_id_at_completion = CASE WHEN ${earlier} THEN r.commune_id_at_completion ELSE lesson_progress.commune_id_at_completion END,
			agency_id_at_completion = CASE WHEN ${earlier} THEN r.agency_id_at_completion ELSE lesson_progress.agency_id_at_completion END,
			completed_at = CASE WHEN ${earlier} THEN r.completed_at ELSE lesson_progress.completed_at END
		FROM lesson_progress AS r
		WHERE lesson_progress.person_id = ${keepId} AND r.person_id = ${removeId}
			AND r.course_id = lesson_progress.course_id AND r.lesson_id = lesson_progress.lesson_id`).changes;
	// OR IGNORE skips the rows whose key the kept account already holds, including a second open
	// attempt at the same quiz (one open attempt per person and quiz): those stay on the merged account.
	const moveRest = (table: string) => tx.run(sql`UPDATE OR IGNORE ${sql.identifier(table)} SET person_id = ${keepId} WHERE person_id = ${removeId}`).changes;
	return {
		lessons: moveRest('lesson_progress'),
		lessonsCombined,
		practiceAnswers: moveRest('practice_answers'),
		quizAttempts: moveRest('quiz_attempts')
	};
}

/**
 * Completions with their certificates. The same course and version on both (the table allows one
 * per person): the earlier belongs on the kept account, so reports keep the date it was met.
 */
function moveCompletions(tx: DbOrTx, keepId: number, removeId: number) {
	const own = (personId: number) => tx.select().from(completions).where(eq(completions.personId, personId)).orderBy(asc(completions.id)).all();
	const kept = new Map(own(keepId).map((row) => [`${row.courseId}\u0000${row.courseVersion}`, row]));
	const moveOne = (completionId: number, to: number) => {
		tx.update(completions).set({ personId: to }).where(eq(completions.id, completionId)).run();
		return tx.update(certificates).set({ personId: to }).where(eq(certificates.completionId, completionId)).run().changes;
	};
	let moved = 0;
	let keptApart = 0;
	let certificatesMoved = 0;
	for (const row of own(removeId)) {
		const twin = kept.get(`${row.courseId}\u0000${row.courseVersion}`);
		if (!twin) {
			certificatesMoved += moveOne(row.id, keepId);
			moved++;
			continue;
		}
		keptApart++;
		if (twin.completedAt <= row.completedAt) continue;
		// Swap the two: the unique index is checked row by row, so the later one steps aside under a
		// course id no course has, then takes the merged account's place, then its own id back.
		const aside = `${twin.courseId}#merge`;
		tx.update(completions).set({ courseId: aside, personId: removeId }).where(eq(completions.id, twin.id)).run();
		certificatesMoved += tx.update(certificates).set({ personId: removeId }).where(eq(certificates.completionId, twin.id)).run().changes;
		certificatesMoved += moveOne(row.id, keepId);
		tx.update(completions).set({ courseId: twin.courseId }).where(eq(completions.id, twin.id)).run();
		moved++;
	}
	return { completions: moved, completionsKeptApart: keptApart, certificates: certificatesMoved };
}

/**
 * The merged account's history joins the kept one. Where both are somewhere now, the kept account's
 * placement stands and the other's ends today; where only the merged account is (say, the kept one
 * never had an agency), its placement carries over to the person's row.
 */
function moveMemberships(tx: DbOrTx, keep: Person, remove: Person, now: Date): number {
	const openKinds = new Set(
		tx
			.select({ kind: memberships.kind })
			.from(memberships)
			.where(and(eq(memberships.personId, keep.id), isNull(memberships.endedAt)))
			.all()
			.map((row) => row.kind)
	);
	for (const kind of openKinds) closeMemberships(tx, remove.id, kind, now);
	const carried: Partial<typeof people.$inferInsert> = {};
	if (!openKinds.has('residence') && keep.communeId === null && remove.communeId !== null) carried.communeId = remove.communeId;
	if (!openKinds.has('agency') && keep.agencyId === null && remove.agencyId !== null && keep.leftServiceAt === null) {
		Object.assign(carried, { agencyId: remove.agencyId, staffGroup: remove.staffGroup, position: remove.position });
	}
	if (Object.keys(carried).length > 0) tx.update(people).set({ ...carried, updatedAt: now }).where(eq(people.id, keep.id)).run();
	return tx.update(memberships).set({ personId: keep.id }).where(eq(memberships.personId, remove.id)).run().changes;
}

/** Roles move unless the kept account holds the same one for the same unit; duplicates are revoked. */
function moveRoleGrants(tx: DbOrTx, admin: AdminScope, keepId: number, removeId: number, now: Date): number {
	const unitKey = (grant: { role: Role; communeId: number | null; agencyId: number | null }) => `${grant.role}:${grant.communeId ?? ''}:${grant.agencyId ?? ''}`;
	const held = new Set(
		tx
			.select({ role: roleGrants.role, communeId: roleGrants.communeId, agencyId: roleGrants.agencyId })
			.from(roleGrants)
			.where(and(eq(roleGrants.personId, keepId), isNull(roleGrants.revokedAt)))
			.all()
			.map(unitKey)
	);
	const active = tx
		.select({ id: roleGrants.id, role: roleGrants.role, communeId: roleGrants.communeId, agencyId: roleGrants.agencyId })
		.from(roleGrants)
		.where(and(eq(roleGrants.personId, removeId), isNull(roleGrants.revokedAt)))
		.all();
	const duplicates = active.filter((grant) => held.has(unitKey(grant))).map((grant) => grant.id);
	if (duplicates.length > 0) tx.update(roleGrants).set({ revokedAt: now, revokedById: admin.personId }).where(inArray(roleGrants.id, duplicates)).run();
	return tx
		.update(roleGrants)
		.set({ personId: keepId })
		.where(and(eq(roleGrants.personId, removeId), isNull(roleGrants.revokedAt)))
		.run().changes;
}
