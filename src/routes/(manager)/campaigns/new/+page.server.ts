import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/schemas/admin';
import { TITLE_MAX, campaignSchema, readCourseIds } from '$lib/schemas/campaigns';
import { createCampaign } from '$lib/server/campaigns';
import { exportableUnits } from '$lib/server/certificates/bulk';
import { visibleCourses } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { viewerOf } from '$lib/server/people';
import { vietnamDayOf } from '$lib/vietnam-day';
import type { Actions, PageServerLoad } from './$types';

/** Campaigns assign what every learner can open: published courses. */
const assignableCourses = () => visibleCourses([]);

const DOMAIN_ERRORS = {
	unit: () => m.campaigns_unit_not_allowed(),
	'agency-residents': () => m.campaigns_agency_residents(),
	'group-needs-staff': () => m.campaigns_group_needs_staff(),
	course: () => m.campaigns_course_unknown()
};

export const load: PageServerLoad = ({ locals }) => ({
	units: exportableUnits(db(), viewerOf(locals.user!)),
	courses: assignableCourses().map((course) => ({ id: course.id, title: course.title[getLocale()] })),
	today: vietnamDayOf(new Date()),
	titleMax: TITLE_MAX
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const viewer = viewerOf(locals.user!);
		const form = await formFields(request);
		const now = new Date();
		const parsed = parseForm(campaignSchema(now), form.text);
		const courseIds = readCourseIds(form.all('courses'));
		const errors: Partial<Record<string, string>> = parsed.ok ? {} : { ...parsed.errors };
		if (courseIds === null) errors.courses = m.campaigns_course_unknown();
		else if (courseIds.length === 0) errors.courses = m.campaigns_courses_missing();
		const { values } = parsed;
		const courses = form.all('courses');
		if (!parsed.ok || courseIds === null || courseIds.length === 0) return fail(400, { values, courses, errors });
		const result = createCampaign(db(), viewer, { ...parsed.data, courseIds }, assignableCourses(), locals.requestId, now);
		if (result.status === 'invalid') {
			const domainErrors = Object.fromEntries(Object.entries(result.errors).map(([field, code]) => [field === 'staffGroup' ? 'group' : field, DOMAIN_ERRORS[code]()]));
			// A unit the viewer does not run answers as one that does not exist, as elsewhere.
			return fail(result.errors.unit ? 404 : 400, { values, courses, errors: { ...errors, ...domainErrors } });
		}
		redirect(303, localizedPath(`/campaigns/${result.id}?created=1`));
	}
};
