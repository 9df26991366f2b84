import { PassThrough, Readable } from 'node:stream';
import { recordAudit } from '../audit';
import type { Viewer } from '../auth/scope';
import type { Catalog } from '../content/catalog';
import type { AppDatabase } from '../db/client';
import type { ReportExportKind } from '../db/schema';
import { vietnamDayOf } from '../../vietnam-day';
import { reportCsv, writeReportXlsx } from './export-files';
import { DIRECT_EXPORT_MAX_PEOPLE, type ExportFormat, exportMeta, peopleSheet, unitSummaryPages, unitsSheet } from './exports';
import { startReportJob } from './jobs';
import { renderUnitSummaryPdf } from './pdf';
import { type CriterionReport, type ReportQuery, criterionReport } from './report';

export const REPORT_FILE_TYPES: Record<ReportExportKind, string> = {
	'report-xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'report-csv': 'text/csv; charset=utf-8',
	'report-pdf': 'application/pdf',
	'evidence-zip': 'application/zip'
};

const KIND: Record<ExportFormat, ReportExportKind> = { xlsx: 'report-xlsx', 'csv-units': 'report-csv', 'csv-people': 'report-csv', pdf: 'report-pdf' };
const EXTENSION: Record<ExportFormat, string> = { xlsx: 'xlsx', 'csv-units': 'csv', 'csv-people': 'csv', pdf: 'pdf' };

export type ExportOutcome =
	| { status: 'file'; body: ReadableStream<Uint8Array> | Uint8Array; contentType: string; fileName: string }
	| { status: 'job'; publicId: string }
	| { status: 'not-found' }
	| { status: 'forbidden' }
	| { status: 'bad-course' };

interface Actor {
	name: string;
	requestId: string | null;
	origin: string;
}

/**
 * One export of a report table, checked against the viewer's scope exactly as the page is, and
 * written to the audit log before a byte leaves. Large people lists become a background job.
 */
export async function exportReport(
	db: AppDatabase,
	catalog: Catalog,
	viewer: Viewer,
	provinceId: number,
	query: ReportQuery,
	format: ExportFormat,
	actor: Actor,
	now: Date,
	directMax = DIRECT_EXPORT_MAX_PEOPLE
): Promise<ExportOutcome> {
	const criterion = catalog.criteria.find((c) => c.id === query.criterionId);
	if (!criterion) return { status: 'not-found' };
	if (query.courseId !== null && !criterion.met.courses.includes(query.courseId)) return { status: 'bad-course' };
	const outcome = criterionReport(db, catalog, viewer, provinceId, { ...query, everyone: true, page: 1 }, now);
	if (outcome.status !== 'ok') return outcome;
	const { report } = outcome;
	const unitPart = query.unit.kind === 'province' ? 'tinh' : `${query.unit.kind === 'commune' ? 'xa' : 'co-quan'}-${query.unit.id}`;
	const fileName = `bao-cao-${criterion.id}-${unitPart}-${vietnamDayOf(now)}.${EXTENSION[format]}`;
	const rows = format === 'csv-units' ? report.units.length + 1 : report.people.total;
	const large = (format === 'xlsx' || format === 'csv-people') && report.people.total > directMax;
	recordAudit(db, {
		actorId: viewer.personId,
		action: 'report.export',
		unit: { provinceId, communeId: query.unit.kind === 'commune' ? query.unit.id : null, agencyId: query.unit.kind === 'agency' ? query.unit.id : null },
		details: { criterion: criterion.id, format, rows, background: large, asOf: report.asOf.toISOString(), course: query.courseId, group: query.staffGroup, type: query.unitType, state: query.state },
		requestId: actor.requestId,
		at: now
	});
	if (large) {
		const publicId = startReportJob(db, viewer.personId, { kind: KIND[format], filters: { ...query, unit: query.unit }, fileName, total: report.people.total }, (out) => writeFile(report, catalog, format, now, actor, out), now);
		return { status: 'job', publicId };
	}
	const contentType = REPORT_FILE_TYPES[KIND[format]];
	if (format === 'pdf') return { status: 'file', body: await renderUnitSummaryPdf(unitSummaryPages(report, report.provinceName, now, actor.name)), contentType, fileName };
	if (format !== 'xlsx') {
		const sheet = format === 'csv-units' ? unitsSheet(report) : peopleSheet(report, catalog);
		return { status: 'file', body: reportCsv(exportMeta(report, now, actor.name), sheet), contentType, fileName };
	}
	const out = new PassThrough();
	void writeFile(report, catalog, format, now, actor, out).catch((cause) => out.destroy(cause instanceof Error ? cause : new Error(String(cause))));
	return { status: 'file', body: Readable.toWeb(out) as ReadableStream<Uint8Array>, contentType, fileName };
}

/** The XLSX (summary and detail sheets) or the people CSV, written to a stream. */
async function writeFile(report: CriterionReport, catalog: Catalog, format: ExportFormat, now: Date, actor: Actor, out: NodeJS.WritableStream): Promise<void> {
	const meta = exportMeta(report, now, actor.name);
	if (format === 'xlsx') return writeReportXlsx(out, meta, [unitsSheet(report), peopleSheet(report, catalog)]);
	const reader = reportCsv(meta, format === 'csv-units' ? unitsSheet(report) : peopleSheet(report, catalog)).getReader();
	for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
		if (!out.write(chunk.value)) await new Promise((resolve) => out.once('drain', resolve));
	}
	out.end();
}
