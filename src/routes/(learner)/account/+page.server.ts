import { fail } from '@sveltejs/kit';
import { deviceLabel } from '$lib/device';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '$lib/server/audit';
import { invalidateAllSessions, invalidateSession, listSessions } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = locals.user!;
	return {
		username: user.username,
		passwordChanged: url.searchParams.has('changed'),
		needsSecondFactor: user.needsSecondFactor,
		hasSecondFactor: user.hasSecondFactor,
		sessions: listSessions(db(), user.id).map((s, index) => ({
			// Session ids are secrets' hashes; the page refers to sessions by position instead.
			ref: index,
			current: s.id === locals.session?.id,
			createdAt: s.createdAt.getTime(),
			lastSeenAt: s.lastSeenAt.getTime(),
			sharedDevice: s.sharedDevice,
			device: deviceLabel(s.userAgent)
		}))
	};
};

export const actions: Actions = {
	revoke: async ({ request, locals }) => {
		const user = locals.user!;
		const form = await formFields(request);
		const ref = Number(form.text('ref'));
		const target = Number.isInteger(ref) ? listSessions(db(), user.id)[ref] : undefined;
		if (!target || form.text('created') !== String(target.createdAt.getTime())) {
			return fail(400, { message: m.account_session_gone() });
		}
		invalidateSession(db(), target.id);
		return { success: m.account_session_revoked() };
	},
	everywhere: ({ locals }) => {
		const user = locals.user!;
		const ended = db().transaction((tx) => {
			const count = invalidateAllSessions(tx, user.id, locals.session?.id);
			recordAudit(tx, { actorId: user.id, action: 'auth.sign_out_everywhere', target: { type: 'person', id: user.id }, details: { ended: count }, requestId: locals.requestId });
			return count;
		});
		return { success: m.account_signed_out_everywhere({ count: ended }) };
	}
};
