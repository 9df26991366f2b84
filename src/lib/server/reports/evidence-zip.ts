import { Zip, ZipPassThrough } from 'fflate';
import { and, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { type Viewer, agencyUnder, canSee } from '../auth/scope';
import type { Catalog } from '../content/catalog';
import type { AppDatabase } from '../db/client';
import { people } from '../db/schema';
import { loadAgencyTree } from '../people/agency-tree';
import { evidenceSheet, reportPerson } from './evidence';
import { startReportJob } from './jobs';
import { renderEvidenceSheetPdf } from './pdf';

export type EvidenceZipOutcome = { status: 'job'; publicId: string } | { status: 'forbidden' } | { status: 'empty' };

/**
 * Every current staff member of an agency and its sub-units gets their evidence sheet for the
 * year, in one ZIP prepared in the background. Checked against the viewer's scope and audited.
 */
export function startEvidenceZip(db: AppDatabase, catalog: Catalog, viewer: Viewer, provinceId: number, agencyId: number, year: number, origin: string, requestId: string | null, now: Date): EvidenceZipOutcome {
	const tree = loadAgencyTree(db, provinceId);
	if (!tree.ids.includes(agencyId) || !canSee(viewer, { kind: 'agency', provinceId, agencyId }, tree)) return { status: 'forbidden' };
	const under = tree.ids.filter((id) => agencyUnder(id, agencyId, tree));
	const staff = db
		.select({ id: people.id })
		.from(people)
		.where(and(inArray(people.agencyId, under), isNull(people.mergedIntoId)))
		.orderBy(people.searchName)
		.all();
	if (staff.length === 0) return { status: 'empty' };
	recordAudit(db, { actorId: viewer.personId, action: 'report.evidence', unit: { provinceId, agencyId }, details: { year, people: staff.length, zip: true }, requestId, at: now });
	const publicId = startReportJob(
		db,
		viewer.personId,
		{ kind: 'evidence-zip', filters: { agencyId, year }, fileName: `phieu-minh-chung-${year}-co-quan-${agencyId}.zip`, total: staff.length },
		async (out, progress) => {
			const zip = new Zip((err, chunk, final) => {
				if (err) out.emit('error', err);
				else {
					out.write(chunk);
					if (final) out.end();
				}
			});
			let done = 0;
			for (const { id } of staff) {
				const person = reportPerson(db, id);
				if (!person) continue;
				const pdf = await renderEvidenceSheetPdf(evidenceSheet(db, catalog, person, year, origin, now));
				// PDFs are compressed already: store them as they are.
				const entry = new ZipPassThrough(`${person.username}.pdf`);
				zip.add(entry);
				entry.push(pdf, true);
				if (++done % 20 === 0) progress(done);
				await new Promise((resolve) => setImmediate(resolve));
			}
			progress(done);
			zip.end();
		},
		now
	);
	return { status: 'job', publicId };
}
