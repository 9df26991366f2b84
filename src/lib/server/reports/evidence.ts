import { eq } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { type Viewer, canSee } from '../auth/scope';
import { formatCertificateCode } from '../certificates/codes';
import type { Catalog } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { agencies, people, provinceSettings, provinces } from '../db/schema';
import { loadAgencyTree } from '../people/agency-tree';
import { personStateText } from './exports';
import type { EvidenceSheet } from './pdf';
import { type PersonCriterion, personCriteria } from './person';

const vi = { locale: 'vi' } as const;
const GROUP_TEXT = { can_bo: () => m.report_group_can_bo({}, vi), cong_chuc: () => m.report_group_cong_chuc({}, vi), vien_chuc: () => m.report_group_vien_chuc({}, vi) };

/** A person as reports see them: enough to check scope and head an evidence sheet. */
export function reportPerson(db: DbOrTx, personId: number) {
	return (
		db
			.select({
				id: people.id,
				provinceId: people.provinceId,
				fullName: people.fullName,
				username: people.username,
				anonymisedAt: people.anonymisedAt,
				communeId: people.communeId,
				agencyId: people.agencyId,
				agencyName: agencies.name,
				position: people.position,
				staffGroup: people.staffGroup
			})
			.from(people)
			.leftJoin(agencies, eq(agencies.id, people.agencyId))
			.where(eq(people.id, personId))
			.get() ?? null
	);
}
export type ReportPerson = NonNullable<ReturnType<typeof reportPerson>>;

/** The person, if the viewer may read their reports (themselves, or a manager of their unit). */
export function visibleReportPerson(db: DbOrTx, viewer: Viewer, personId: number): ReportPerson | null {
	const person = reportPerson(db, personId);
	if (!person) return null;
	const unit = { kind: 'person' as const, provinceId: person.provinceId, personId, communeId: person.communeId, agencyId: person.agencyId };
	return canSee(viewer, unit, loadAgencyTree(db, person.provinceId)) ? person : null;
}

/** The years an evidence sheet can be asked for: those the criteria's periods touch. */
export function evidenceYears(catalog: Catalog): number[] {
	const years = new Set<number>();
	for (const criterion of catalog.criteria) {
		for (let year = Number(criterion.period.from.slice(0, 4)); year <= Number(criterion.period.to.slice(0, 4)); year++) years.add(year);
	}
	return [...years].sort((a, b) => b - a);
}

function detailText(entry: PersonCriterion): string {
	const { status } = entry;
	if (status.metAt) return m.evidence_met_on({ date: formatDate(status.metAt, 'vi') }, vi);
	return m.evidence_progress({ percent: formatNumber(status.percent, 'vi'), date: formatDate(entry.asOf, 'vi') }, vi);
}

/** Everything printed on one person's evidence sheet for a year, in Vietnamese. */
export function evidenceSheet(db: DbOrTx, catalog: Catalog, person: ReportPerson, year: number, origin: string, now: Date): EvidenceSheet {
	const province = db
		.select({ name: provinces.name, displayName: provinceSettings.displayName })
		.from(provinces)
		.leftJoin(provinceSettings, eq(provinceSettings.provinceId, provinces.id))
		.where(eq(provinces.id, person.provinceId))
		.get();
	const group = person.staffGroup ?? 'residents';
	return {
		provinceName: province?.displayName ?? province?.name ?? '',
		personName: person.anonymisedAt ? m.report_anonymised({}, vi) : person.fullName,
		username: person.username,
		position: person.position,
		agencyName: person.agencyName,
		staffGroupText: person.staffGroup ? GROUP_TEXT[person.staffGroup]() : null,
		year,
		criteria: personCriteria(db, catalog, person, now, year).map((entry) => ({
			title: entry.criterion.title.vi,
			basis: entry.criterion.basis.find((line) => line.group === group)?.text.vi ?? null,
			status: personStateText(entry.status),
			detail: detailText(entry),
			points: entry.criterion.points === undefined ? null : m.evidence_points({ points: formatNumber(entry.criterion.points, 'vi') }, vi),
			evidence: entry.status.evidence.map((fact) => ({
				course: catalog.byId.get(fact.courseId)?.title.vi ?? fact.courseId,
				completedOn: formatDate(fact.completedAt, 'vi'),
				score: fact.score === null ? null : `${formatNumber(fact.score, 'vi')}%`,
				code: fact.certificateCode ? formatCertificateCode(fact.certificateCode) : '',
				verifyUrl: fact.certificateCode ? `${origin}/verify/${fact.certificateCode}` : ''
			}))
		})),
		note: m.evidence_note({}, vi),
		generatedText: m.evidence_generated({ time: formatDateTime(now, 'vi') }, vi)
	};
}
