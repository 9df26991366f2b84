import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { certificateChecks, waitMinutes } from '$lib/server/auth/throttle';
import { confirmHolder, publicCertificate } from '$lib/server/certificates/verify';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const wait = await certificateChecks.waitSeconds(event, '');
	if (wait > 0) error(429, m.verify_too_many({ minutes: waitMinutes(wait) }));
	const certificate = publicCertificate(db(), event.params.code.slice(0, 40));
	if (!certificate) error(404, m.verify_not_found());
	return { certificate };
};

export const actions: Actions = {
	// Whoever knows the holder's birth year or phone digits may see the full name.
	confirm: async (event) => {
		const certificate = publicCertificate(db(), event.params.code.slice(0, 40));
		if (!certificate) error(404, m.verify_not_found());
		if (certificate.holderRemoved) return fail(400, { confirmError: m.privacy_verify_nothing_to_confirm(), fullName: null });
		const wait = await certificateChecks.waitSeconds(event, certificate.code);
		if (wait > 0) return fail(429, { confirmError: m.verify_too_many({ minutes: waitMinutes(wait) }), fullName: null });
		const answer = (await formFields(event.request)).text('answer');
		if (!/^\d{4}$/.test(answer)) return fail(400, { confirmError: m.verify_answer_format(), fullName: null });
		const fullName = confirmHolder(db(), certificate.code, answer);
		if (!fullName) {
			certificateChecks.failed(certificate.code);
			return fail(400, { confirmError: m.verify_answer_wrong(), fullName: null });
		}
		certificateChecks.succeeded(certificate.code);
		return { confirmError: null, fullName };
	}
};
