import { m } from '../../paraglide/messages.js';
import { formatCertificateCode } from '../certificates/codes';
import type { Catalog } from '../content/catalog';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { vietnamDayStart } from '../../vietnam-day';
import type { ExportMeta, ExportSheet } from './export-files';
import type { UnitSummaryPage } from './pdf';
import { type CriterionReport, type PersonRow, type Tally, key } from './report';

/** Exports are Vietnamese whatever language the page was read in: they are filed and signed. */
const vi = { locale: 'vi' } as const;

export const EXPORT_FORMATS = ['xlsx', 'csv-units', 'csv-people', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Above this many people a file is prepared in the background instead of while the manager waits. */
export const DIRECT_EXPORT_MAX_PEOPLE = 20_000;

const STATE_TEXT = {
	met: () => m.report_state_met({}, vi),
	in_progress: () => m.report_state_in_progress({}, vi),
	not_started: () => m.report_state_not_started({}, vi),
	overdue: () => m.report_state_overdue({}, vi)
};
/** Staff groups as exports name them, in Vietnamese. */
export const GROUP_TEXT = { can_bo: () => m.report_group_can_bo({}, vi), cong_chuc: () => m.report_group_cong_chuc({}, vi), vien_chuc: () => m.report_group_vien_chuc({}, vi) };

export const personStateText = (person: Pick<PersonRow, 'state' | 'late'>) => (person.late ? m.report_met_late({}, vi) : STATE_TEXT[person.state]());
const personName = (person: Pick<PersonRow, 'fullName' | 'anonymised'>) => (person.anonymised ? m.report_anonymised({}, vi) : person.fullName);
const day = (text: string) => formatDate(vietnamDayStart(text), 'vi');

/** The lines on top of every export: what, where, as of when, exported when and by whom. */
export function exportMeta(report: CriterionReport, exportedAt: Date, exportedBy: string): ExportMeta {
	const { criterion } = report;
	return {
		title: criterion.title.vi,
		lines: [
			m.export_line_unit({ unit: report.unitName }, vi),
			m.export_line_period({ from: day(criterion.period.from), to: day(criterion.period.to), deadline: day(criterion.deadline) }, vi),
			m.export_line_as_of({ time: formatDateTime(report.asOf, 'vi') }, vi),
			m.export_line_target({ percent: formatNumber(criterion.target.percent, 'vi') }, vi),
			m.export_line_exported({ time: formatDateTime(exportedAt, 'vi'), name: exportedBy }, vi)
		]
	};
}

const tallyCells = (tally: Tally) => [
	tally.inScope,
	tally.denominator,
	tally.met,
	tally.percent,
	tally.targetPeople,
	tally.inProgress,
	tally.notStarted,
	tally.overdue,
	tally.behind ? m.report_behind({}, vi) : m.report_on_target({}, vi)
];

export function unitsSheet(report: CriterionReport): ExportSheet {
	return {
		name: m.report_summary({}, vi),
		columns: [
			{ header: m.report_col_unit({}, vi), width: 40 },
			{ header: m.report_col_in_scope({}, vi), width: 12, kind: 'number' },
			{ header: m.export_col_denominator({}, vi), width: 12, kind: 'number' },
			{ header: m.report_col_met({}, vi), width: 12, kind: 'number' },
			{ header: m.report_col_rate({}, vi), width: 12, kind: 'percent' },
			{ header: m.export_col_target_people({}, vi), width: 14, kind: 'number' },
			{ header: m.report_in_progress({}, vi), width: 12, kind: 'number' },
			{ header: m.report_not_started({}, vi), width: 14, kind: 'number' },
			{ header: m.report_overdue({}, vi), width: 12, kind: 'number' },
			{ header: m.report_col_status({}, vi), width: 20 }
		],
		rows: [[report.unitName, ...tallyCells(report.headline)], ...report.units.map((row) => [row.name, ...tallyCells(row)])]
	};
}

/** Everyone under the unit, one row each; rows are produced as the writer asks for them. */
export function peopleSheet(report: CriterionReport, catalog: Catalog): ExportSheet {
	const courseTitle = (id: string) => catalog.byId.get(id)?.title.vi ?? id;
	return {
		name: m.export_people_sheet({}, vi),
		columns: [
			{ header: m.report_col_name({}, vi), width: 30 },
			{ header: m.report_col_unit({}, vi), width: 36 },
			{ header: m.export_col_group({}, vi), width: 14 },
			{ header: m.report_col_state({}, vi), width: 16 },
			{ header: m.export_col_progress({}, vi), width: 12, kind: 'percent' },
			{ header: m.report_col_met_on({}, vi), width: 14, kind: 'date' },
			{ header: m.export_col_courses({}, vi), width: 50 },
			{ header: m.report_col_codes({}, vi), width: 28 }
		],
		rows: (function* () {
			for (const person of report.people.rows) {
				yield [
					personName(person),
					person.unitName,
					person.staffGroup ? GROUP_TEXT[person.staffGroup]() : '',
					personStateText(person),
					person.percent,
					person.metAt,
					person.evidence.map((fact) => courseTitle(fact.courseId)).join('; '),
					person.evidence.map((fact) => (fact.certificateCode ? formatCertificateCode(fact.certificateCode) : '')).join('; ')
				];
			}
		})()
	};
}

const STATE_ORDER = { overdue: 0, not_started: 1, in_progress: 2, met: 3 };

/** One printed page for the unit itself and one for each unit listed under it. */
export function unitSummaryPages(report: CriterionReport, provinceName: string, exportedAt: Date, exportedBy: string): UnitSummaryPage[] {
	const { criterion } = report;
	const rows = [{ name: report.unitName, tally: report.headline, key: null as string | null }, ...report.units.map((row) => ({ name: row.name, tally: row as Tally, key: key(row.unit) }))];
	return rows.map(({ name, tally, key: unitKey }) => {
		const notMet = report.people.rows
			.filter((person) => person.state !== 'met' && (unitKey === null || person.unitKeys.includes(unitKey)))
			.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.fullName.localeCompare(b.fullName, 'vi'));
		return {
			provinceName,
			unitName: name,
			criterionTitle: criterion.title.vi,
			periodText: m.export_line_period({ from: day(criterion.period.from), to: day(criterion.period.to), deadline: day(criterion.deadline) }, vi),
			asOfText: m.export_line_as_of({ time: formatDateTime(report.asOf, 'vi') }, vi),
			figures: [
				{ label: m.report_col_in_scope({}, vi), value: formatNumber(tally.inScope, 'vi') },
				{ label: m.export_col_denominator({}, vi), value: formatNumber(tally.denominator, 'vi') },
				{ label: m.report_col_met({}, vi), value: formatNumber(tally.met, 'vi') },
				{ label: m.report_col_rate({}, vi), value: tally.percent === null ? '–' : `${formatNumber(Math.round(tally.percent * 10) / 10, 'vi')}%` },
				{ label: m.export_col_target_people({}, vi), value: `${formatNumber(tally.targetPeople, 'vi')} (${formatNumber(criterion.target.percent, 'vi')}%)` },
				{ label: m.report_in_progress({}, vi), value: formatNumber(tally.inProgress, 'vi') },
				{ label: m.report_not_started({}, vi), value: formatNumber(tally.notStarted, 'vi') },
				{ label: m.report_overdue({}, vi), value: formatNumber(tally.overdue, 'vi') }
			],
			behind: tally.behind,
			// All of them: the page prints what fits and says how many more there are.
			notMet: notMet.map((person) => ({ name: personName(person), state: personStateText(person), percent: `${person.percent}%` })),
			exportedText: m.export_line_exported({ time: formatDateTime(exportedAt, 'vi'), name: exportedBy }, vi)
		};
	});
}
