import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { verifySecondFactor } from '$lib/server/auth/accounts';
import { attempts, waitMinutes } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { localReturnPath } from '$lib/server/return-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = localReturnPath(url.searchParams.get('next'), url.origin, '');
	const user = locals.user;
	if (!user || user.fullySignedIn) redirect(303, next || localizedPath('/me'));
	if (!user.hasSecondFactor) redirect(303, localizedPath('/account/two-factor/setup'));
	return { next };
};

export const actions: Actions = {
	default: async (event) => {
		const { locals } = event;
		if (!locals.user || !locals.session) redirect(303, localizedPath('/sign-in'));
		const form = await formFields(event.request);
		const code = form.text('code');
		const recoveryCode = form.text('recovery_code');
		const next = localReturnPath(form.raw('next'), event.url.origin, '');
		if (!code && !recoveryCode) return fail(400, { message: m.two_factor_missing() });

		const waitSeconds = await attempts.waitSeconds(event, locals.user.username);
		if (waitSeconds > 0) return fail(429, { message: m.sign_in_throttled({ minutes: waitMinutes(waitSeconds) }) });

		const input = code ? { code } : { recoveryCode };
		if (!verifySecondFactor(db(), locals.user.id, locals.session.id, input, locals.requestId)) {
			attempts.failed(locals.user.username);
			return fail(400, { message: code ? m.two_factor_wrong_code() : m.two_factor_wrong_recovery_code() });
		}
		attempts.succeeded(locals.user.username);
		redirect(303, next || localizedPath('/me'));
	}
};
