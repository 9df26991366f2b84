import { describe, expect, it } from 'vitest';
import { type Visitor, routeAccess, routeGroup } from '../../src/lib/server/auth/policy';

const visitor = (roles: Visitor['roles'], extra: Partial<Visitor> = {}): Visitor => ({ roles, fullySignedIn: true, mustChangePassword: false, ...extra });

describe('routeAccess', () => {
	it('lets anyone into public and sign-in pages', () => {
		expect(routeAccess('/(public)/help', null)).toBe('allow');
		expect(routeAccess('/(auth)/sign-in', null)).toBe('allow');
		expect(routeAccess('/healthz', null)).toBe('allow');
	});

	it('sends guests to sign in from any page that needs an account', () => {
		for (const route of ['/(learner)/me', '/(second-factor)/sign-out', '/(admin)/admin/accounts', '/(staff)/people', '/(manager)/reports', '/(centre)/centre']) {
			expect(routeAccess(route, null)).toBe('sign-in');
		}
	});

	it('lets a staff member who still owes the second factor reach only that step', () => {
		const pending = visitor(['facilitator'], { fullySignedIn: false });
		expect(routeAccess('/(second-factor)/sign-in/two-factor', pending)).toBe('allow');
		expect(routeAccess('/(learner)/me', pending)).toBe('second-factor');
		expect(routeAccess('/(staff)/people', pending)).toBe('second-factor');
	});

	it('keeps a person who must choose a password on that page', () => {
		const first = visitor(['learner'], { mustChangePassword: true });
		expect(routeAccess('/(learner)/account/password', first)).toBe('allow');
		expect(routeAccess('/(learner)/me', first)).toBe('change-password');
		expect(routeAccess('/(second-factor)/sign-out', first)).toBe('allow');
	});

	it('opens each staff group to its roles only', () => {
		expect(routeAccess('/(admin)/admin/accounts', visitor(['unit_manager']))).toBe('forbidden');
		expect(routeAccess('/(admin)/admin/accounts', visitor(['province_admin']))).toBe('allow');
		expect(routeAccess('/(manager)/reports', visitor(['facilitator']))).toBe('forbidden');
		expect(routeAccess('/(manager)/reports', visitor(['unit_manager']))).toBe('allow');
		expect(routeAccess('/(centre)/centre', visitor(['unit_manager']))).toBe('forbidden');
		expect(routeAccess('/(staff)/people', visitor(['learner', 'civil_servant']))).toBe('forbidden');
		expect(routeAccess('/(staff)/people', visitor(['learner', 'facilitator']))).toBe('allow');
	});

	it('refuses a route that belongs to no known group', () => {
		expect(routeGroup('/(secret)/thing')).toBeNull();
		expect(routeAccess('/(secret)/thing', visitor(['system_admin']))).toBe('not-found');
		expect(routeAccess('/ungrouped', null)).toBe('not-found');
	});
});
