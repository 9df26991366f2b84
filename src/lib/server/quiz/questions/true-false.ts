import type { Question } from '../../content/schema';
import { type QuestionType, byToken, single } from './types';

type TrueFalseQuestion = Extract<Question, { type: 'true_false' }>;

const WORDS = { vi: { true: 'Đúng', false: 'Sai' }, en: { true: 'True', false: 'False' } } as const;

export const trueFalse: QuestionType<TrueFalseQuestion, boolean> = {
	// Always "true" then "false": a shuffled pair only confuses.
	layout: (question, token) => ({ questionId: question.id, choices: [{ token: token(), source: 1 }, { token: token(), source: 0 }] }),
	display: (question, layout, language, position) => ({
		position,
		type: question.type,
		prompt: question.prompt[language],
		choices: layout.choices.map((choice) => ({ token: choice.token, text: WORDS[language][choice.source === 1 ? 'true' : 'false'] })),
		targets: []
	}),
	parse(layout, fields, field) {
		const value = single(fields, field);
		if (!value.ok) return value;
		const choice = byToken(layout.choices, value.answer);
		return choice ? { ok: true, answer: choice.source === 1 } : { ok: false, problem: 'invalid' };
	},
	grade: (question, answer) => (question.answer === answer ? 1 : 0),
	summarise: (_question, answer, language) => WORDS[language][answer ? 'true' : 'false'],
	reveal: (question, language) => WORDS[language][question.answer ? 'true' : 'false']
};
