import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import { ADMIN_ROLES, type FieldErrors, type GrantScope, ROLE_SCOPES, type ScopeKind, missingUnit, scopeKind } from '../../schemas/admin';
import { recordAudit } from '../audit';
import { activeGrants, grantUnitName, requiresSecondFactor } from '../auth/accounts';
import { invalidateAllSessions } from '../auth/session';
import type { AppDatabase, DbOrTx } from '../db/client';
import { ROLES, type Role, agencies, communes, people, provinces, roleGrants } from '../db/schema';
import { type AdminScope, type AdminViewer, type Outcome, adminScope, administers, invalid, notFound } from './scope';
import { type GrantUnit, resolveGrantUnit } from './units';

/** The roles this admin may grant, each with the units it may be granted for. */
export function grantableRoles(viewer: AdminViewer): { role: Role; scopes: readonly ScopeKind[] }[] {
	const scope = adminScope(viewer);
	if (!scope) return [];
	return ROLES.filter((role) => scope.allProvinces || !ADMIN_ROLES.includes(role)).map((role) => ({ role, scopes: ROLE_SCOPES[role] }));
}

/**
 * Checks a grant before it is made (for an existing person, or one about to be created when
 * `person.id` is null): the role is one this admin may grant, for a kind of unit the role takes,
 * in the person's province, and not held already. Returns the unit, or messages beside the fields.
 */
export function checkGrant(
	db: DbOrTx,
	admin: AdminScope,
	person: { id: number | null; provinceId: number },
	role: Role,
	scope: GrantScope
): { unit: GrantUnit } | { errors: FieldErrors } {
	if (ADMIN_ROLES.includes(role) && !admin.allProvinces) return { errors: { role: m.admin_grant_admin_only_system() } };
	const kind = scopeKind(scope);
	if (!ROLE_SCOPES[role].includes(kind)) return { errors: wrongScope(role, kind) };
	const unit = resolveGrantUnit(db, person.provinceId, scope);
	if (!unit) return { errors: { [SCOPE_FIELD[kind]]: m.admin_unit_unknown() } };
	if (person.id !== null && holdsGrant(db, person.id, role, unit)) return { errors: { role: m.admin_grant_duplicate() } };
	return { unit };
}

/** The field beside which to speak about a scope of this kind. */
const SCOPE_FIELD: Record<ScopeKind, string> = { commune: 'scopeCommune', agency: 'scopeAgency', province: 'role' };

/** Every role but the unit manager's takes one kind of unit: say which, beside its picker. */
function wrongScope(role: Role, kind: ScopeKind): FieldErrors {
	const needed = ROLE_SCOPES[role][0];
	if (needed === 'commune' || needed === 'agency') {
		const { field, message } = missingUnit(needed);
		return { [field]: message };
	}
	return { [SCOPE_FIELD[kind]]: m.admin_scope_province_only() };
}

function holdsGrant(db: DbOrTx, personId: number, role: Role, unit: GrantUnit): boolean {
	const sameUnit = (column: typeof roleGrants.communeId | typeof roleGrants.agencyId, id: number | null) => (id === null ? isNull(column) : eq(column, id));
	return (
		db
			.select({ id: roleGrants.id })
			.from(roleGrants)
			.where(
				and(
					eq(roleGrants.personId, personId),
					isNull(roleGrants.revokedAt),
					eq(roleGrants.role, role),
					sameUnit(roleGrants.communeId, unit.communeId),
					sameUnit(roleGrants.agencyId, unit.agencyId)
				)
			)
			.get() !== undefined
	);
}

/** Writes a grant `checkGrant` accepted; the caller holds the transaction and writes the audit row. */
export function insertGrant(tx: DbOrTx, admin: AdminScope, person: { id: number; provinceId: number }, role: Role, unit: GrantUnit, now: Date): number {
	const { id } = tx
		.insert(roleGrants)
		.values({ personId: person.id, role, provinceId: person.provinceId, communeId: unit.communeId, agencyId: unit.agencyId, grantedById: admin.personId, grantedAt: now })
		.returning({ id: roleGrants.id })
		.get();
	return id;
}

const grantAuditUnit = (provinceId: number, unit: { communeId: number | null; agencyId: number | null }) => ({
	provinceId,
	communeId: unit.communeId,
	agencyId: unit.agencyId
});

/**
 * Grants a role for a unit. A person who gains their first staff role is signed out everywhere:
 * their sessions never passed a second factor, which staff roles require.
 */
export function grantRole(db: AppDatabase, viewer: AdminViewer, personId: number, role: Role, scope: GrantScope): Outcome<{ grantId: number; endedSessions: number }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const person = tx.select({ id: people.id, provinceId: people.provinceId }).from(people).where(eq(people.id, personId)).get();
		if (!person || !administers(admin, person.provinceId)) return notFound;
		const checked = checkGrant(tx, admin, person, role, scope);
		if ('errors' in checked) return invalid(checked.errors);
		const hadSecondFactorRole = requiresSecondFactor(activeGrants(tx, person.id));
		const now = new Date();
		const grantId = insertGrant(tx, admin, person, role, checked.unit, now);
		const endedSessions = !hadSecondFactorRole && requiresSecondFactor(activeGrants(tx, person.id)) ? invalidateAllSessions(tx, person.id) : 0;
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'role.grant',
			target: { type: 'person', id: person.id },
			unit: grantAuditUnit(person.provinceId, checked.unit),
			details: { grantId, role, unit: checked.unit.name, ...(endedSessions > 0 ? { endedSessions } : {}) },
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', grantId, endedSessions };
	});
}

/**
 * Why this admin may not revoke a grant, or null when they may: only a system admin touches admin
 * roles, and nobody removes their own last admin role (someone must still be able to grant it back).
 */
export function revokeProblem(admin: AdminScope, grant: { personId: number; role: Role }, adminGrantsOfPerson: number): string | null {
	if (!ADMIN_ROLES.includes(grant.role)) return null;
	if (!admin.allProvinces) return m.admin_grant_admin_only_system();
	if (grant.personId === admin.personId && adminGrantsOfPerson <= 1) return m.admin_revoke_own_last_admin();
	return null;
}

export function activeAdminGrantCount(db: DbOrTx, personId: number): number {
	return (
		db
			.select({ n: count() })
			.from(roleGrants)
			.where(and(eq(roleGrants.personId, personId), isNull(roleGrants.revokedAt), inArray(roleGrants.role, [...ADMIN_ROLES])))
			.get()?.n ?? 0
	);
}

/** Ends a grant. The row stays, with who revoked it and when, so the trail shows who could see what. */
export function revokeRole(db: AppDatabase, viewer: AdminViewer, grantId: number): Outcome<{ personId: number }> {
	const admin = adminScope(viewer);
	if (!admin) return notFound;
	return db.transaction((tx) => {
		const grant = tx
			.select({
				id: roleGrants.id,
				personId: roleGrants.personId,
				role: roleGrants.role,
				provinceId: people.provinceId,
				communeId: roleGrants.communeId,
				agencyId: roleGrants.agencyId,
				revokedAt: roleGrants.revokedAt,
				unit: grantUnitName
			})
			.from(roleGrants)
			.innerJoin(people, eq(people.id, roleGrants.personId))
			.innerJoin(provinces, eq(provinces.id, roleGrants.provinceId))
			.leftJoin(communes, eq(communes.id, roleGrants.communeId))
			.leftJoin(agencies, eq(agencies.id, roleGrants.agencyId))
			.where(eq(roleGrants.id, grantId))
			.get();
		if (!grant || !administers(admin, grant.provinceId)) return notFound;
		if (grant.revokedAt) return invalid({ form: m.admin_grant_already_revoked() });
		const problem = revokeProblem(admin, grant, activeAdminGrantCount(tx, grant.personId));
		if (problem) return invalid({ form: problem });
		const now = new Date();
		tx.update(roleGrants).set({ revokedAt: now, revokedById: admin.personId }).where(eq(roleGrants.id, grant.id)).run();
		recordAudit(tx, {
			actorId: admin.personId,
			action: 'role.revoke',
			target: { type: 'person', id: grant.personId },
			unit: grantAuditUnit(grant.provinceId, grant),
			details: { grantId: grant.id, role: grant.role, unit: grant.unit },
			requestId: admin.requestId,
			at: now
		});
		return { status: 'done', personId: grant.personId };
	});
}
