import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm } from '$lib/schemas/admin';
import { carryOutSchema, refuseSchema } from '$lib/schemas/privacy';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { type Decision, decideDeletion, deletionRequestsFor } from '$lib/server/people/privacy';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function scopeOf({ locals }: Pick<RequestEvent, 'locals'>) {
	const scope = adminScope(adminViewer(locals.user!, locals.requestId));
	if (!scope) error(403);
	return scope;
}

export const load: PageServerLoad = (event) => deletionRequestsFor(db(), scopeOf(event));

async function decide(event: RequestEvent, kind: Decision['kind']) {
	const scope = scopeOf(event);
	const fields = await formFields(event.request);
	const parsed = kind === 'carry-out' ? parseForm(carryOutSchema, fields.text) : parseForm(refuseSchema, fields.text);
	const request = Number(parsed.values.request);
	if (!parsed.ok) return fail(400, { request, kind, errors: parsed.errors, values: parsed.values, done: null });
	const decision: Decision = 'note' in parsed.data ? { kind: 'refuse', note: parsed.data.note } : { kind: 'carry-out' };
	const outcome = decideDeletion(db(), scope, parsed.data.request, decision, new Date());
	if (outcome === 'not-found') error(404);
	if (outcome === 'already-decided') return fail(409, { request, kind, errors: { form: m.privacy_admin_already_decided() }, values: parsed.values, done: null });
	return { request, kind, errors: {}, values: {}, done: outcome === 'done' ? m.privacy_admin_done() : m.privacy_admin_refused_done() };
}

export const actions: Actions = {
	carryOut: (event) => decide(event, 'carry-out'),
	refuse: (event) => decide(event, 'refuse')
};
