import { type RequestEvent, error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm, searchParam } from '$lib/schemas/admin';
import { findOtherSchema, mergeSchema, moveSchema, serviceSchema } from '$lib/schemas/lifecycle';
import { type Outcome, adminViewer, administersPerson, getAccount, unitChoices } from '$lib/server/admin';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { lifecycleState, mergePeople, mergePreview, movePerson, placementHistory, setLeftService } from '$lib/server/people/lifecycle';
import type { Actions, PageServerLoad } from './$types';

/** The account the URL names, checked before anything else: unknown or foreign ids are 404, form or not. */
function account({ locals, params }: Pick<RequestEvent<{ id: string }>, 'locals' | 'params'>) {
	const viewer = adminViewer(locals.user!, locals.requestId);
	const personId = Number(params.id);
	if (!/^[1-9]\d{0,11}$/.test(params.id) || !administersPerson(db(), viewer, personId)) error(404, m.error_not_found());
	return { viewer, personId };
}

function answer<T extends object>(action: string, values: Record<string, string>, result: Outcome<T>, said: (done: T) => string) {
	if (result.status === 'not_found') error(404, m.error_not_found());
	if (result.status === 'invalid') return fail(400, { action, values, errors: result.errors });
	return { action, success: said(result) };
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const { viewer, personId } = account({ locals, params });
	const details = getAccount(db(), viewer, personId);
	if (!details) error(404, m.error_not_found());
	// The merge's first step is a GET search, so it works without JavaScript and can be bookmarked.
	const find = url.searchParams.has('other') ? parseForm(findOtherSchema, searchParam(url)) : null;
	const preview = find?.ok ? mergePreview(db(), viewer, personId, find.data.other) : null;
	return {
		account: { id: details.id, fullName: details.fullName, username: details.username, commune: details.commune, agency: details.agency, position: details.position, staffGroup: details.staffGroup },
		state: lifecycleState(db(), personId),
		history: placementHistory(db(), personId),
		units: unitChoices(db(), viewer, details.provinceId),
		find: find && {
			values: find.values,
			error: find.ok ? (preview && 'error' in preview ? preview.error : null) : (find.errors.other ?? null),
			preview: preview && !('error' in preview) ? preview : null
		}
	};
};

export const actions: Actions = {
	move: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(moveSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'move', values: parsed.values, errors: parsed.errors });
		return answer('move', parsed.values, movePerson(db(), viewer, personId, parsed.data), () => m.lifecycle_moved());
	},
	service: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(serviceSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'service', values: parsed.values, errors: parsed.errors });
		const { left } = parsed.data;
		const result = setLeftService(db(), viewer, personId, left);
		return answer('service', parsed.values, result, (done) => (left ? m.lifecycle_left_done({ count: done.endedSessions }) : m.lifecycle_returned_done()));
	},
	merge: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(mergeSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'merge', values: parsed.values, errors: parsed.errors });
		const result = mergePeople(db(), viewer, personId, parsed.data.other);
		return answer('merge', parsed.values, result, (done) =>
			m.lifecycle_merged_done({ username: done.removed, lessons: done.counts.lessons, completions: done.counts.completions, certificates: done.counts.certificates })
		);
	}
};
