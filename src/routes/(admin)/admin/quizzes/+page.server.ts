import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { adminScope, adminViewer } from '$lib/server/admin/scope';
import { visibleCourses } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { MIN_ANSWERS_FOR_FLAG, questionStats } from '$lib/server/quiz/question-stats';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const scope = adminScope(adminViewer(locals.user!));
	if (!scope) error(403);
	const courses = visibleCourses(locals.user!.roles).filter((course) => course.finalQuiz);
	// An unknown course in the address falls back to the first, rather than an empty page.
	const course = courses.find((c) => c.id === url.searchParams.get('course')) ?? courses[0];
	return {
		courses: courses.map((c) => ({ id: c.id, title: c.title[getLocale()] })),
		courseId: course?.id ?? null,
		minAnswers: MIN_ANSWERS_FOR_FLAG,
		questions: course ? questionStats(db(), scope, course, getLocale()) : []
	};
};
