import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { completionCriteria, credentialFile } from '$lib/server/certificates/credential';
import { ownCertificate } from '$lib/server/certificates/files';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The holder's own certificate as a signed Open Badges 3.0 credential, in a JSON file. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const row = ownCertificate(db(), locals.user!.id, params.code);
	if (!row) error(404, m.certificate_not_found());
	const file = await credentialFile(row, url.origin, completionCriteria(contentCatalog().byId.get(row.courseId), row.courseVersion));
	return new Response(`${JSON.stringify(file, null, 2)}\n`, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="chung-chi-so-${formatCertificateCode(row.code)}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
