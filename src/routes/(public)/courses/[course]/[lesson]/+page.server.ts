import { error, fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { lessonPage, lessonFromRoute, practiceFromForm } from '$lib/server/progress/lesson-page';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { markLessonDone } from '$lib/server/progress/lessons';
import { judgePracticeAnswer, savePracticeAnswer } from '$lib/server/progress/practice';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const found = lessonFromRoute(params, locals.user?.roles);
	if (!found) error(404, m.learn_lesson_not_found());
	return lessonPage(db(), found, locals.user?.id ?? null, getLocale(), url.searchParams.get('done'), new Date());
};

export const actions: Actions = {
	done: async ({ params, locals, request }) => {
		const found = lessonFromRoute(params, locals.user?.roles);
		if (!found) error(404, m.learn_lesson_not_found());
		if (!locals.user) return fail(401, { doneError: m.learn_sign_in_to_save() });
		const form = await formFields(request);
		// The form names its lesson so a stale or forged page cannot mark a different one.
		if (form.text('lesson') !== found.lesson.id) return fail(400, { doneError: m.learn_wrong_lesson() });
		const result = markLessonDone(db(), locals.user.id, found.course, found.lesson.id, new Date());
		if (result.status === 'locked') {
			const first = found.course.lessons.find((lesson) => lesson.id === result.blockedBy);
			return fail(409, { doneError: m.learn_locked({ lesson: first ? (getLocale() === 'en' ? (first.title.en ?? first.title.vi) : first.title.vi) : '' }) });
		}
		if (result.status === 'unknown-lesson') return fail(400, { doneError: m.learn_wrong_lesson() });
		const index = found.course.lessons.indexOf(found.lesson);
		const next = found.course.lessons[index + 1];
		const target = next ? `/courses/${found.course.id}/${next.id}` : `/courses/${found.course.id}`;
		const status = result.completion.status === 'completed' ? 'course' : result.completion.status === 'no-unit' ? 'no-unit' : result.status === 'already-done' ? 'already' : 'lesson';
		redirect(303, `${localizedPath(target)}?done=${status}-${found.lesson.id}`);
	},
	practice: async ({ params, locals, request }) => {
		const found = lessonFromRoute(params, locals.user?.roles);
		if (!found) error(404, m.learn_lesson_not_found());
		const form = await formFields(request);
		const given = practiceFromForm(found, form);
		if (!given) return fail(400, { practice: null, practiceError: m.learn_practice_invalid() });
		const judged = judgePracticeAnswer(given.practice, given.itemId, given.answer);
		if (!judged) return fail(400, { practice: null, practiceError: m.learn_practice_invalid() });
		if (locals.user) savePracticeAnswer(db(), locals.user.id, found.course.id, given.practiceId, judged, new Date());
		return { practice: { practiceId: given.practiceId, ...judged }, practiceError: null };
	}
};
