import type { Question } from '../../content/schema';
import { type QuestionType, single } from './types';

type OrderingQuestion = Extract<Question, { type: 'ordering' }>;

/** Items are listed in the right order in the file and shown shuffled; the learner numbers them. */
export const ordering: QuestionType<OrderingQuestion, number[]> = {
	layout: (question, token, shuffle) => ({ questionId: question.id, choices: shuffle(question.items.map((_, source) => ({ token: token(), source }))) }),
	display: (question, layout, language, position) => ({
		position,
		type: question.type,
		prompt: question.prompt[language],
		choices: layout.choices.map((choice) => ({ token: choice.token, text: question.items[choice.source]![language] })),
		targets: []
	}),
	/** One field per item ("<field>-<token>") holding its place, 1…n; the places must be a permutation. */
	parse(layout, fields, field) {
		const places: number[] = [];
		for (const choice of layout.choices) {
			const value = single(fields, `${field}-${choice.token}`);
			if (!value.ok) return value;
			const place = Number(value.answer);
			if (!Number.isInteger(place) || place < 1 || place > layout.choices.length) return { ok: false, problem: 'invalid' };
			places.push(place);
		}
		if (new Set(places).size !== places.length) return { ok: false, problem: 'invalid' };
		const order: number[] = new Array(layout.choices.length);
		layout.choices.forEach((choice, i) => (order[places[i]! - 1] = choice.source));
		return { ok: true, answer: order };
	},
	// All in the right order or nothing: half-right sequences of steps are still wrong sequences.
	grade: (question, answer) => (answer.length === question.items.length && answer.every((source, place) => source === place) ? 1 : 0),
	summarise: (question, answer, language) => answer.map((source, place) => `${place + 1}. ${question.items[source]![language]}`).join(' '),
	reveal: (question, language) => question.items.map((item, place) => `${place + 1}. ${item[language]}`).join(' ')
};
