import type { Catalog, Language } from '../content/catalog';
import { formatCertificateCode } from '../certificates/codes';
import type { PersonCriterion } from './person';
import type { CriterionReport, ReportQuery, ReportUnitRef } from './report';

const param = (unit: ReportUnitRef) => (unit.kind === 'province' ? 'province' : `${unit.kind}-${unit.id}`);

/** A report as the page shows it: plain values, course ids turned into titles, codes formatted. */
export function reportPageView(report: CriterionReport, query: ReportQuery, catalog: Catalog, language: Language) {
	const { criterion } = report;
	const courseTitle = (id: string) => catalog.byId.get(id)?.title[language] ?? id;
	return {
		criterion: {
			id: criterion.id,
			title: criterion.title[language],
			example: criterion.example,
			staff: criterion.appliesTo.people === 'civil_servants',
			period: criterion.period,
			deadline: criterion.deadline,
			targetPercent: criterion.target.percent
		},
		asOf: report.asOf,
		unit: param(query.unit),
		unitName: report.unitName,
		trail: report.trail.map((step) => ({ unit: param(step.unit), name: step.name })),
		applies: report.applies,
		headline: report.headline,
		units: report.units.map((row) => ({ ...row, unit: param(row.unit) })),
		people: {
			...report.people,
			rows: report.people.rows.map((person) => ({
				personId: person.personId,
				fullName: person.fullName,
				anonymised: person.anonymised,
				state: person.state,
				late: person.late,
				percent: person.percent,
				metAt: person.metAt,
				evidence: person.evidence.map((fact) => ({ course: courseTitle(fact.courseId), code: fact.certificateCode ? formatCertificateCode(fact.certificateCode) : null }))
			}))
		},
		trend: report.trend
	};
}

/** One person's criteria for their page: titles in the reader's language, evidence with codes. */
export function personCriteriaView(entries: PersonCriterion[], catalog: Catalog, language: Language) {
	return entries.map(({ criterion, asOf, status }) => ({
		id: criterion.id,
		title: criterion.title[language],
		example: criterion.example,
		deadline: criterion.deadline,
		asOf,
		state: status.state,
		late: status.late,
		percent: status.percent,
		metAt: status.metAt,
		points: criterion.points ?? null,
		evidence: status.evidence.map((fact) => ({
			course: catalog.byId.get(fact.courseId)?.title[language] ?? fact.courseId,
			completedAt: fact.completedAt,
			score: fact.score,
			code: fact.certificateCode,
			shownCode: fact.certificateCode ? formatCertificateCode(fact.certificateCode) : null
		}))
	}));
}
