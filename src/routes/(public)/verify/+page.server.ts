import { error, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { normaliseCertificateCode } from '$lib/server/certificates/codes';
import type { PageServerLoad } from './$types';

/** The form to type a code (GET, so it works without JavaScript and can be bookmarked). */
export const load: PageServerLoad = ({ url }) => {
	const typed = url.searchParams.get('code');
	if (typed === null || typed.trim() === '') return {};
	const code = normaliseCertificateCode(typed.slice(0, 40));
	if (!code) error(404, m.verify_not_found());
	redirect(303, localizedPath(`/verify/${code}`));
};
