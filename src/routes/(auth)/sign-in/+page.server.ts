import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { authenticate, redeemActivationCode, startSession } from '$lib/server/auth/accounts';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { attempts, waitMinutes } from '$lib/server/auth/throttle';
import { isCentreDevice } from '$lib/server/centre';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { localReturnPath } from '$lib/server/return-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals, url }) => {
	const next = localReturnPath(url.searchParams.get('next'), url.origin, '');
	if (locals.user?.fullySignedIn) redirect(303, next || localizedPath('/me'));
	return {
		next,
		username: url.searchParams.get('username')?.slice(0, 64) ?? '',
		recovered: url.searchParams.has('recovered'),
		centreDevice: isCentreDevice(cookies)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await formFields(event.request);
		const identifier = form.text('identifier');
		const password = form.raw('password');
		const shared = form.checked('shared');
		const next = localReturnPath(form.raw('next'), event.url.origin, '');
		const kept = { identifier, shared };

		const missing = {
			...(identifier ? {} : { identifier: m.sign_in_identifier_missing() }),
			...(password ? {} : { password: m.sign_in_password_missing() })
		};
		if (Object.keys(missing).length > 0) return fail(400, { ...kept, errors: missing, message: null });

		const waitSeconds = await attempts.waitSeconds(event, identifier);
		if (waitSeconds > 0) {
			return fail(429, { ...kept, errors: {}, message: m.sign_in_throttled({ minutes: waitMinutes(waitSeconds) }) });
		}

		// The password box also takes the activation code printed on a sign-in card.
		const byPassword = await authenticate(db(), identifier, password);
		const personId = byPassword ?? redeemActivationCode(db(), identifier, password, event.locals.requestId);
		if (personId === null) {
			attempts.failed(identifier);
			return fail(400, { ...kept, errors: {}, message: m.sign_in_failed() });
		}
		attempts.succeeded(identifier);

		// On a learning centre's computer every session is a shared-computer one, whatever was ticked.
		const sharedDevice = shared || isCentreDevice(event.cookies);
		const started = startSession(db(), personId, { sharedDevice, userAgent: event.request.headers.get('user-agent') });
		setSessionCookie(event.cookies, started.token, started.session, event.url.protocol === 'https:');
		const carry = next ? `?next=${encodeURIComponent(next)}` : '';
		switch (started.next) {
			case 'two-factor':
				redirect(303, localizedPath('/sign-in/two-factor') + carry);
			case 'two-factor-setup':
				redirect(303, localizedPath('/account/two-factor/setup') + carry);
			case 'done':
				// Signed in with an activation code: choosing a password comes first.
				redirect(303, byPassword === null ? localizedPath('/account/password') : next || localizedPath('/me'));
		}
	}
};
