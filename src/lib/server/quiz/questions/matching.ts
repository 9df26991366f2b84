import type { Question } from '../../content/schema';
import { type QuestionType, byToken, single } from './types';

type MatchingQuestion = Extract<Question, { type: 'matching' }>;

/** Left sides in file order, right sides shuffled; each pair right counts equally. */
export const matching: QuestionType<MatchingQuestion, number[]> = {
	layout: (question, token, shuffle) => ({
		questionId: question.id,
		choices: question.pairs.map((_, source) => ({ token: token(), source })),
		targets: shuffle(question.pairs.map((_, source) => ({ token: token(), source })))
	}),
	display: (question, layout, language, position) => ({
		position,
		type: question.type,
		prompt: question.prompt[language],
		choices: layout.choices.map((choice) => ({ token: choice.token, text: question.pairs[choice.source]!.left[language] })),
		targets: (layout.targets ?? []).map((target) => ({ token: target.token, text: question.pairs[target.source]!.right[language] }))
	}),
	/** One field per left side ("<field>-<token>") naming a right side's token. Answer[left] = right. */
	parse(layout, fields, field) {
		const answer: number[] = new Array(layout.choices.length);
		for (const choice of layout.choices) {
			const value = single(fields, `${field}-${choice.token}`);
			if (!value.ok) return value;
			const target = byToken(layout.targets ?? [], value.answer);
			if (!target) return { ok: false, problem: 'invalid' };
			answer[choice.source] = target.source;
		}
		return { ok: true, answer };
	},
	grade: (question, answer) => answer.filter((right, left) => right === left).length / question.pairs.length,
	summarise: (question, answer, language) => answer.map((right, left) => `${question.pairs[left]!.left[language]} → ${question.pairs[right]!.right[language]}`).join('; '),
	reveal: (question, language) => question.pairs.map((pair) => `${pair.left[language]} → ${pair.right[language]}`).join('; ')
};
