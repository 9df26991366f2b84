import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { issuePasswordRecoveryCode, parsePersonId, personInScope, viewerOf } from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

/** The person behind the URL if the signed-in staff member may recover them; 404 alike for strangers and unknown ids. */
function recoverablePerson(locals: App.Locals, idParam: string) {
	const id = parsePersonId(idParam);
	const person = id === null ? null : personInScope(db(), viewerOf(locals.user!), id, 'recover');
	if (!person) error(404, m.people_not_found());
	return person;
}

export const load: PageServerLoad = ({ locals, params }) => ({ person: recoverablePerson(locals, params.id) });

export const actions: Actions = {
	recover: ({ locals, params }) => {
		const person = recoverablePerson(locals, params.id);
		if (person.disabled) return fail(409, { message: m.people_card_disabled() });
		if (person.needsHigherAdmin) return fail(409, { message: m.people_card_higher_admin() });
		const issued = issuePasswordRecoveryCode(db(), viewerOf(locals.user!), person.id, locals.requestId);
		// Null here means the scope or the account changed since the check above.
		if (!issued) error(404, m.people_not_found());
		return { issued: { code: issued.code, expiresAt: issued.expiresAt.getTime() } };
	}
};
