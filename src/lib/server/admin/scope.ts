import type { FieldErrors } from '../../schemas/admin';
import type { Grant, Viewer } from '../auth/scope';

/** The admin acting on a page: who they are, their roles, and the request, for the audit trail. */
export interface AdminViewer extends Viewer {
	requestId?: string | null;
}

/** What an admin may administer. */
export interface AdminScope {
	personId: number;
	/** The province the admin works in: new accounts go there, the unit pickers list its units. */
	provinceId: number;
	/** A system admin administers every province; a province admin only their own. */
	allProvinces: boolean;
	requestId: string | null;
}

/** The signed-in person as the admin domain sees them. */
export function adminViewer(user: { id: number; grants: Grant[] }, requestId: string | null = null): AdminViewer {
	return { personId: user.id, grants: user.grants, requestId };
}

/** Null for anyone who is not an admin: they administer nothing, whatever a page asks. */
export function adminScope(viewer: AdminViewer): AdminScope | null {
	const grant = viewer.grants.find((g) => g.role === 'system_admin') ?? viewer.grants.find((g) => g.role === 'province_admin');
	if (!grant) return null;
	return {
		personId: viewer.personId,
		provinceId: grant.provinceId,
		allProvinces: grant.role === 'system_admin',
		requestId: viewer.requestId ?? null
	};
}

export function administers(scope: AdminScope, provinceId: number): boolean {
	return scope.allProvinces || scope.provinceId === provinceId;
}

/** What a domain function did: done, refused with messages beside the fields, or nothing to act on. */
export type Outcome<T extends object = object> =
	| ({ status: 'done' } & T)
	| { status: 'invalid'; errors: FieldErrors }
	| { status: 'not_found' };

export const invalid = (errors: FieldErrors) => ({ status: 'invalid' as const, errors });
export const notFound = { status: 'not_found' as const };
