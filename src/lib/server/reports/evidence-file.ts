import { error } from '@sveltejs/kit';
import { m } from '../../paraglide/messages.js';
import { recordAudit } from '../audit';
import type { Viewer } from '../auth/scope';
import type { Catalog } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { type ReportPerson, evidenceSheet, evidenceYears } from './evidence';
import { renderEvidenceSheetPdf } from './pdf';

/**
 * The PDF answer for an evidence sheet: the year from `?year=` (one the criteria cover), an audit
 * entry, and the file. The caller has already checked the viewer may see the person.
 */
export async function evidencePdfResponse(db: DbOrTx, catalog: Catalog, viewer: Viewer, person: ReportPerson, url: URL, requestId: string | null): Promise<Response> {
	const years = evidenceYears(catalog);
	const asked = url.searchParams.get('year') ?? String(years[0] ?? '');
	const year = /^\d{4}$/.test(asked) ? Number(asked) : NaN;
	if (!years.includes(year)) error(400, m.evidence_year_invalid());
	const now = new Date();
	recordAudit(db, { actorId: viewer.personId, action: 'report.evidence', target: { type: 'person', id: person.id }, unit: { provinceId: person.provinceId, communeId: person.communeId, agencyId: person.agencyId }, details: { year }, requestId, at: now });
	const pdf = await renderEvidenceSheetPdf(evidenceSheet(db, catalog, person, year, url.origin, now));
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="phieu-minh-chung-${person.username}-${year}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
}
