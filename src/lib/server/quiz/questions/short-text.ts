import { foldForSearch } from '../../../search-name';
import type { Question } from '../../content/schema';
import { type QuestionType, single } from './types';

type ShortTextQuestion = Extract<Question, { type: 'short_text' }>;

export const SHORT_TEXT_MAX = 200;

/** NFC, case and extra spaces ignored; accents too when the question says so. */
export function normaliseShortText(text: string, ignoreDiacritics: boolean): string {
	const plain = text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
	return ignoreDiacritics ? foldForSearch(plain) : plain;
}

/** Either language's accepted answers count: a learner on the English page may type Vietnamese. */
export const shortText: QuestionType<ShortTextQuestion, string> = {
	layout: (question) => ({ questionId: question.id, choices: [] }),
	display: (question, _layout, language, position) => ({ position, type: question.type, prompt: question.prompt[language], choices: [], targets: [] }),
	parse(_layout, fields, field) {
		const value = single(fields, field);
		if (!value.ok) return value;
		const text = value.answer.normalize('NFC').replace(/\s+/g, ' ').trim();
		return text.length > SHORT_TEXT_MAX ? { ok: false, problem: 'invalid' } : { ok: true, answer: text };
	},
	grade(question, answer) {
		const given = normaliseShortText(answer, question.ignoreDiacritics);
		return [...question.accepted.vi, ...question.accepted.en].some((accepted) => normaliseShortText(accepted, question.ignoreDiacritics) === given) ? 1 : 0;
	},
	summarise: (_question, answer) => answer,
	reveal: (question, language) => question.accepted[language].join(' / ')
};
