import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm } from '$lib/schemas/admin';
import { deletionRequestSchema } from '$lib/schemas/privacy';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { myData, ownDeletionRequest, requestDeletion } from '$lib/server/people/privacy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const held = myData(db(), locals.user!.id);
	if (!held) error(404);
	return { held, request: ownDeletionRequest(db(), locals.user!.id) };
};

export const actions: Actions = {
	request: async ({ locals, request }) => {
		const fields = await formFields(request);
		const parsed = parseForm(deletionRequestSchema, fields.text);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors, problem: null, sent: false });
		const outcome = requestDeletion(db(), locals.user!.id, parsed.data.reason, locals.requestId, new Date());
		if (outcome === 'already-pending') return fail(409, { values: parsed.values, errors: {}, problem: m.privacy_delete_already(), sent: false });
		return { values: {} as Record<string, string>, errors: {}, problem: null, sent: true };
	}
};
