import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { certificatePdf, ownCertificate } from '$lib/server/certificates/files';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The holder's own certificate as a PDF. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const row = ownCertificate(db(), locals.user!.id, params.code);
	if (!row) error(404, m.certificate_not_found());
	const pdf = await certificatePdf(db(), row, url.origin);
	return new Response(pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="giay-chung-nhan-${formatCertificateCode(row.code)}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
