import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { certificateForAdmin, setCertificateRevoked } from '$lib/server/certificates/revoke';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function scopeOf({ locals }: Pick<RequestEvent, 'locals'>) {
	const scope = adminScope(adminViewer(locals.user!, locals.requestId));
	if (!scope) error(403);
	return scope;
}

export const load: PageServerLoad = (event) => {
	const certificate = certificateForAdmin(db(), scopeOf(event), event.params.code.slice(0, 40));
	if (!certificate) error(404, m.certificate_not_found());
	return { certificate };
};

const MESSAGES = {
	revoked: () => m.admin_certificate_revoked_done(),
	reinstated: () => m.admin_certificate_reinstated_done(),
	'already-revoked': () => m.admin_certificate_already_revoked(),
	'not-revoked': () => m.admin_certificate_not_revoked(),
	'reason-missing': () => m.admin_certificate_reason_missing()
};

async function change(event: RequestEvent, revoke: boolean) {
	const scope = scopeOf(event);
	const reason = (await formFields(event.request)).text('reason');
	const result = setCertificateRevoked(db(), scope, event.params.code.slice(0, 40), revoke, reason, new Date());
	if (result === 'not-found') error(404, m.certificate_not_found());
	if (result === 'revoked' || result === 'reinstated') return { done: MESSAGES[result]() };
	return fail(result === 'reason-missing' ? 400 : 409, { problem: MESSAGES[result](), reason });
}

export const actions: Actions = {
	revoke: (event) => change(event, true),
	reinstate: (event) => change(event, false)
};
