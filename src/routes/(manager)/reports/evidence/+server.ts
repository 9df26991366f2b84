import { error, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { viewerOf } from '$lib/server/people';
import { reportHome } from '$lib/server/reports';
import { evidenceYears } from '$lib/server/reports/evidence';
import { startEvidenceZip } from '$lib/server/reports/evidence-zip';
import type { RequestHandler } from './$types';

/** A whole agency's evidence sheets for a year, as one ZIP prepared in the background. */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	const viewer = viewerOf(locals.user!);
	const home = reportHome(viewer);
	if (!home) error(403);
	const form = await request.formData().catch(() => new FormData());
	const unit = /^agency-([1-9]\d{0,11})$/.exec(String(form.get('unit') ?? ''));
	if (!unit) error(400, m.report_unit_invalid());
	const catalog = contentCatalog();
	const year = Number(form.get('year'));
	if (!evidenceYears(catalog).includes(year)) error(400, m.evidence_year_invalid());
	const result = startEvidenceZip(db(), catalog, viewer, home.provinceId, Number(unit[1]), year, url.origin, locals.requestId, new Date());
	if (result.status === 'forbidden') error(403);
	if (result.status === 'empty') error(404, m.evidence_zip_empty());
	redirect(303, localizedPath(`/reports/exports/${result.publicId}`));
};
