import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { redeemPasswordRecoveryCode } from '$lib/server/auth/accounts';
import { newPasswordErrors } from '$lib/server/auth/new-password';
import { attempts, waitMinutes } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const form = await formFields(event.request);
		const identifier = form.text('identifier');
		const code = form.text('code');
		const password = form.raw('password');
		const errors = {
			...(identifier ? {} : { identifier: m.sign_in_identifier_missing() }),
			...(code ? {} : { code: m.recover_code_missing() }),
			...newPasswordErrors(password, form.raw('confirm'), identifier)
		};
		if (Object.keys(errors).length > 0) return fail(400, { identifier, errors, message: null });

		const waitSeconds = await attempts.waitSeconds(event, identifier);
		if (waitSeconds > 0) return fail(429, { identifier, errors: {}, message: m.sign_in_throttled({ minutes: waitMinutes(waitSeconds) }) });

		if (!(await redeemPasswordRecoveryCode(db(), identifier, code, password, event.locals.requestId))) {
			attempts.failed(identifier);
			return fail(400, { identifier, errors: {}, message: m.recover_failed() });
		}
		redirect(303, `${localizedPath('/sign-in')}?recovered=1&username=${encodeURIComponent(identifier)}`);
	}
};
