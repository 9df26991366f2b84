import { error, fail, redirect } from '@sveltejs/kit';
import { formatDateTime } from '$lib/format';
import { localizedPath } from '$lib/i18n';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { visibleCourse } from '$lib/server/content/visibility';
import { db } from '$lib/server/db';
import { startAttempt, submitAttempt } from '$lib/server/quiz/attempts';
import { postedFields, quizPage } from '$lib/server/quiz/page';
import type { Actions, PageServerLoad } from './$types';

function courseWithQuiz(courseId: string, roles: Parameters<typeof visibleCourse>[1]) {
	const course = visibleCourse(courseId, roles);
	if (!course?.finalQuiz) error(404, m.learn_course_not_found());
	return course;
}

export const load: PageServerLoad = ({ params, locals, url }) => {
	const course = courseWithQuiz(params.course, locals.user!.roles);
	return quizPage(db(), locals.user!.id, course, getLocale(), url.searchParams.get('attempt'), new Date());
};

export const actions: Actions = {
	start: async ({ params, locals, request }) => {
		// Nothing in the form counts, but it is read to the end: answering a client still sending
		// its body would reset the connection instead of answering it.
		await request.arrayBuffer().catch(() => null);
		const course = courseWithQuiz(params.course, locals.user!.roles);
		// Always the signed-in person's own attempt: nothing in the form can name someone else.
		const result = startAttempt(db(), locals.user!.id, course, new Date());
		if (result.status === 'wait') return fail(409, { startError: m.quiz_wait({ time: formatDateTime(result.until, getLocale()) }) });
		if (result.status === 'no-attempts-left') return fail(409, { startError: m.quiz_no_attempts_left() });
		if (result.status === 'no-quiz') error(404, m.learn_course_not_found());
		redirect(303, localizedPath(`/courses/${course.id}/quiz`));
	},
	submit: async ({ params, locals, request }) => {
		const course = courseWithQuiz(params.course, locals.user!.roles);
		const form = await request.formData().catch(() => new FormData());
		const fields = postedFields(form);
		const attempt = String(form.get('attempt') ?? '');
		const result = submitAttempt(db(), locals.user!.id, course, attempt, fields, new Date());
		switch (result.status) {
			case 'graded':
			case 'already-submitted':
				redirect(303, `${localizedPath(`/courses/${course.id}/quiz`)}?attempt=${result.publicId}`);
			// eslint-disable-next-line no-fallthrough
			case 'not-yours':
				return fail(403, { submitError: m.quiz_not_yours(), missing: [], invalid: [], values: {} });
			case 'not-found':
				return fail(400, { submitError: m.quiz_attempt_unknown(), missing: [], invalid: [], values: {} });
			case 'expired':
				return fail(409, { submitError: m.quiz_expired(), missing: [], invalid: [], values: {} });
			case 'unexpected-fields':
				return fail(400, { submitError: m.quiz_unexpected(), missing: [], invalid: [], values: {} });
			case 'incomplete':
				return fail(400, {
					submitError: result.missing.length > 0 ? m.quiz_missing({ questions: result.missing.join(', ') }) : m.quiz_invalid({ questions: result.invalid.join(', ') }),
					missing: result.missing,
					invalid: result.invalid,
					values: fields.values()
				});
		}
	}
};
