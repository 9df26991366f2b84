import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { readReportFilters, unitParam } from '$lib/schemas/reports';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { viewerOf } from '$lib/server/people';
import { criterionReport, reportHome } from '$lib/server/reports';
import { evidenceYears } from '$lib/server/reports/evidence';
import { reportPageView } from '$lib/server/reports/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const viewer = viewerOf(locals.user!);
	const home = reportHome(viewer);
	if (!home) error(403);
	const catalog = contentCatalog();
	const language = getLocale();
	const criteria = catalog.criteria.map((criterion) => ({
		id: criterion.id,
		title: criterion.title[language],
		staff: criterion.appliesTo.people === 'civil_servants',
		courses: criterion.met.courses.map((id) => ({ id, title: catalog.byId.get(id)?.title[language] ?? id }))
	}));
	const first = catalog.criteria[0];
	if (!first) return { criteria, filters: {}, errors: {}, report: null };
	const read = readReportFilters(url.searchParams, { criterionId: first.id, unit: home.unit });
	if (!read.ok) return { criteria, filters: read.filters, errors: read.errors, report: null };
	const { query } = read;
	const chosen = catalog.criteria.find((criterion) => criterion.id === query.criterionId);
	const errors: Record<string, string> = {};
	if (!chosen) errors.criterion = m.report_criterion_invalid();
	else if (query.courseId !== null && !chosen.met.courses.includes(query.courseId)) errors.course = m.report_course_invalid();
	const filters = { ...read.filters, criterion: query.criterionId, unit: unitParam(query.unit) };
	if (!chosen || Object.keys(errors).length > 0) return { criteria, filters, errors, report: null };

	const outcome = criterionReport(db(), catalog, viewer, home.provinceId, query, new Date());
	if (outcome.status === 'not-found') error(404);
	if (outcome.status === 'forbidden') error(403);
	return { criteria, filters, errors, report: reportPageView(outcome.report, query, catalog, language), evidenceYears: evidenceYears(catalog) };
};
