import { error, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { readReportFilters } from '$lib/schemas/reports';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { viewerOf } from '$lib/server/people';
import { reportHome } from '$lib/server/reports';
import { EXPORT_FORMATS, type ExportFormat } from '$lib/server/reports/exports';
import { exportReport } from '$lib/server/reports/export-run';
import type { RequestHandler } from './$types';

/**
 * A report's table as a file: the same filters as the page, posted by its export buttons. Small
 * files stream back at once; large ones become a job with a status page. Every export is audited.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	const viewer = viewerOf(locals.user!);
	const home = reportHome(viewer);
	if (!home) error(403);
	const form = await request.formData().catch(() => new FormData());
	const params = new URLSearchParams();
	for (const [name, value] of form) if (typeof value === 'string') params.set(name, value);
	const format = params.get('format') ?? '';
	if (!(EXPORT_FORMATS as readonly string[]).includes(format)) error(400, m.report_export_format_invalid());
	const catalog = contentCatalog();
	const first = catalog.criteria[0];
	if (!first) error(404);
	const read = readReportFilters(params, { criterionId: first.id, unit: home.unit });
	if (!read.ok) error(400, Object.values(read.errors)[0]);
	const result = await exportReport(db(), catalog, viewer, home.provinceId, { ...read.query, everyone: true }, format as ExportFormat, { name: locals.user!.fullName, requestId: locals.requestId, origin: url.origin }, new Date());
	if (result.status === 'not-found') error(404);
	if (result.status === 'forbidden') error(403);
	if (result.status === 'bad-course') error(400, m.report_course_invalid());
	if (result.status === 'job') redirect(303, localizedPath(`/reports/exports/${result.publicId}`));
	return new Response(result.body as BodyInit, {
		headers: {
			'content-type': result.contentType,
			'content-disposition': `attachment; filename="${result.fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
