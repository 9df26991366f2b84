import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { error, fail, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { enrolTotp, skipSecondFactorForDemo } from '$lib/server/auth/accounts';
import { decodeTotpKey, encodeTotpKey, generateTotpKey, totpKeyUri, verifyTotpCode } from '$lib/server/auth/totp';
import { isDemoMode } from '$lib/server/config';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { localReturnPath } from '$lib/server/return-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	if (!user?.needsSecondFactor) redirect(303, localizedPath('/account'));
	// Replacing an existing authenticator needs the current one first.
	if (user.hasSecondFactor && !user.fullySignedIn) redirect(303, localizedPath('/sign-in/two-factor'));
	const key = generateTotpKey();
	const uri = totpKeyUri(m.app_name(), user.username, key);
	return {
		next: localReturnPath(url.searchParams.get('next'), url.origin, ''),
		key: encodeTotpKey(key),
		secretText: encodeBase32UpperCaseNoPadding(key).match(/.{1,4}/g)?.join(' ') ?? '',
		qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
		demo: isDemoMode(),
		replacing: user.hasSecondFactor
	};
};

export const actions: Actions = {
	enrol: async ({ request, locals, url }) => {
		if (!locals.user?.needsSecondFactor || !locals.session) redirect(303, localizedPath('/account'));
		if (locals.user.hasSecondFactor && !locals.user.fullySignedIn) redirect(303, localizedPath('/sign-in/two-factor'));
		const form = await formFields(request);
		const code = form.text('code');
		let key: Uint8Array;
		try {
			key = decodeTotpKey(form.raw('key'));
		} catch {
			return fail(400, { message: m.two_factor_setup_expired() });
		}
		if (key.length !== 20) return fail(400, { message: m.two_factor_setup_expired() });
		if (!verifyTotpCode(key, code)) return fail(400, { message: m.two_factor_wrong_code() });
		const recoveryCodes = enrolTotp(db(), locals.user.id, key, locals.session.id, locals.requestId);
		return { recoveryCodes, next: localReturnPath(form.raw('next'), url.origin, '') || localizedPath('/me') };
	},
	skip: async ({ request, locals, url }) => {
		// Only demo staff without an authenticator may skip; for anyone else the action does not exist.
		if (!isDemoMode() || !locals.user?.needsSecondFactor || locals.user.hasSecondFactor || !locals.session) error(403, m.error_forbidden());
		skipSecondFactorForDemo(db(), locals.user.id, locals.session.id, locals.requestId);
		const form = await formFields(request);
		redirect(303, localReturnPath(form.raw('next'), url.origin, '') || localizedPath('/me'));
	}
};
