import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/schemas/admin';
import { PLACE_MAX, scheduleSchema } from '$lib/schemas/sessions';
import { type CentreCommune, centreCommune, centreCommunes, communeClasses, scheduleClass } from '$lib/server/centre/sessions';
import { contentCatalog } from '$lib/server/content';
import { visibleCourses } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { viewerOf } from '$lib/server/people';
import type { Actions, PageServerLoad } from './$types';

/** Classes teach residents, so they are for courses residents can open: published ones. */
const teachableCourses = () => visibleCourses([]);

const courseTitle = (courseId: string) => contentCatalog().byId.get(courseId)?.title[getLocale()] ?? m.sessions_unknown_course({ id: courseId });

/** The commune the page shows: the one asked for when the viewer runs it, or their only one. */
function shownCommune(communes: CentreCommune[], asked: string | null): CentreCommune | null {
	if (asked !== null && /^[1-9]\d{0,11}$/.test(asked)) return communes.find((commune) => commune.id === Number(asked)) ?? null;
	return communes.length === 1 ? communes[0]! : null;
}

export const load: PageServerLoad = ({ locals, url }) => {
	const viewer = viewerOf(locals.user!);
	const communes = centreCommunes(db(), viewer);
	const commune = shownCommune(communes, url.searchParams.get('commune'));
	const classes = commune ? communeClasses(db(), commune, new Date()) : null;
	const view = (list: NonNullable<typeof classes>['upcoming']) =>
		list.map((item) => ({ id: item.id, course: courseTitle(item.courseId), place: item.place, startsAt: item.startsAt.getTime(), cancelled: item.cancelled, attendees: item.attendees }));
	return {
		communes: communes.map(({ id, name }) => ({ id, name })),
		commune: commune && { id: commune.id, name: commune.name },
		upcoming: classes ? view(classes.upcoming) : [],
		past: classes ? view(classes.past) : [],
		courses: teachableCourses().map((course) => ({ id: course.id, title: course.title[getLocale()] })),
		placeMax: PLACE_MAX
	};
};

export const actions: Actions = {
	schedule: async ({ request, locals }) => {
		const viewer = viewerOf(locals.user!);
		const form = await formFields(request);
		const now = new Date();
		const parsed = parseForm(scheduleSchema(now), form.text);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const course = teachableCourses().find((candidate) => candidate.id === parsed.data.courseId);
		if (!course) return fail(400, { values: parsed.values, errors: { course: m.sessions_course_unknown() } });
		// A commune the viewer does not run answers like one that does not exist.
		if (!centreCommune(db(), viewer, parsed.data.communeId)) return fail(404, { values: parsed.values, errors: { commune: m.sessions_commune_missing() } });
		const scheduled = scheduleClass(db(), viewer, { communeId: parsed.data.communeId, course, place: parsed.data.place, startsAt: parsed.data.startsAt }, locals.requestId, now);
		// The commune was checked just above; null here means the viewer's roles changed meanwhile.
		if (!scheduled) error(404, m.sessions_not_found());
		redirect(303, localizedPath(`/centre/sessions/${scheduled.id}?scheduled=1`));
	}
};
