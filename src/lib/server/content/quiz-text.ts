import { foldForSearch } from '../../search-name';
import type { Question, Quiz } from './schema';

/** Everything a question shows before it is answered, in both languages. */
export function shownTexts(question: Question): string[] {
	const texts = [question.prompt.vi, question.prompt.en];
	switch (question.type) {
		case 'single':
		case 'multiple':
			return [...texts, ...question.options.flatMap((option) => [option.text.vi, option.text.en])];
		case 'ordering':
			return [...texts, ...question.items.flatMap((item) => [item.vi, item.en])];
		case 'matching':
			return [...texts, ...question.pairs.flatMap((pair) => [pair.left.vi, pair.left.en, pair.right.vi, pair.right.en])];
		default:
			return texts;
	}
}

/**
 * What must never reach a browser before the quiz is submitted: the text of every correct option
 * and every accepted short answer — except a text that is also a wrong option somewhere in the
 * quiz, which the page shows anyway.
 */
export function quizSecrets(quiz: Quiz): string[] {
	const wrong = new Set(
		quiz.questions.flatMap((q) => (q.type === 'single' || q.type === 'multiple' ? q.options.filter((o) => !o.correct).flatMap((o) => [o.text.vi, o.text.en]) : []))
	);
	const secrets = quiz.questions.flatMap((q) => {
		if (q.type === 'single' || q.type === 'multiple') return q.options.filter((o) => o.correct).flatMap((o) => [o.text.vi, o.text.en]);
		if (q.type === 'short_text') return [...q.accepted.vi, ...q.accepted.en];
		return [];
	});
	return [...new Set(secrets)].filter((text) => !wrong.has(text));
}

/** Whether `needle` occurs in `haystack` as whole words, ignoring case, accents and extra spaces. */
export function containsWords(haystack: string, needle: string): boolean {
	const folded = foldForSearch(needle);
	if (!folded) return false;
	const escaped = folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(foldForSearch(haystack));
}

/**
 * Short answers that another question would give away: an accepted answer that any question of
 * the quiz shows in its prompt or choices. Returned as "question id: answer" for the editor.
 */
export function answersGivenAway(quiz: Quiz): { questionId: string; answer: string; shownIn: string }[] {
	const found: { questionId: string; answer: string; shownIn: string }[] = [];
	for (const question of quiz.questions) {
		if (question.type !== 'short_text') continue;
		for (const answer of new Set([...question.accepted.vi, ...question.accepted.en])) {
			const other = quiz.questions.find((q) => shownTexts(q).some((text) => containsWords(text, answer)));
			if (other) found.push({ questionId: question.id, answer, shownIn: other.id });
		}
	}
	return found;
}
