import type { Language } from '../../content/catalog';
import type { Question } from '../../content/schema';

/** One shown choice: an opaque token, new for every attempt, standing for an option, item or pair side. */
export interface Choice {
	token: string;
	/** Index into the question's options, items or pairs (for true/false: 1 = true, 0 = false). */
	source: number;
}

/** How a question appears in one attempt: which question, and its choices in the shown order. */
export interface QuestionLayout {
	questionId: string;
	choices: Choice[];
	/** Matching only: the right-hand sides, shuffled separately. */
	targets?: Choice[];
}

/** A question as the browser gets it: no keys, only tokens and texts. */
export interface DisplayedQuestion {
	position: number;
	type: Question['type'];
	prompt: string;
	choices: { token: string; text: string }[];
	targets: { token: string; text: string }[];
	/** Set by the attempt, which knows where the course's pictures are served. */
	image?: { src: string; alt: string } | null;
}

export type ParsedAnswer<A> = { ok: true; answer: A } | { ok: false; problem: 'missing' | 'invalid' };

/** Reads posted fields: every value of a name (checkboxes repeat one). */
export interface PostedFields {
	all(name: string): string[];
}

/** The same small interface for every question type (see docs/content-format.md). */
export interface QuestionType<Q extends Question, A> {
	layout(question: Q, token: () => string, shuffle: <T>(items: T[]) => T[]): QuestionLayout;
	display(question: Q, layout: QuestionLayout, language: Language, position: number): DisplayedQuestion;
	/** The answer from the posted form, in the question's own terms (source indexes or text). */
	parse(layout: QuestionLayout, fields: PostedFields, field: string): ParsedAnswer<A>;
	/** Credit from 0 to 1. */
	grade(question: Q, answer: A): number;
	/** What the learner answered, in words. */
	summarise(question: Q, answer: A, language: Language): string;
	/** The right answer, in words: shown only after a pass or when no attempts remain. */
	reveal(question: Q, language: Language): string;
}

export const byToken = (choices: Choice[], token: string | undefined) => choices.find((choice) => choice.token === token);

/** The one value of a field; missing when absent or blank, invalid when sent more than once. */
export function single(fields: PostedFields, name: string): ParsedAnswer<string> {
	const values = fields.all(name).filter((value) => value.trim() !== '');
	if (values.length === 0) return { ok: false, problem: 'missing' };
	if (values.length > 1) return { ok: false, problem: 'invalid' };
	return { ok: true, answer: values[0]! };
}
