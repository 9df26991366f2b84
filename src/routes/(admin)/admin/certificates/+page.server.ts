import { error, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { normaliseCertificateCode } from '$lib/server/certificates/codes';
import { recentCertificates } from '$lib/server/certificates/revoke';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const scope = adminScope(adminViewer(locals.user!, locals.requestId));
	if (!scope) error(403);
	const typed = url.searchParams.get('code')?.trim();
	if (typed) {
		const code = normaliseCertificateCode(typed.slice(0, 40));
		if (code) redirect(303, localizedPath(`/admin/certificates/${code}`));
	}
	return { badCode: Boolean(typed), typed: typed ?? '', certificates: recentCertificates(db(), scope) };
};
