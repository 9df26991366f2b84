import type { SubmitFunction } from '@sveltejs/kit';
import type { PracticeAnswer } from '$lib/practice';

/**
 * Progressive enhancement for practice forms: with JavaScript the answer shows at once and the
 * post only saves it (no reload); without JavaScript the form posts and the page comes back with it.
 */
export function answerLocally(judge: (form: FormData) => PracticeAnswer | null, record: (answer: PracticeAnswer) => void): SubmitFunction {
	return ({ formData }) => {
		const answer = judge(formData);
		if (answer) record(answer);
		return async ({ result, update }) => {
			if (result.type !== 'success') await update({ reset: false, invalidateAll: false });
		};
	};
}
