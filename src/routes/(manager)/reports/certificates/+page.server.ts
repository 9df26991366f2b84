import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { EXPORT_MAX, exportableUnits, parseExportForm, startCertificateExport } from '$lib/server/certificates/bulk';
import { visibleCourses } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

const viewerOf = (user: App.Locals['user']) => ({ personId: user!.id, grants: user!.grants });

export const load: PageServerLoad = ({ locals }) => ({
	units: exportableUnits(db(), viewerOf(locals.user)),
	courses: visibleCourses(locals.user!.roles).map((course) => ({ id: course.id, title: course.title[getLocale()] })),
	max: EXPORT_MAX
});

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const fields = await formFields(request);
		const values = { unit: fields.text('unit'), course: fields.text('course'), from: fields.text('from'), to: fields.text('to') };
		const parsed = parseExportForm(fields, visibleCourses(locals.user!.roles).map((course) => course.id), {
			unit: m.bulk_unit_invalid(),
			course: m.bulk_course_invalid(),
			day: m.bulk_day_invalid(),
			order: m.bulk_days_order()
		});
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors, message: null });
		const result = startCertificateExport(db(), viewerOf(locals.user), parsed.filters, url.origin, new Date());
		if (result.status === 'forbidden') return fail(403, { values, errors: { unit: m.bulk_unit_invalid() }, message: null });
		if (result.status === 'empty') return fail(404, { values, errors: {}, message: m.bulk_empty() });
		if (result.status === 'too-many') return fail(413, { values, errors: {}, message: m.bulk_too_many({ count: result.count, max: EXPORT_MAX }) });
		redirect(303, localizedPath(`/reports/certificates/${result.publicId}`));
	}
};
