import { and, asc, count, eq, exists, gte, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { m } from '../../paraglide/messages.js';
import type { FieldErrors, NewAccountInput } from '../../schemas/admin';
import { foldForSearch } from '../../search-name';
import { recordAudit } from '../audit';
import { grantUnitName, grantsWithUnitNames } from '../auth/accounts';
import { inChunks } from '../org/upsert';
import { personMatches } from '../people/person-query';
import { groupCode, issueCode } from '../auth/codes';
import { invalidateAllSessions } from '../auth/session';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type Role, type StaffGroup, agencies, communes, memberships, people, provinces, roleGrants } from '../db/schema';
import { activeAdminGrantCount, checkGrant, insertGrant, revokeProblem } from './roles';
import { type AdminScope, type AdminViewer, type Outcome, adminScope, administers, invalid, notFound } from './scope';
import { agencyInProvince, communeInProvince } from './units';

export const ACCOUNTS_PER_PAGE = 25;

export interface AccountFilter {
	/** Part of a name (any case, with or without diacritics), a username's start, or a phone number. */
	query?: string;
	/** People living in the commune, or working at the agency. */
	unit?: { commune: number } | { agency: number } | null;
	role?: Role | null;
	status?: 'active' | 'disabled' | null;
	page?: number;
}

export interface AccountListRow {
	id: number;
	fullName: string;
	username: string;
	phone: string | null;
	commune: string | null;
	agency: string | null;
	roles: { role: Role; unit: string }[];
	disabled: boolean;
}

export interface AccountList {
	rows: AccountListRow[];
	total: number;
	page: number;
	pageCount: number;
}

/**
 * Accounts of the admin's province (every province for a system admin), sorted by folded name:
 * the province, commune and agency filters each follow an index on (unit, search_name), so a page
 * is read in order without sorting the province.
 */
export function listAccounts(db: DbOrTx, viewer: AdminViewer, filter: AccountFilter): AccountList {
	const scope = adminScope(viewer);
	const page = Math.max(1, Math.floor(filter.page ?? 1));
	if (!scope) return { rows: [], total: 0, page, pageCount: 0 };
	// With a unit filter, the unit's index is the one to read; the unary + keeps SQLite (which has
	// no statistics to tell which index is narrower) from reading the whole province's instead.
	const province = filter.unit ? sql`+${people.provinceId} = ${scope.provinceId}` : eq(people.provinceId, scope.provinceId);
	const where = and(
		scope.allProvinces ? undefined : province,
		filter.unit ? ('commune' in filter.unit ? eq(people.communeId, filter.unit.commune) : eq(people.agencyId, filter.unit.agency)) : undefined,
		filter.role
			? exists(
					db
						.select({ one: sql`1` })
						.from(roleGrants)
						.where(and(eq(roleGrants.personId, people.id), isNull(roleGrants.revokedAt), eq(roleGrants.role, filter.role)))
				)
			: undefined,
		filter.status === 'active' ? isNull(people.disabledAt) : filter.status === 'disabled' ? isNotNull(people.disabledAt) : undefined,
		personMatches(filter.query)
	);
	const total = db.select({ n: count() }).from(people).where(where).get()?.n ?? 0;
	const rows = db
		.select({
			id: people.id,
			fullName: people.fullName,
			username: people.username,
			phone: people.phone,
			commune: communes.name,
			agency: agencies.name,
			disabledAt: people.disabledAt
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(where)
		.orderBy(asc(people.searchName), asc(people.id))
		.limit(ACCOUNTS_PER_PAGE)
		.offset((page - 1) * ACCOUNTS_PER_PAGE)
		.all();
	const grants = grantsWithUnitNames(db, rows.map((r) => r.id));
	return {
		rows: rows.map(({ disabledAt, ...row }) => ({
			...row,
			roles: grants.filter((g) => g.personId === row.id).map(({ role, unit }) => ({ role, unit })),
			disabled: disabledAt !== null
		})),
		total,
		page,
		pageCount: Math.ceil(total / ACCOUNTS_PER_PAGE)
	};
}

export interface AccountGrant {
	id: number;
	role: Role;
	unit: string;
	grantedAt: Date;
	grantedBy: string | null;
	revokedAt: Date | null;
	revokedBy: string | null;
	/** Whether this admin may revoke it now (see `revokeProblem`). */
	canRevoke: boolean;
}

export interface AccountDetails {
	id: number;
	provinceId: number;
	fullName: string;
	username: string;
	phone: string | null;
	birthYear: number | null;
	commune: string | null;
	hamlet: string | null;
	agency: string | null;
	position: string | null;
	staffGroup: StaffGroup | null;
	createdAt: Date;
	disabledAt: Date | null;
	/** Has chosen a password; until then the one-time code from the admin is the only way in. */
	activated: boolean;
	/** Whether this admin may disable or enable the account (see `statusProblem`). */
	canChangeStatus: boolean;
	/** Active grants first, then revoked ones, newest first. */
	grants: AccountGrant[];
}

/** Whether the person exists and the viewer administers their province. */
export function administersPerson(db: DbOrTx, viewer: AdminViewer, personId: number): boolean {
	const scope = adminScope(viewer);
	const person = scope && db.select({ provinceId: people.provinceId }).from(people).where(eq(people.id, personId)).get();
	return Boolean(scope && person && administers(scope, person.provinceId));
}

/** One account with its roles, past and present; null when missing or outside what the viewer administers. */
export function getAccount(db: DbOrTx, viewer: AdminViewer, personId: number): AccountDetails | null {
	const scope = adminScope(viewer);
	if (!scope) return null;
	const person = db
		.select({
			id: people.id,
			provinceId: people.provinceId,
			fullName: people.fullName,
			username: people.username,
			phone: people.phone,
			birthYear: people.birthYear,
			commune: communes.name,
			hamlet: people.hamlet,
			agency: agencies.name,
			position: people.position,
			staffGroup: people.staffGroup,
			createdAt: people.createdAt,
			disabledAt: people.disabledAt,
			passwordHash: people.passwordHash
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.leftJoin(agencies, eq(agencies.id, people.agencyId))
		.where(eq(people.id, personId))
		.get();
	if (!person || !administers(scope, person.provinceId)) return null;
	const adminGrants = activeAdminGrantCount(db, person.id);
	const { passwordHash, ...details } = person;
	return {
		...details,
		activated: passwordHash !== null,
		canChangeStatus: statusProblem(scope, person.id, adminGrants) === null,
		grants: grantHistory(db, person.id).map((grant) => ({
			...grant,
			canRevoke: grant.revokedAt === null && revokeProblem(scope, { personId: person.id, role: grant.role }, adminGrants) === null
		}))
	};
}

function grantHistory(db: DbOrTx, personId: number): Omit<AccountGrant, 'canRevoke'>[] {
	const granter = alias(people, 'granter');
	const revoker = alias(people, 'revoker');
	return db
		.select({
			id: roleGrants.id,
			role: roleGrants.role,
			unit: grantUnitName,
			grantedAt: roleGrants.grantedAt,
			grantedBy: granter.fullName,
			revokedAt: roleGrants.revokedAt,
			revokedBy: revoker.fullName
		})
		.from(roleGrants)
		.innerJoin(provinces, eq(provinces.id, roleGrants.provinceId))
		.leftJoin(communes, eq(communes.id, roleGrants.communeId))
		.leftJoin(agencies, eq(agencies.id, roleGrants.agencyId))
		.leftJoin(granter, eq(granter.id, roleGrants.grantedById))
		.leftJoin(revoker, eq(revoker.id, roleGrants.revokedById))
		.where(eq(roleGrants.personId, personId))
		.orderBy(sql`${roleGrants.revokedAt} IS NOT NULL`, sql`coalesce(${roleGrants.revokedAt}, ${roleGrants.grantedAt}) DESC`)
		.all();
}

/**
 * Why this admin may not disable or enable an account, or null when they may: nobody locks
 * themselves out, and only a system admin locks out an admin.
 */
function statusProblem(admin: AdminScope, personId: number, adminGrantsOfPerson: number): string | null {
	if (personId === admin.personId) return m.admin_disable_self();
	if (adminGrantsOfPerson > 0 && !admin.allProvinces) return m.admin_disable_admin_only_system();
	return null;
}

/** Folded name (or a taken username) made unique: nguyenvanan, else nguyenvanan2, nguyenvanan3… */
export function suggestUsername(db: DbOrTx, seed: string): string {
	return usernameSuggester(db, [seed])(seed);
}

/**
 * `suggestUsername` for many new accounts, the usernames taken read in a few queries rather than
 * one a seed. Each call takes the name it returns, as creating the account would; it knows only
 * the names starting like the seeds given here, so it must be called with those alone.
 */
export function usernameSuggester(db: DbOrTx, seeds: readonly string[]): (seed: string) => string {
	const taken = usernamesStartingWith(db, seeds.map(usernameBase));
	return (seed) => {
		const base = usernameBase(seed);
		let username = base;
		for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
		taken.add(username);
		return username;
	};
}

function usernameBase(seed: string): string {
	const folded = foldForSearch(seed).replace(/[^a-z0-9._-]/g, '').slice(0, 56);
	return folded.length >= 3 ? folded : `nguoidung${folded}`;
}

function usernamesStartingWith(db: DbOrTx, prefixes: readonly string[]): Set<string> {
	// Sorted, a prefix starting with another comes after it with nothing between but others that
	// start with it too, so comparing with the last prefix kept drops every range another covers.
	const kept: string[] = [];
	for (const prefix of [...new Set(prefixes)].sort()) {
		const last = kept.at(-1);
		if (last === undefined || !prefix.startsWith(last)) kept.push(prefix);
	}
	const taken = new Set<string>();
	for (const chunk of inChunks(kept, 100)) {
		// Usernames use only characters below "{", so each range is every username starting with its prefix.
		const ranges = chunk.map((prefix) => and(gte(people.username, prefix), lt(people.username, `${prefix}{`)));
		for (const { username } of db.select({ username: people.username }).from(people).where(or(...ranges)).all()) taken.add(username);
	}
	return taken;
}

export interface CreatedAccount {
	personId: number;
	username: string;
	/** The one-time code, in groups of four, to hand over once: it is stored only hashed. */
	code: string;
	expiresAt: Date;
	/** Said when other accounts share the phone number: fine for a family, worth a look for a duplicate. */
	warning: string | null;
}

/**
 * Creates an account with its first role. The person has no password: the one-time code returned
 * lets them choose one at /recover within 24 hours.
 */
export function createAccount(db: AppDatabase, viewer: AdminViewer, input: NewAccountInput): Outcome<CreatedAccount> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	const provinceId = admin.provinceId;
	return db.transaction((tx) => {
		const errors: FieldErrors = {};
		if (input.commune !== null && !communeInProvince(tx, provinceId, input.commune)) errors.commune = m.admin_unit_unknown();
		if (input.agency !== null && !agencyInProvince(tx, provinceId, input.agency)) errors.agency = m.admin_unit_unknown();
		if (input.username !== null && usernameTaken(tx, input.username)) {
			errors.username = m.admin_username_taken({ suggestion: suggestUsername(tx, input.username) });
		}
		const checked = checkGrant(tx, admin, { id: null, provinceId }, input.role, input.scope);
		if ('errors' in checked) return invalid({ ...errors, ...checked.errors });
		if (Object.keys(errors).length > 0) return invalid(errors);

		const now = new Date();
		const username = input.username ?? suggestUsername(tx, input.fullName);
		const { id: personId } = tx
			.insert(people)
			.values({
				provinceId,
				username,
				fullName: input.fullName,
				searchName: foldForSearch(input.fullName),
				phone: input.phone,
				birthYear: input.birthYear,
				communeId: input.commune,
				hamlet: input.hamlet,
				agencyId: input.agency,
				position: input.position,
				staffGroup: input.staffGroup,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: people.id })
			.get();
		if (input.commune !== null) {
			tx.insert(memberships).values({ personId, kind: 'residence', communeId: input.commune, startedAt: now, recordedById: admin.personId }).run();
		}
		if (input.agency !== null) {
			tx.insert(memberships)
				.values({ personId, kind: 'agency', agencyId: input.agency, staffGroup: input.staffGroup, position: input.position, startedAt: now, recordedById: admin.personId })
				.run();
		}
		const grantId = insertGrant(tx, admin, { id: personId, provinceId }, input.role, checked.unit, now);
		const { code, expiresAt } = issueCode(tx, personId, 'password_recovery', { issuedById: admin.personId, now });
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'account.create',
			target: { type: 'person', id: personId },
			unit: { provinceId, communeId: input.commune, agencyId: input.agency },
			details: { username, grantId, role: input.role, unit: checked.unit.name },
			requestId: admin.requestId,
			at: now
		});
		const samePhone = input.phone === null ? 0 : (tx.select({ n: count() }).from(people).where(and(eq(people.phone, input.phone), ne(people.id, personId))).get()?.n ?? 0);
		return {
			status: 'done',
			personId,
			username,
			code: groupCode(code),
			expiresAt,
			warning: samePhone > 0 ? m.admin_phone_shared({ count: samePhone }) : null
		};
	});
}

function usernameTaken(db: DbOrTx, username: string): boolean {
	return db.select({ id: people.id }).from(people).where(eq(people.username, username)).get() !== undefined;
}

/**
 * Disables or enables an account, with the reason in the audit log. Disabling also ends every
 * session the person has open, so a lost phone or a departed employee is signed out at once.
 */
export function setAccountDisabled(db: AppDatabase, viewer: AdminViewer, personId: number, disabled: boolean, reason: string): Outcome<{ endedSessions: number }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const person = tx
			.select({ id: people.id, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId, disabledAt: people.disabledAt })
			.from(people)
			.where(eq(people.id, personId))
			.get();
		if (!person || !administers(admin, person.provinceId)) return notFound;
		const problem = statusProblem(admin, person.id, activeAdminGrantCount(tx, person.id));
		if (problem) return invalid({ form: problem });
		if ((person.disabledAt !== null) === disabled) return invalid({ form: disabled ? m.admin_already_disabled() : m.admin_already_enabled() });
		const now = new Date();
		tx.update(people).set({ disabledAt: disabled ? now : null, updatedAt: now }).where(eq(people.id, person.id)).run();
		const endedSessions = disabled ? invalidateAllSessions(tx, person.id) : 0;
		recordAudit(tx, {
			actorId: admin.personId,
			action: disabled ? 'account.disable' : 'account.enable',
			target: { type: 'person', id: person.id },
			unit: { provinceId: person.provinceId, communeId: person.communeId, agencyId: person.agencyId },
			details: disabled ? { reason, endedSessions } : { reason },
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', endedSessions };
	});
}
