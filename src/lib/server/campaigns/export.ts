import { PassThrough, Readable } from 'node:stream';
import { m } from '../../paraglide/messages.js';
import { formatDate, formatDateTime } from '../../format';
import { vietnamDayOf } from '../../vietnam-day';
import { recordAudit } from '../audit';
import type { Viewer } from '../auth/scope';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { type ExportMeta, type ExportSheet, reportCsv, writeReportXlsx } from '../reports/export-files';
import { GROUP_TEXT } from '../reports/exports';
import { type CampaignDetail, type CampaignMember, campaignDetail } from './campaigns';
import type { CampaignState } from './standing';

/** Exports are Vietnamese whatever language the page was read in: they are filed and forwarded. */
const vi = { locale: 'vi' } as const;

export const CAMPAIGN_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type CampaignExportFormat = (typeof CAMPAIGN_EXPORT_FORMATS)[number];

/** Which people a list or an export holds: everyone, those overdue, or all who have not finished. */
export const CAMPAIGN_FILTERS = ['all', 'overdue', 'open', 'done'] as const;
export type CampaignFilter = (typeof CAMPAIGN_FILTERS)[number];

export function filterMembers(members: readonly CampaignMember[], filter: CampaignFilter): CampaignMember[] {
	if (filter === 'all') return [...members];
	if (filter === 'open') return members.filter((member) => member.state !== 'done');
	return members.filter((member) => member.state === filter);
}

const STATE_TEXT: Record<CampaignState, () => string> = {
	done: () => m.campaigns_state_done({}, vi),
	overdue: () => m.campaigns_state_overdue({}, vi),
	in_progress: () => m.campaigns_state_in_progress({}, vi),
	not_started: () => m.campaigns_state_not_started({}, vi)
};
const FILTER_TEXT: Record<CampaignFilter, () => string> = {
	all: () => m.campaigns_filter_all({}, vi),
	overdue: () => m.campaigns_filter_overdue({}, vi),
	open: () => m.campaigns_filter_open({}, vi),
	done: () => m.campaigns_filter_done({}, vi)
};

function campaignSheet(members: readonly CampaignMember[]): ExportSheet {
	return {
		name: m.campaigns_export_sheet({}, vi),
		columns: [
			{ header: m.report_col_name({}, vi), width: 30 },
			{ header: m.campaigns_col_username({}, vi), width: 20 },
			{ header: m.report_col_unit({}, vi), width: 36 },
			{ header: m.report_group({}, vi), width: 14 },
			{ header: m.report_col_state({}, vi), width: 22 },
			{ header: m.report_col_progress({}, vi), width: 12, kind: 'percent' },
			{ header: m.campaigns_col_completed_on({}, vi), width: 16, kind: 'date' }
		],
		rows: members.map((member) => [
			member.fullName,
			member.username,
			member.unitName,
			member.staffGroup ? GROUP_TEXT[member.staffGroup]() : '',
			member.late ? m.campaigns_state_done_late({}, vi) : STATE_TEXT[member.state](),
			member.percent,
			member.completedAt
		])
	};
}

function campaignMeta(detail: CampaignDetail, courses: readonly CatalogCourse[], filter: CampaignFilter, exportedAt: Date, exportedBy: string): ExportMeta {
	const { campaign } = detail;
	const title = (id: string) => courses.find((course) => course.id === id)?.title.vi ?? id;
	return {
		title: campaign.title,
		lines: [
			m.export_line_unit({ unit: campaign.unitName }, vi),
			m.campaigns_line_courses({ courses: campaign.courseIds.map(title).join('; ') }, vi),
			m.campaigns_line_period({ from: formatDate(campaign.startsAt, 'vi'), deadline: formatDate(campaign.deadlineAt, 'vi') }, vi),
			m.campaigns_line_filter({ filter: FILTER_TEXT[filter]() }, vi),
			m.export_line_exported({ time: formatDateTime(exportedAt, 'vi'), name: exportedBy }, vi)
		]
	};
}

export type CampaignExport = { status: 'file'; body: ReadableStream<Uint8Array>; contentType: string; fileName: string } | { status: 'not-found' };

/**
 * The campaign's people (all, overdue, not finished, or done) as a spreadsheet, checked against the
 * viewer's scope exactly as the page is and written to the audit log before a byte leaves.
 */
export function exportCampaign(
	db: DbOrTx,
	viewer: Viewer,
	campaignId: number,
	courses: readonly CatalogCourse[],
	options: { format: CampaignExportFormat; filter: CampaignFilter; exportedBy: string; requestId: string | null },
	now: Date
): CampaignExport {
	const detail = campaignDetail(db, viewer, campaignId, courses, now);
	if (!detail) return { status: 'not-found' };
	const { campaign } = detail;
	const members = filterMembers(detail.members, options.filter);
	recordAudit(db, {
		actorId: viewer.personId,
		action: 'campaign.export',
		target: { type: 'campaign', id: campaign.id },
		unit: { provinceId: campaign.provinceId, communeId: campaign.communeId, agencyId: campaign.agencyId },
		details: { format: options.format, filter: options.filter, rows: members.length },
		requestId: options.requestId,
		at: now
	});
	const meta = campaignMeta(detail, courses, options.filter, now, options.exportedBy);
	const sheet = campaignSheet(members);
	const fileName = `chien-dich-${campaign.id}-${options.filter}-${vietnamDayOf(now)}.${options.format}`;
	if (options.format === 'csv') return { status: 'file', body: reportCsv(meta, sheet), contentType: 'text/csv; charset=utf-8', fileName };
	const out = new PassThrough();
	void writeReportXlsx(out, meta, [sheet]).catch((cause) => out.destroy(cause instanceof Error ? cause : new Error(String(cause))));
	return { status: 'file', body: Readable.toWeb(out) as ReadableStream<Uint8Array>, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName };
}
