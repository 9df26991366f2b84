import { type RequestEvent, error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { accountStatusSchema, grantSchema, parseForm, revokeSchema } from '$lib/schemas/admin';
import {
	type Outcome,
	adminViewer,
	administersPerson,
	getAccount,
	grantRole,
	grantableRoles,
	revokeRole,
	setAccountDisabled,
	unitChoices
} from '$lib/server/admin';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

/** The account the URL names, checked before anything else: unknown or foreign ids are 404, form or not. */
function account({ locals, params }: Pick<RequestEvent<{ id: string }>, 'locals' | 'params'>) {
	const viewer = adminViewer(locals.user!, locals.requestId);
	const personId = Number(params.id);
	if (!/^[1-9]\d{0,11}$/.test(params.id) || !administersPerson(db(), viewer, personId)) error(404, m.error_not_found());
	return { viewer, personId };
}

/** An action's answer: the page again with messages beside the fields, or a sentence saying what was done. */
function answer<T extends object>(action: string, values: Record<string, string>, result: Outcome<T>, said: (done: T) => string) {
	if (result.status === 'not_found') error(404, m.error_not_found());
	if (result.status === 'invalid') return fail(400, { action, values, errors: result.errors });
	return { action, success: said(result) };
}

export const load: PageServerLoad = (event) => {
	const { viewer, personId } = account(event);
	const details = getAccount(db(), viewer, personId);
	if (!details) error(404, m.error_not_found());
	return { account: details, units: unitChoices(db(), viewer, details.provinceId), roles: grantableRoles(viewer) };
};

export const actions: Actions = {
	grant: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(grantSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'grant', values: parsed.values, errors: parsed.errors });
		const result = grantRole(db(), viewer, personId, parsed.data.role, parsed.data.scope);
		return answer('grant', parsed.values, result, (done) => (done.endedSessions > 0 ? m.admin_role_granted_signed_out() : m.admin_role_granted()));
	},
	revoke: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(revokeSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'revoke', values: parsed.values, errors: parsed.errors });
		// The grant must be one of this account's: a grant id from another page is not revoked here.
		if (!getAccount(db(), viewer, personId)?.grants.some((grant) => grant.id === parsed.data.grant)) error(404, m.error_not_found());
		return answer('revoke', parsed.values, revokeRole(db(), viewer, parsed.data.grant), () => m.admin_role_revoked());
	},
	status: async (event) => {
		const { viewer, personId } = account(event);
		const parsed = parseForm(accountStatusSchema, (await formFields(event.request)).text);
		if (!parsed.ok) return fail(400, { action: 'status', values: parsed.values, errors: parsed.errors });
		const { disabled, reason } = parsed.data;
		const result = setAccountDisabled(db(), viewer, personId, disabled, reason);
		return answer('status', parsed.values, result, (done) => (disabled ? m.admin_disabled_done({ count: done.endedSessions }) : m.admin_enabled_done()));
	}
};
