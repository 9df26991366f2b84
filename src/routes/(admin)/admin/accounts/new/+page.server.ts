import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { newAccountSchema, parseForm } from '$lib/schemas/admin';
import { adminViewer, createAccount, grantableRoles, unitChoices } from '$lib/server/admin';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const viewer = adminViewer(locals.user!);
	return { units: unitChoices(db(), viewer), roles: grantableRoles(viewer) };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await formFields(request);
		const parsed = parseForm(newAccountSchema, form.text);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = createAccount(db(), adminViewer(locals.user!, locals.requestId), parsed.data);
		if (result.status === 'not_found') error(404, m.error_not_found());
		if (result.status === 'invalid') return fail(400, { values: parsed.values, errors: result.errors });
		// The code leaves the server this once, in this answer; only its hash is stored.
		return {
			created: {
				personId: result.personId,
				fullName: parsed.data.fullName,
				username: result.username,
				code: result.code,
				expiresAt: result.expiresAt.getTime(),
				warning: result.warning
			}
		};
	}
};
