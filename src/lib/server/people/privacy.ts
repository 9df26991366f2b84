import { and, count, desc, eq, isNull, ne } from 'drizzle-orm';
import { type AnySQLiteColumn, alias } from 'drizzle-orm/sqlite-core';
import { m } from '../../paraglide/messages.js';
import { formatDateTime } from '../../format';
import type { Locale } from '../../paraglide/runtime.js';
import { foldForSearch } from '../../search-name';
import { AUDIT_PER_PAGE, type AuditFilter, listAudit } from '../admin/audit-log';
import type { AdminScope, AdminViewer } from '../admin/scope';
import { recordAudit } from '../audit';
import { grantUnitName } from '../auth/accounts';
import type { AppDatabase, DbOrTx } from '../db/client';
import {
	type DeletionStatus,
	agencies,
	certificates,
	communes,
	completions,
	consentRecords,
	deletionRequests,
	lessonProgress,
	memberships,
	oneTimeCodes,
	people,
	practiceAnswers,
	provinces,
	quizAttempts,
	roleGrants,
	sessions,
	totpCredentials
} from '../db/schema';
import type { Cell, ExportMeta, ExportSheet } from '../reports/export-files';

/** Everything the platform holds about one person, as they may read and download it. */
export interface MyData {
	account: {
		fullName: string;
		username: string;
		phone: string | null;
		email: string | null;
		birthYear: number | null;
		commune: string | null;
		hamlet: string | null;
		agency: string | null;
		position: string | null;
		staffGroup: string | null;
	};
	memberships: { kind: 'residence' | 'agency'; unit: string; staffGroup: string | null; position: string | null; startedAt: Date; endedAt: Date | null }[];
	consents: { purpose: string; textVersion: string; givenAt: Date; withdrawnAt: Date | null }[];
	roles: { role: string; unit: string; grantedAt: Date; revokedAt: Date | null }[];
	learning: {
		lessons: { courseId: string; lessonId: string; firstSeenAt: Date; completedAt: Date | null }[];
		practiceAnswers: number;
		quizAttempts: { courseId: string; quizId: string; startedAt: Date; submittedAt: Date | null; score: number | null; passed: boolean | null }[];
		completions: { courseId: string; courseVersion: number; completedAt: Date; score: number | null }[];
		certificates: { code: string; courseTitle: string; completedAt: Date; revokedAt: Date | null }[];
	};
	sessions: number;
}

/** What is held about the person; null for an id that names nobody. */
export function myData(db: DbOrTx, personId: number): MyData | null {
	const account = db
		.select({
			fullName: people.fullName,
			username: people.username,
			phone: people.phone,
			email: people.email,
			birthYear: people.birthYear,
			commune: communes.name,
			hamlet: people.hamlet,
			agency: agencies.name,
			position: people.position,
			staffGroup: people.staffGroup
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(eq(people.id, personId))
		.get();
	if (!account) return null;
	const byPerson = (column: AnySQLiteColumn) => eq(column, personId);
	return {
		account,
		memberships: db
			.select({ kind: memberships.kind, unit: grantUnitName, staffGroup: memberships.staffGroup, position: memberships.position, startedAt: memberships.startedAt, endedAt: memberships.endedAt })
			.from(memberships)
			.innerJoin(people, eq(people.id, memberships.personId))
			.innerJoin(provinces, eq(provinces.id, people.provinceId))
			.leftJoin(communes, eq(communes.id, memberships.communeId))
			.leftJoin(agencies, eq(agencies.id, memberships.agencyId))
			.where(byPerson(memberships.personId))
			.orderBy(memberships.startedAt, memberships.id)
			.all(),
		consents: db
			.select({ purpose: consentRecords.purpose, textVersion: consentRecords.textVersion, givenAt: consentRecords.givenAt, withdrawnAt: consentRecords.withdrawnAt })
			.from(consentRecords)
			.where(byPerson(consentRecords.personId))
			.orderBy(consentRecords.givenAt, consentRecords.id)
			.all(),
		roles: db
			.select({ role: roleGrants.role, unit: grantUnitName, grantedAt: roleGrants.grantedAt, revokedAt: roleGrants.revokedAt })
			.from(roleGrants)
			.innerJoin(provinces, eq(provinces.id, roleGrants.provinceId))
			.leftJoin(communes, eq(communes.id, roleGrants.communeId))
			.leftJoin(agencies, eq(agencies.id, roleGrants.agencyId))
			.where(byPerson(roleGrants.personId))
			.orderBy(roleGrants.grantedAt, roleGrants.id)
			.all(),
		learning: {
			lessons: db
				.select({ courseId: lessonProgress.courseId, lessonId: lessonProgress.lessonId, firstSeenAt: lessonProgress.firstSeenAt, completedAt: lessonProgress.completedAt })
				.from(lessonProgress)
				.where(byPerson(lessonProgress.personId))
				.orderBy(lessonProgress.firstSeenAt)
				.all(),
			practiceAnswers: db.select({ n: count() }).from(practiceAnswers).where(byPerson(practiceAnswers.personId)).get()?.n ?? 0,
			quizAttempts: db
				.select({ courseId: quizAttempts.courseId, quizId: quizAttempts.quizId, startedAt: quizAttempts.startedAt, submittedAt: quizAttempts.submittedAt, score: quizAttempts.score, passed: quizAttempts.passed })
				.from(quizAttempts)
				.where(byPerson(quizAttempts.personId))
				.orderBy(quizAttempts.startedAt)
				.all(),
			completions: db
				.select({ courseId: completions.courseId, courseVersion: completions.courseVersion, completedAt: completions.completedAt, score: completions.score })
				.from(completions)
				.where(byPerson(completions.personId))
				.orderBy(completions.completedAt)
				.all(),
			certificates: db
				.select({ code: certificates.code, courseTitle: certificates.courseTitleVi, completedAt: certificates.completedAt, revokedAt: certificates.revokedAt })
				.from(certificates)
				.where(byPerson(certificates.personId))
				.orderBy(certificates.completedAt)
				.all()
		},
		sessions: db.select({ n: count() }).from(sessions).where(byPerson(sessions.personId)).get()?.n ?? 0
	};
}

/**
 * The same data as one row per fact (section, field, value), for a spreadsheet: lists number
 * their entries ("2.startedAt"), dates are ISO 8601, absent values are empty.
 */
export function* myDataFacts(data: MyData): Generator<[string, string, string]> {
	function* walk(section: string, path: string, value: unknown): Generator<[string, string, string]> {
		if (value instanceof Date) yield [section, path, value.toISOString()];
		else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* walk(section, path ? `${path}.${i + 1}` : String(i + 1), item);
		else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* walk(section, path ? `${path}.${key}` : key, item);
		else yield [section, path, value === null || value === undefined ? '' : String(value)];
	}
	for (const [section, value] of Object.entries(data)) yield* walk(section, typeof value === 'object' ? '' : section, value);
}

/** Records that the person downloaded what is held about them. */
export function recordDataExport(db: DbOrTx, personId: number, format: 'json' | 'csv', requestId: string | null, now: Date): void {
	recordAudit(db, { actorId: personId, action: 'privacy.export', target: { type: 'person', id: personId }, details: { format }, requestId, at: now });
}

export interface OwnDeletionRequest {
	status: DeletionStatus;
	requestedAt: Date;
	decidedAt: Date | null;
	decisionNote: string | null;
}

/** The person's latest deletion request, if any. */
export function ownDeletionRequest(db: DbOrTx, personId: number): OwnDeletionRequest | null {
	return (
		db
			.select({ status: deletionRequests.status, requestedAt: deletionRequests.requestedAt, decidedAt: deletionRequests.decidedAt, decisionNote: deletionRequests.decisionNote })
			.from(deletionRequests)
			.where(eq(deletionRequests.personId, personId))
			.orderBy(desc(deletionRequests.requestedAt), desc(deletionRequests.id))
			.get() ?? null
	);
}

/** Files a deletion request for the province's admins; one may wait at a time. */
export function requestDeletion(db: AppDatabase, personId: number, reason: string | null, requestId: string | null, now: Date): 'sent' | 'already-pending' {
	return db.transaction((tx) => {
		const waiting = tx
			.select({ id: deletionRequests.id })
			.from(deletionRequests)
			.where(and(eq(deletionRequests.personId, personId), eq(deletionRequests.status, 'pending')))
			.get();
		if (waiting) return 'already-pending';
		const { provinceId } = tx.select({ provinceId: people.provinceId }).from(people).where(eq(people.id, personId)).get()!;
		const row = tx.insert(deletionRequests).values({ personId, provinceId, reason, requestedAt: now }).returning({ id: deletionRequests.id }).get();
		recordAudit(tx, { actorId: personId, action: 'privacy.deletion_request', target: { type: 'person', id: personId }, unit: { provinceId }, details: { request: row.id }, requestId, at: now });
		return 'sent';
	});
}

export interface DeletionRequestRow {
	id: number;
	personId: number;
	personName: string;
	username: string;
	reason: string | null;
	requestedAt: Date;
	status: DeletionStatus;
	decidedAt: Date | null;
	decidedBy: string | null;
	decisionNote: string | null;
}

/** How many decided requests the admin page lists: the newest. */
export const DECIDED_SHOWN = 100;

/** The requests of the admin's province (every province for a system admin): all waiting, the newest decided. */
export function deletionRequestsFor(db: DbOrTx, scope: AdminScope): { pending: DeletionRequestRow[]; decided: DeletionRequestRow[] } {
	const decider = alias(people, 'decider');
	const query = (pending: boolean) =>
		db
			.select({
				id: deletionRequests.id,
				personId: deletionRequests.personId,
				personName: people.fullName,
				username: people.username,
				reason: deletionRequests.reason,
				requestedAt: deletionRequests.requestedAt,
				status: deletionRequests.status,
				decidedAt: deletionRequests.decidedAt,
				decidedBy: decider.fullName,
				decisionNote: deletionRequests.decisionNote
			})
			.from(deletionRequests)
			.innerJoin(people, eq(people.id, deletionRequests.personId))
			.leftJoin(decider, eq(decider.id, deletionRequests.decidedById))
			.where(
				and(
					scope.allProvinces ? undefined : eq(deletionRequests.provinceId, scope.provinceId),
					pending ? eq(deletionRequests.status, 'pending') : ne(deletionRequests.status, 'pending')
				)
			);
	return {
		pending: query(true).orderBy(deletionRequests.requestedAt, deletionRequests.id).all(),
		decided: query(false).orderBy(desc(deletionRequests.decidedAt), desc(deletionRequests.id)).limit(DECIDED_SHOWN).all()
	};
}

export type Decision = { kind: 'carry-out' } | { kind: 'refuse'; note: string };

/**
 * Carries out (anonymises the person) or refuses a waiting request, with its audit row, in one
 * transaction. A request of another province is 'not-found', as if it did not exist.
 */
export function decideDeletion(db: AppDatabase, scope: AdminScope, requestId: number, decision: Decision, now: Date): 'done' | 'refused' | 'already-decided' | 'not-found' {
	return db.transaction((tx) => {
		const request = tx.select().from(deletionRequests).where(eq(deletionRequests.id, requestId)).get();
		if (!request || !(scope.allProvinces || request.provinceId === scope.provinceId)) return 'not-found';
		if (request.status !== 'pending') return 'already-decided';
		const done = decision.kind === 'carry-out';
		tx.update(deletionRequests)
			.set({ status: done ? 'done' : 'refused', decidedAt: now, decidedById: scope.personId, decisionNote: done ? null : decision.note })
			.where(eq(deletionRequests.id, request.id))
			.run();
		if (done) anonymisePerson(tx, request.personId, now);
		recordAudit(tx, {
			actorId: scope.personId,
			action: done ? 'privacy.deletion_done' : 'privacy.deletion_refused',
			target: { type: 'person', id: request.personId },
			unit: { provinceId: request.provinceId },
			details: done ? { request: request.id } : { request: request.id, reason: decision.note },
			requestId: scope.requestId,
			at: now
		});
		return done ? 'done' : 'refused';
	});
}

/**
 * Removes what identifies the person and ends their access. Memberships, progress, completions
 * and certificates keep their rows (without a name), so every count a report makes stays the same.
 * The birth year stays too: criteria count residents by age, and without it the person would drop
 * out of those counts. Call it inside a transaction.
 */
export function anonymisePerson(tx: DbOrTx, personId: number, now: Date): void {
	// Stored once in Vietnamese, like every name in the database; pages show it as stored.
	const label = m.privacy_deleted_name({}, { locale: 'vi' });
	tx.update(people)
		.set({
			fullName: label,
			searchName: foldForSearch(label),
			username: `xoa-${personId}`,
			phone: null,
			email: null,
			hamlet: null,
			position: null,
			passwordHash: null,
			mustChangePassword: false,
			anonymisedAt: now,
			updatedAt: now
		})
		.where(eq(people.id, personId))
		.run();
	tx.update(certificates).set({ holderName: label }).where(eq(certificates.personId, personId)).run();
	tx.update(consentRecords).set({ withdrawnAt: now }).where(and(eq(consentRecords.personId, personId), isNull(consentRecords.withdrawnAt))).run();
	tx.delete(oneTimeCodes).where(eq(oneTimeCodes.personId, personId)).run();
	tx.delete(totpCredentials).where(eq(totpCredentials.personId, personId)).run();
	tx.delete(sessions).where(eq(sessions.personId, personId)).run();
}

/** Rows an audit-log download holds at most, newest first: enough for any period an inspection asks about. */
export const AUDIT_EXPORT_MAX = 20_000;

/**
 * The admin's audit log under a filter (the page's, without its page number) as a sheet for the
 * export writers, audited before a row is read. Pages through listAudit so the scope and filter
 * rules stay in one place.
 */
export function auditLogExport(db: AppDatabase, viewer: AdminViewer, filter: AuditFilter, locale: Locale, now: Date): { meta: ExportMeta; sheet: ExportSheet } {
	const actor = db.select({ fullName: people.fullName }).from(people).where(eq(people.id, viewer.personId)).get();
	const used = Object.entries({ action: filter.action, actor: filter.actor, from: filter.from, to: filter.to }).filter(([, value]) => value);
	recordAudit(db, { actorId: viewer.personId, action: 'audit.export', details: Object.fromEntries(used), requestId: viewer.requestId ?? null, at: now });
	function* rows(): Generator<Cell[]> {
		for (let page = 1; page <= AUDIT_EXPORT_MAX / AUDIT_PER_PAGE; page++) {
			const found = listAudit(db, viewer, { ...filter, page });
			for (const row of found.rows) {
				yield [
					formatDateTime(row.at, locale),
					row.actor?.name ?? m.admin_audit_system(),
					row.actor?.username ?? null,
					row.action,
					row.target ? [row.target.type, row.target.id, row.target.name].filter(Boolean).join(' ') : null,
					row.details ? JSON.stringify(row.details) : null
				];
			}
			if (!found.hasNext) return;
		}
	}
	return {
		meta: {
			title: m.privacy_audit_export_title(),
			lines: [
				used.length > 0 ? m.privacy_audit_export_filters({ filters: used.map(([key, value]) => `${key}=${value}`).join(', ') }) : m.privacy_audit_export_no_filter(),
				m.privacy_audit_export_made({ time: formatDateTime(now, locale), name: actor?.fullName ?? '' }),
				m.privacy_audit_export_limit({ max: AUDIT_EXPORT_MAX })
			]
		},
		sheet: {
			name: m.privacy_audit_export_title(),
			columns: [
				{ header: m.admin_col_time(), width: 18 },
				{ header: m.admin_col_actor(), width: 28 },
				{ header: m.privacy_col_username(), width: 20 },
				{ header: m.admin_col_action(), width: 28 },
				{ header: m.admin_col_target(), width: 30 },
				{ header: m.admin_col_details(), width: 60 }
			],
			rows: rows()
		}
	};
}
