import type { Role } from '../db/schema';

/**
 * Who may enter each route group. Every route lives in one group (or is listed below), so form
 * actions and +server.ts endpoints are guarded by the same hook as pages; a route that fits no
 * group is refused, so a new route cannot slip out of the policy unnoticed.
 */
export const ROUTE_GROUPS = {
	/** Anyone, signed in or not. */
	public: { signedIn: false, roles: null },
	/** Pages for signing in and recovering an account. */
	auth: { signedIn: false, roles: null },
	/** The second-factor step: a password-checked session that still owes its second factor. */
	'second-factor': { signedIn: 'partial', roles: null },
	/** Everything a signed-in person does for themselves. */
	learner: { signedIn: true, roles: null },
	/** Commune learning-centre work. */
	centre: { signedIn: true, roles: ['facilitator', 'province_admin', 'system_admin'] },
	/** Staff who look after other people's accounts (recovery codes). */
	staff: { signedIn: true, roles: ['facilitator', 'unit_manager', 'province_admin', 'system_admin'] },
	/** Reports. */
	manager: { signedIn: true, roles: ['unit_manager', 'province_admin', 'system_admin'] },
	/** Units, accounts, roles, audit. */
	admin: { signedIn: true, roles: ['province_admin', 'system_admin'] }
} as const satisfies Record<string, { signedIn: boolean | 'partial'; roles: readonly Role[] | null }>;

export type RouteGroup = keyof typeof ROUTE_GROUPS;

/** Routes outside any group: machine endpoints. */
const UNGROUPED: Record<string, RouteGroup> = { '/healthz': 'public', '/.well-known/jwks.json': 'public' };

export function routeGroup(routeId: string | null): RouteGroup | null {
	if (routeId === null) return null;
	if (routeId in UNGROUPED) return UNGROUPED[routeId] ?? null;
	const group = /^\/\(([^)]+)\)/.exec(routeId)?.[1];
	return group !== undefined && group in ROUTE_GROUPS ? (group as RouteGroup) : null;
}

export interface Visitor {
	roles: readonly Role[];
	/** Password checked, and the second factor too where the roles require one. */
	fullySignedIn: boolean;
	/** Signed in with a code (activation, recovery): must choose a password before anything else. */
	mustChangePassword: boolean;
}

/** The one page a person who must choose a new password can open (besides signing out). */
export const CHANGE_PASSWORD_ROUTE = '/(learner)/account/password';

export type Access = 'allow' | 'sign-in' | 'second-factor' | 'change-password' | 'forbidden' | 'not-found';

/** What the hook does with a request for a route. `visitor` is null for a guest. */
export function routeAccess(routeId: string | null, visitor: Visitor | null): Access {
	// A null route id is a 404 that SvelteKit renders itself; let it through so the error page shows.
	if (routeId === null) return 'allow';
	const group = routeGroup(routeId);
	if (group === null) return 'not-found';
	const rule = ROUTE_GROUPS[group];
	if (rule.signedIn === false) return 'allow';
	if (visitor === null) return 'sign-in';
	if (rule.signedIn === 'partial') return 'allow';
	if (!visitor.fullySignedIn) return 'second-factor';
	if (visitor.mustChangePassword && routeId !== CHANGE_PASSWORD_ROUTE) return 'change-password';
	if (rule.roles === null) return 'allow';
	return visitor.roles.some((role) => (rule.roles as readonly Role[]).includes(role)) ? 'allow' : 'forbidden';
}
