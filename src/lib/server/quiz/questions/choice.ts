import type { Language } from '../../content/catalog';
import type { Question } from '../../content/schema';
import { type QuestionType, byToken, single } from './types';

type SingleQuestion = Extract<Question, { type: 'single' }>;
type MultipleQuestion = Extract<Question, { type: 'multiple' }>;
type ChoiceQuestion = SingleQuestion | MultipleQuestion;

const optionLayout = (question: ChoiceQuestion, token: () => string, shuffle: <T>(items: T[]) => T[]) => ({
	questionId: question.id,
	choices: shuffle(question.options.map((_, source) => ({ token: token(), source })))
});

const optionDisplay = (question: ChoiceQuestion, layout: { choices: { token: string; source: number }[] }, language: Language, position: number) => ({
	position,
	type: question.type,
	prompt: question.prompt[language],
	choices: layout.choices.map((choice) => ({ token: choice.token, text: question.options[choice.source]!.text[language] })),
	targets: []
});

const optionTexts = (question: ChoiceQuestion, indexes: number[], language: Language) => indexes.map((i) => question.options[i]!.text[language]).join('; ');
const correctIndexes = (question: ChoiceQuestion) => question.options.flatMap((option, i) => (option.correct ? [i] : []));

export const singleChoice: QuestionType<SingleQuestion, number> = {
	layout: optionLayout,
	display: optionDisplay,
	parse(layout, fields, field) {
		const value = single(fields, field);
		if (!value.ok) return value;
		const choice = byToken(layout.choices, value.answer);
		return choice ? { ok: true, answer: choice.source } : { ok: false, problem: 'invalid' };
	},
	grade: (question, answer) => (question.options[answer]?.correct ? 1 : 0),
	summarise: (question, answer, language) => optionTexts(question, [answer], language),
	reveal: (question, language) => optionTexts(question, correctIndexes(question), language)
};

/** Partial credit: max(0, (right ticks − wrong ticks) / number of right options). */
export const multipleChoice: QuestionType<MultipleQuestion, number[]> = {
	layout: optionLayout,
	display: optionDisplay,
	parse(layout, fields, field) {
		const tokens = fields.all(field).filter((token) => token.trim() !== '');
		if (tokens.length === 0) return { ok: false, problem: 'missing' };
		const sources = tokens.map((token) => byToken(layout.choices, token)?.source);
		if (sources.some((source) => source === undefined) || new Set(tokens).size !== tokens.length) return { ok: false, problem: 'invalid' };
		return { ok: true, answer: (sources as number[]).sort((a, b) => a - b) };
	},
	grade(question, answer) {
		const right = answer.filter((i) => question.options[i]?.correct).length;
		const wrong = answer.length - right;
		return Math.max(0, (right - wrong) / correctIndexes(question).length);
	},
	summarise: (question, answer, language) => optionTexts(question, answer, language),
	reveal: (question, language) => optionTexts(question, correctIndexes(question), language)
};
