import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { visibleCourse } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { coursePage } from '$lib/server/progress/course-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const course = visibleCourse(params.course, locals.user?.roles);
	if (!course) error(404, m.learn_course_not_found());
	return coursePage(db(), course, locals.user?.id ?? null, getLocale(), new Date());
};
