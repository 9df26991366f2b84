import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { changePassword, checkCurrentPassword } from '$lib/server/auth/accounts';
import { newPasswordErrors } from '$lib/server/auth/new-password';
import { attempts, waitMinutes } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	// Someone who signed in with a one-time code has no current password to type.
	needsCurrent: !locals.user!.mustChangePassword
});

export const actions: Actions = {
	default: async (event) => {
		const user = event.locals.user!;
		const form = await formFields(event.request);
		const current = form.raw('current');
		const password = form.raw('password');
		const errors = newPasswordErrors(password, form.raw('confirm'), user.username) ?? {};
		if (!user.mustChangePassword) {
			if (!current) return fail(400, { errors: { ...errors, current: m.password_current_missing() }, message: null });
			const waitSeconds = await attempts.waitSeconds(event, user.username);
			if (waitSeconds > 0) return fail(429, { errors, message: m.sign_in_throttled({ minutes: waitMinutes(waitSeconds) }) });
			if (!(await checkCurrentPassword(db(), user.id, current))) {
				attempts.failed(user.username);
				return fail(400, { errors: { ...errors, current: m.password_current_wrong() }, message: null });
			}
		}
		if (Object.keys(errors).length > 0) return fail(400, { errors, message: null });
		await changePassword(db(), user.id, password, {
			keepSessionId: event.locals.session?.id ?? null,
			actorId: user.id,
			action: 'auth.password_change',
			requestId: event.locals.requestId
		});
		redirect(303, `${localizedPath('/account')}?changed=1`);
	}
};
