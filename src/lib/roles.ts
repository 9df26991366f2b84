import { m } from '$lib/paraglide/messages';

const NAMES: Record<string, () => string> = {
	learner: m.role_learner,
	civil_servant: m.role_civil_servant,
	facilitator: m.role_facilitator,
	unit_manager: m.role_unit_manager,
	province_admin: m.role_province_admin,
	system_admin: m.role_system_admin
};

/** A role's name in the page's language. */
export function roleName(role: string): string {
	return NAMES[role]?.() ?? role;
}
