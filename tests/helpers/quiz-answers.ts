/**
 * Answering a final quiz: an oracle built from the question bank, not from the grader, so tests
 * that post answers (unit tests of grading, the durability run) never trust the code they check.
 */
import type { Question } from '../../src/lib/server/content/schema';
import type { QuestionLayout } from '../../src/lib/server/quiz/questions';

export type How = 'right' | 'wrong' | { tick: number[] };

/** The form fields that answer one question of the attempt, right, wrong or with chosen ticks. */
export function answerFields(question: Question, layout: QuestionLayout, position: number, how: How): [string, string][] {
	const name = `q${position}`;
	const token = (source: number) => layout.choices.find((c) => c.source === source)!.token;
	const target = (source: number) => layout.targets!.find((c) => c.source === source)!.token;
	const right = how === 'right';
	switch (question.type) {
		case 'single': {
			const i = question.options.findIndex((o) => o.correct === right);
			return [[name, token(i)]];
		}
		case 'multiple': {
			const ticks = typeof how === 'object' ? how.tick : question.options.flatMap((o, i) => (o.correct === right ? [i] : []));
			return ticks.map((i) => [name, token(i)]);
		}
		case 'true_false':
			return [[name, token((right ? question.answer : !question.answer) ? 1 : 0)]];
		case 'ordering': {
			const n = question.items.length;
			return layout.choices.map((c) => [`${name}-${c.token}`, String(right ? c.source + 1 : ((c.source + 1) % n) + 1)]);
		}
		case 'matching': {
			const n = question.pairs.length;
			return layout.choices.map((c) => [`${name}-${c.token}`, target(right ? c.source : (c.source + 1) % n)]);
		}
		case 'short_text':
			return [[name, right ? question.accepted.vi[0]! : 'không biết']];
	}
}
