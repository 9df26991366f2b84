import type { Question } from '../../content/schema';
import { multipleChoice, singleChoice } from './choice';
import { matching } from './matching';
import { ordering } from './ordering';
import { shortText } from './short-text';
import { trueFalse } from './true-false';
import type { QuestionType } from './types';

/** Every question type, one module each, behind the same interface. */
const TYPES: { [T in Question['type']]: QuestionType<Extract<Question, { type: T }>, unknown> } = {
	single: singleChoice as QuestionType<Extract<Question, { type: 'single' }>, unknown>,
	multiple: multipleChoice as QuestionType<Extract<Question, { type: 'multiple' }>, unknown>,
	true_false: trueFalse as QuestionType<Extract<Question, { type: 'true_false' }>, unknown>,
	ordering: ordering as QuestionType<Extract<Question, { type: 'ordering' }>, unknown>,
	matching: matching as QuestionType<Extract<Question, { type: 'matching' }>, unknown>,
	short_text: shortText as QuestionType<Extract<Question, { type: 'short_text' }>, unknown>
};

export function questionType(question: Question): QuestionType<Question, unknown> {
	return TYPES[question.type] as QuestionType<Question, unknown>;
}

export type { Choice, DisplayedQuestion, PostedFields, QuestionLayout } from './types';
