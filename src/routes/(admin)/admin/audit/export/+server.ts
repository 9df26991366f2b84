import { PassThrough, Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { auditFilterSchema, parseForm, searchParam } from '$lib/schemas/admin';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { db } from '$lib/server/db';
import { auditLogExport } from '$lib/server/people/privacy';
import { reportCsv, writeReportXlsx } from '$lib/server/reports/export-files';
import { REPORT_FILE_TYPES } from '$lib/server/reports/export-run';
import { vietnamDayOf } from '$lib/vietnam-day';
import type { RequestHandler } from './$types';

/** The audit log under the page's filters, as CSV or XLSX. */
export const GET: RequestHandler = ({ locals, url }) => {
	const viewer = adminViewer(locals.user!, locals.requestId);
	if (!adminScope(viewer)) error(403);
	const format = url.searchParams.get('format');
	const filter = parseForm(auditFilterSchema, searchParam(url));
	if ((format !== 'csv' && format !== 'xlsx') || !filter.ok) error(400, (filter.ok ? null : Object.values(filter.errors)[0]) ?? m.admin_choose_from_list());
	const now = new Date();
	const { meta, sheet } = auditLogExport(db(), viewer, filter.data, getLocale(), now);
	const fileName = `nhat-ky-${vietnamDayOf(now)}.${format}`;
	let body: ReadableStream<Uint8Array>;
	if (format === 'csv') body = reportCsv(meta, sheet);
	else {
		const out = new PassThrough();
		void writeReportXlsx(out, meta, [sheet]).catch((cause) => out.destroy(cause instanceof Error ? cause : new Error(String(cause))));
		body = Readable.toWeb(out) as ReadableStream<Uint8Array>;
	}
	return new Response(body, {
		headers: {
			'content-type': REPORT_FILE_TYPES[format === 'csv' ? 'report-csv' : 'report-xlsx'],
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
