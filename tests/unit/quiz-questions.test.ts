import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/lib/server/content/catalog';
import { type Question, questionSchema } from '../../src/lib/server/content/schema';
import { secureRandom } from '../../src/lib/server/quiz/attempts';
import { multipleChoice, singleChoice } from '../../src/lib/server/quiz/questions/choice';
import { type PostedFields, type QuestionLayout, questionType } from '../../src/lib/server/quiz/questions/index';
import { matching } from '../../src/lib/server/quiz/questions/matching';
import { ordering } from '../../src/lib/server/quiz/questions/ordering';
import { SHORT_TEXT_MAX, normaliseShortText, shortText } from '../../src/lib/server/quiz/questions/short-text';
import { trueFalse } from '../../src/lib/server/quiz/questions/true-false';

// ---------------------------------------------------------------------------------------------
// Questions, built and checked against the content schema, as the catalogue would hand them out.

type Of<T extends Question['type']> = Extract<Question, { type: T }>;
const both = (vi: string, en: string) => ({ vi, en });
const base = (id: string) => ({ id, tags: ['4.2'], prompt: both(`Câu hỏi ${id}?`, `Question ${id}?`), explanation: both(`Giải thích ${id}`, `Explanation ${id}`) });
function q<T extends Question['type']>(value: Record<string, unknown> & { type: T }): Of<T> {
	return questionSchema.parse(value) as Of<T>;
}

const singleQ = q({
	...base('mot-dap-an'),
	type: 'single',
	options: [
		{ id: 'a', correct: false, text: both('Bấm vào đường link', 'Tap the link') },
		{ id: 'b', correct: true, text: both('Gọi tổng đài in trên thẻ', 'Call the number on the card') },
		{ id: 'c', correct: false, text: both('Trả lời tin nhắn', 'Reply to the message') }
	]
});

/** Options 0 and 1 right, 2 and 3 wrong. */
const multipleQ = q({
	...base('nhieu-dap-an'),
	type: 'multiple',
	options: [
		{ id: 'a', correct: true, text: both('Mã OTP', 'OTP code') },
		{ id: 'b', correct: true, text: both('Mật khẩu', 'Password') },
		{ id: 'c', correct: false, text: both('Tên của xã', 'Commune name') },
		{ id: 'd', correct: false, text: both('Giờ mở cửa', 'Opening hours') }
	]
});

/** Options 0, 1, 2 right, 3 wrong. */
const threeRightQ = q({
	...base('ba-dap-an'),
	type: 'multiple',
	options: [
		{ id: 'a', correct: true, text: both('A', 'A') },
		{ id: 'b', correct: true, text: both('B', 'B') },
		{ id: 'c', correct: true, text: both('C', 'C') },
		{ id: 'd', correct: false, text: both('D', 'D') }
	]
});

const trueQ = q({ ...base('dung-sai-dung'), type: 'true_false', answer: true });
const falseQ = q({ ...base('dung-sai-sai'), type: 'true_false', answer: false });

/** Items listed in the right order. */
const orderingQ = q({
	...base('thu-tu'),
	type: 'ordering',
	items: [both('Đăng nhập', 'Sign in'), both('Chọn thủ tục', 'Choose the procedure'), both('Nộp hồ sơ', 'Submit'), both('Nhận mã hồ sơ', 'Get the file code')]
});

const matchingQ = q({
	...base('ghep-doi'),
	type: 'matching',
	pairs: [
		{ left: both('113', '113'), right: both('Công an', 'Police') },
		{ left: both('114', '114'), right: both('Cứu hỏa', 'Fire') },
		{ left: both('115', '115'), right: both('Cấp cứu', 'Ambulance') },
		{ left: both('111', '111'), right: both('Bảo vệ trẻ em', 'Child protection') }
	]
});

const shortQ = (ignoreDiacritics: boolean) =>
	q({ ...base('tra-loi-ngan'), type: 'short_text', accepted: { vi: ['mã hồ sơ', 'mã số hồ sơ'], en: ['file code'] }, ignoreDiacritics });
const strictShort = shortQ(false);
const looseShort = shortQ(true);

// ---------------------------------------------------------------------------------------------
// Helpers: tokens from a counter (shared, so two layouts never share tokens), fixed shuffles,
// and posted fields as a form would send them.

let counter = 0;
/** Tokens in the same alphabet as real ones ([a-z2-7]), but from a counter: easy to predict, unrelated to any option. */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const counterToken = () => `tk${letters(counter++)}`;
const keep = <T>(items: T[]) => [...items];
const reverse = <T>(items: T[]) => [...items].reverse();

function fields(values: Record<string, string | string[]>): PostedFields {
	return { all: (name) => { const value = values[name]; return value === undefined ? [] : Array.isArray(value) ? value : [value]; } };
}

const tokenOf = (layout: QuestionLayout, source: number) => layout.choices.find((c) => c.source === source)!.token;
const targetOf = (layout: QuestionLayout, source: number) => layout.targets!.find((c) => c.source === source)!.token;

const ALL: Question[] = [singleQ, multipleQ, trueQ, falseQ, orderingQ, matchingQ, strictShort, looseShort];

/** The keys of every object anywhere in a value. */
function keysIn(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(keysIn);
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysIn(inner)]);
	return [];
}

// ---------------------------------------------------------------------------------------------

describe('questionType', () => {
	it('hands each question type its own module', () => {
		expect(questionType(singleQ)).toBe(singleChoice);
		expect(questionType(multipleQ)).toBe(multipleChoice);
		expect(questionType(trueQ)).toBe(trueFalse);
		expect(questionType(orderingQ)).toBe(ordering);
		expect(questionType(matchingQ)).toBe(matching);
		expect(questionType(strictShort)).toBe(shortText);
	});
});

describe('display: what the browser gets', () => {
	for (const question of ALL) {
		for (const language of ['vi', 'en'] as Language[]) {
			it(`${question.type} (${question.id}, ${language}) has no answer key, only tokens and texts`, () => {
				const type = questionType(question);
				const layout = type.layout(question, counterToken, reverse);
				const shown = type.display(question, layout, language, 3);
				const json = JSON.stringify(shown);
				for (const key of ['correct', 'answer', 'accepted', 'source', 'explanation', 'ignoreDiacritics', 'id', 'questionId']) {
					expect(json).not.toContain(`"${key}"`);
				}
				expect(new Set(keysIn(shown))).toEqual(new Set(['position', 'type', 'prompt', 'choices', 'targets', ...(shown.choices.length + shown.targets.length > 0 ? ['token', 'text'] : [])]));
				expect(shown.position).toBe(3);
				expect(shown.type).toBe(question.type);
				expect(shown.prompt).toBe(question.prompt[language]);
				expect(json).not.toContain(question.explanation[language]);
				if (question.type === 'short_text') {
					expect(shown.choices).toEqual([]);
					expect(shown.targets).toEqual([]);
					for (const accepted of [...question.accepted.vi, ...question.accepted.en]) expect(json).not.toContain(accepted);
				}
			});
		}
	}

	it('choice questions show the options in the layout order, in the page language', () => {
		const layout = singleChoice.layout(singleQ, counterToken, reverse);
		expect(layout.choices.map((c) => c.source)).toEqual([2, 1, 0]);
		expect(singleChoice.display(singleQ, layout, 'vi', 1).choices).toEqual([
			{ token: layout.choices[0]!.token, text: 'Trả lời tin nhắn' },
			{ token: layout.choices[1]!.token, text: 'Gọi tổng đài in trên thẻ' },
			{ token: layout.choices[2]!.token, text: 'Bấm vào đường link' }
		]);
		expect(singleChoice.display(singleQ, layout, 'en', 1).choices.map((c) => c.text)).toEqual(['Reply to the message', 'Call the number on the card', 'Tap the link']);
		expect(singleChoice.display(singleQ, layout, 'en', 1).targets).toEqual([]);
	});

	it('a true/false question looks the same whatever its answer: "true" then "false", in words', () => {
		const layoutT = trueFalse.layout(trueQ, counterToken, reverse);
		const layoutF = trueFalse.layout(falseQ, counterToken, reverse);
		// Never shuffled, even by a shuffle that reverses.
		expect(layoutT.choices.map((c) => c.source)).toEqual([1, 0]);
		const shownT = trueFalse.display(trueQ, layoutT, 'vi', 1);
		const shownF = trueFalse.display(falseQ, layoutF, 'vi', 1);
		expect(shownT.choices.map((c) => c.text)).toEqual(['Đúng', 'Sai']);
		expect(shownF.choices.map((c) => c.text)).toEqual(['Đúng', 'Sai']);
		expect(trueFalse.display(trueQ, layoutT, 'en', 1).choices.map((c) => c.text)).toEqual(['True', 'False']);
		expect({ ...shownT, prompt: '', choices: shownT.choices.map((c) => c.text) }).toEqual({ ...shownF, prompt: '', choices: shownF.choices.map((c) => c.text) });
	});

	it('ordering items are shown in the shuffled order, not the right one', () => {
		const layout = ordering.layout(orderingQ, counterToken, reverse);
		expect(ordering.display(orderingQ, layout, 'vi', 1).choices.map((c) => c.text)).toEqual(['Nhận mã hồ sơ', 'Nộp hồ sơ', 'Chọn thủ tục', 'Đăng nhập']);
		expect(ordering.display(orderingQ, layout, 'en', 1).targets).toEqual([]);
	});

	it('matching shows left sides in file order and right sides shuffled separately', () => {
		const layout = matching.layout(matchingQ, counterToken, reverse);
		expect(layout.choices.map((c) => c.source)).toEqual([0, 1, 2, 3]);
		expect(layout.targets!.map((c) => c.source)).toEqual([3, 2, 1, 0]);
		const shown = matching.display(matchingQ, layout, 'en', 2);
		expect(shown.choices.map((c) => c.text)).toEqual(['113', '114', '115', '111']);
		expect(shown.targets.map((c) => c.text)).toEqual(['Child protection', 'Ambulance', 'Fire', 'Police']);
		expect(shown.targets.map((c) => c.token)).toEqual(layout.targets!.map((c) => c.token));
	});
});

describe('layout tokens', () => {
	for (const question of ALL.filter((x) => x.type !== 'short_text')) {
		it(`${question.type}: every token comes from the token function, all differ, and a second layout has new ones`, () => {
			const type = questionType(question);
			const issued: string[] = [];
			const token = () => {
				const t = counterToken();
				issued.push(t);
				return t;
			};
			const first = type.layout(question, token, keep);
			const second = type.layout(question, token, keep);
			const tokensOf = (layout: QuestionLayout) => [...layout.choices, ...(layout.targets ?? [])].map((c) => c.token);
			expect(first.questionId).toBe(question.id);
			expect(tokensOf(first).length).toBeGreaterThanOrEqual(2);
			for (const t of [...tokensOf(first), ...tokensOf(second)]) expect(issued).toContain(t);
			expect(new Set(tokensOf(first)).size).toBe(tokensOf(first).length);
			for (const t of tokensOf(first)) expect(tokensOf(second)).not.toContain(t);
			// Opaque: a token is never an option id, an index or a text.
			const ids = question.type === 'single' || question.type === 'multiple' ? question.options.map((o) => o.id) : [];
			for (const t of tokensOf(first)) {
				expect(ids).not.toContain(t);
				expect(t).not.toMatch(/^\d+$/);
			}
		});
	}

	it('with the real token source, tokens are 8 base32 characters and two layouts share none', () => {
		const a = multipleChoice.layout(multipleQ, secureRandom.token, keep);
		const b = multipleChoice.layout(multipleQ, secureRandom.token, keep);
		for (const choice of [...a.choices, ...b.choices]) expect(choice.token).toMatch(/^[a-z2-7]{8}$/);
		expect(a.choices.map((c) => c.token).filter((t) => b.choices.some((c) => c.token === t))).toEqual([]);
	});

	it('short-text questions have no choices to tokenise', () => {
		let calls = 0;
		const layout = shortText.layout(strictShort, () => `t${++calls}`, keep);
		expect(layout).toEqual({ questionId: strictShort.id, choices: [] });
	});

	it('each choice stands for exactly one option, item or pair side', () => {
		const layout = multipleChoice.layout(multipleQ, counterToken, reverse);
		expect(layout.choices.map((c) => c.source).sort()).toEqual([0, 1, 2, 3]);
		const m = matching.layout(matchingQ, counterToken, reverse);
		expect(m.targets!.map((c) => c.source).sort()).toEqual([0, 1, 2, 3]);
		expect(m.choices.map((c) => c.token).filter((t) => m.targets!.some((x) => x.token === t))).toEqual([]);
	});
});

describe('single choice', () => {
	const layout = singleChoice.layout(singleQ, counterToken, reverse);
	const other = singleChoice.layout(singleQ, counterToken, reverse);

	it('parses the chosen token into the option it stands for', () => {
		expect(singleChoice.parse(layout, fields({ q1: tokenOf(layout, 1) }), 'q1')).toEqual({ ok: true, answer: 1 });
		expect(singleChoice.parse(layout, fields({ q1: tokenOf(layout, 2) }), 'q1')).toEqual({ ok: true, answer: 2 });
		// Only its own field counts.
		expect(singleChoice.parse(layout, fields({ q2: tokenOf(layout, 1), q1: tokenOf(layout, 0) }), 'q1')).toEqual({ ok: true, answer: 0 });
	});

	it('is missing with no field or a blank one', () => {
		expect(singleChoice.parse(layout, fields({}), 'q1')).toEqual({ ok: false, problem: 'missing' });
		expect(singleChoice.parse(layout, fields({ q1: '' }), 'q1')).toEqual({ ok: false, problem: 'missing' });
		expect(singleChoice.parse(layout, fields({ q1: '   ' }), 'q1')).toEqual({ ok: false, problem: 'missing' });
		expect(singleChoice.parse(layout, fields({ q2: tokenOf(layout, 1) }), 'q1')).toEqual({ ok: false, problem: 'missing' });
	});

	it('is invalid with an unknown token, a token of another attempt, an option id, or two values', () => {
		expect(singleChoice.parse(layout, fields({ q1: 'zzzzzzzz' }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(singleChoice.parse(layout, fields({ q1: tokenOf(other, 1) }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(singleChoice.parse(layout, fields({ q1: 'b' }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(singleChoice.parse(layout, fields({ q1: '1' }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(singleChoice.parse(layout, fields({ q1: [tokenOf(layout, 1), tokenOf(layout, 0)] }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(singleChoice.parse(layout, fields({ q1: [tokenOf(layout, 1), tokenOf(layout, 1)] }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
	});

	it('grades the right option 1 and any other 0', () => {
		expect(singleChoice.grade(singleQ, 1)).toBe(1);
		expect(singleChoice.grade(singleQ, 0)).toBe(0);
		expect(singleChoice.grade(singleQ, 2)).toBe(0);
	});

	it('summarises the answer and reveals the right one in words', () => {
		expect(singleChoice.summarise(singleQ, 0, 'vi')).toBe('Bấm vào đường link');
		expect(singleChoice.summarise(singleQ, 0, 'en')).toBe('Tap the link');
		expect(singleChoice.reveal(singleQ, 'vi')).toBe('Gọi tổng đài in trên thẻ');
		expect(singleChoice.reveal(singleQ, 'en')).toBe('Call the number on the card');
	});
});

describe('multiple choice', () => {
	const layout = multipleChoice.layout(multipleQ, counterToken, reverse);
	const ticks = (...sources: number[]) => fields({ q2: sources.map((s) => tokenOf(layout, s)) });

	it('parses the ticked tokens into sorted option indexes', () => {
		expect(multipleChoice.parse(layout, ticks(1, 0), 'q2')).toEqual({ ok: true, answer: [0, 1] });
		expect(multipleChoice.parse(layout, ticks(3), 'q2')).toEqual({ ok: true, answer: [3] });
		expect(multipleChoice.parse(layout, ticks(3, 2, 1, 0), 'q2')).toEqual({ ok: true, answer: [0, 1, 2, 3] });
	});

	it('is missing when nothing is ticked', () => {
		expect(multipleChoice.parse(layout, fields({}), 'q2')).toEqual({ ok: false, problem: 'missing' });
		expect(multipleChoice.parse(layout, fields({ q2: [] }), 'q2')).toEqual({ ok: false, problem: 'missing' });
	});

	it('refuses a blank value (it is no option)', () => {
		expect(multipleChoice.parse(layout, fields({ q2: '' }), 'q2').ok).toBe(false);
	});

	it('is invalid with duplicate tokens, an unknown token among good ones, or an option id', () => {
		expect(multipleChoice.parse(layout, fields({ q2: [tokenOf(layout, 0), tokenOf(layout, 0)] }), 'q2')).toEqual({ ok: false, problem: 'invalid' });
		expect(multipleChoice.parse(layout, fields({ q2: [tokenOf(layout, 0), tokenOf(layout, 1), tokenOf(layout, 0)] }), 'q2')).toEqual({ ok: false, problem: 'invalid' });
		expect(multipleChoice.parse(layout, fields({ q2: [tokenOf(layout, 0), 'zzzzzzzz'] }), 'q2')).toEqual({ ok: false, problem: 'invalid' });
		expect(multipleChoice.parse(layout, fields({ q2: ['a', 'b'] }), 'q2')).toEqual({ ok: false, problem: 'invalid' });
	});

	it('gives partial credit: max(0, (right ticks − wrong ticks) / right options)', () => {
		const grade = (...answer: number[]) => multipleChoice.grade(multipleQ, answer);
		expect(grade(0, 1)).toBe(1);
		expect(grade(0)).toBe(0.5); // exactly half
		expect(grade(1)).toBe(0.5);
		expect(grade(0, 1, 2)).toBe(0.5);
		expect(grade(0, 2)).toBe(0); // one right, one wrong
		expect(grade(0, 1, 2, 3)).toBe(0); // everything ticked: wrong ≥ right
		expect(grade(2)).toBe(0); // never below zero
		expect(grade(2, 3)).toBe(0);
	});

	it('ticking everything still earns something when right options outnumber wrong ones', () => {
		const grade = (...answer: number[]) => multipleChoice.grade(threeRightQ, answer);
		expect(grade(0, 1, 2, 3)).toBeCloseTo(2 / 3, 10);
		expect(grade(0, 1, 2)).toBe(1);
		expect(grade(0)).toBeCloseTo(1 / 3, 10);
		expect(grade(0, 3)).toBe(0);
	});

	it('summarises the ticked options and reveals all right ones', () => {
		expect(multipleChoice.summarise(multipleQ, [0, 2], 'vi')).toBe('Mã OTP; Tên của xã');
		expect(multipleChoice.reveal(multipleQ, 'en')).toBe('OTP code; Password');
	});
});

describe('true / false', () => {
	const layout = trueFalse.layout(trueQ, counterToken, keep);
	const yes = layout.choices.find((c) => c.source === 1)!.token;
	const no = layout.choices.find((c) => c.source === 0)!.token;

	it('parses the tokens into true and false', () => {
		expect(trueFalse.parse(layout, fields({ q1: yes }), 'q1')).toEqual({ ok: true, answer: true });
		expect(trueFalse.parse(layout, fields({ q1: no }), 'q1')).toEqual({ ok: true, answer: false });
	});

	it('refuses missing, blank, the words themselves, unknown tokens and both at once', () => {
		expect(trueFalse.parse(layout, fields({}), 'q1')).toEqual({ ok: false, problem: 'missing' });
		expect(trueFalse.parse(layout, fields({ q1: ' ' }), 'q1')).toEqual({ ok: false, problem: 'missing' });
		expect(trueFalse.parse(layout, fields({ q1: 'true' }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(trueFalse.parse(layout, fields({ q1: '1' }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
		expect(trueFalse.parse(layout, fields({ q1: [yes, no] }), 'q1')).toEqual({ ok: false, problem: 'invalid' });
	});

	it('grades against the answer in the file', () => {
		expect(trueFalse.grade(trueQ, true)).toBe(1);
		expect(trueFalse.grade(trueQ, false)).toBe(0);
		expect(trueFalse.grade(falseQ, false)).toBe(1);
		expect(trueFalse.grade(falseQ, true)).toBe(0);
	});

	it('summarises and reveals in words', () => {
		expect(trueFalse.summarise(falseQ, true, 'vi')).toBe('Đúng');
		expect(trueFalse.reveal(falseQ, 'vi')).toBe('Sai');
		expect(trueFalse.reveal(trueQ, 'en')).toBe('True');
	});
});

describe('ordering', () => {
	const layout = ordering.layout(orderingQ, counterToken, reverse);
	/** Places keyed by item source: places[source] is the place the learner gives that item. */
	const placed = (places: (string | string[] | undefined)[]) =>
		fields(Object.fromEntries(places.flatMap((place, source) => (place === undefined ? [] : [[`q4-${tokenOf(layout, source)}`, place]]))));

	it('parses a permutation of places into the items in the learner’s order', () => {
		expect(ordering.parse(layout, placed(['1', '2', '3', '4']), 'q4')).toEqual({ ok: true, answer: [0, 1, 2, 3] });
		expect(ordering.parse(layout, placed(['2', '1', '4', '3']), 'q4')).toEqual({ ok: true, answer: [1, 0, 3, 2] });
		expect(ordering.parse(layout, placed(['4', '3', '2', '1']), 'q4')).toEqual({ ok: true, answer: [3, 2, 1, 0] });
	});

	it('is missing when an item has no place (absent or the blank "–")', () => {
		expect(ordering.parse(layout, placed(['1', '2', '3', undefined]), 'q4')).toEqual({ ok: false, problem: 'missing' });
		expect(ordering.parse(layout, placed(['1', '', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'missing' });
		expect(ordering.parse(layout, fields({}), 'q4')).toEqual({ ok: false, problem: 'missing' });
		// A plain "q4" field is not how ordering answers.
		expect(ordering.parse(layout, fields({ q4: '1' }), 'q4')).toEqual({ ok: false, problem: 'missing' });
	});

	it('is invalid when the places are not a permutation of 1…n', () => {
		expect(ordering.parse(layout, placed(['1', '1', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' }); // repeated
		expect(ordering.parse(layout, placed(['0', '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' }); // below range
		expect(ordering.parse(layout, placed(['1', '2', '3', '5']), 'q4')).toEqual({ ok: false, problem: 'invalid' }); // above range
		expect(ordering.parse(layout, placed(['-1', '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' });
		expect(ordering.parse(layout, placed(['1.5', '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' }); // not an integer
		expect(ordering.parse(layout, placed(['một', '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' });
		expect(ordering.parse(layout, placed(['Infinity', '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' });
		expect(ordering.parse(layout, placed([['1', '2'], '2', '3', '4']), 'q4')).toEqual({ ok: false, problem: 'invalid' }); // sent twice
	});

	it('grades all or nothing', () => {
		expect(ordering.grade(orderingQ, [0, 1, 2, 3])).toBe(1);
		expect(ordering.grade(orderingQ, [1, 0, 2, 3])).toBe(0);
		expect(ordering.grade(orderingQ, [0, 1, 3, 2])).toBe(0);
		expect(ordering.grade(orderingQ, [3, 2, 1, 0])).toBe(0);
		expect(ordering.grade(orderingQ, [0, 1, 2])).toBe(0);
	});

	it('parse then grade: the right places earn 1 whatever the shown order', () => {
		const shuffled = ordering.layout(orderingQ, counterToken, (items) => [items[2]!, items[0]!, items[3]!, items[1]!]);
		const right = fields(Object.fromEntries(shuffled.choices.map((c) => [`q1-${c.token}`, String(c.source + 1)])));
		const parsed = ordering.parse(shuffled, right, 'q1');
		expect(parsed).toEqual({ ok: true, answer: [0, 1, 2, 3] });
		// Numbering the items as shown (1, 2, 3, 4 top to bottom) is wrong for this shuffle.
		const asShown = fields(Object.fromEntries(shuffled.choices.map((c, i) => [`q1-${c.token}`, String(i + 1)])));
		const wrong = ordering.parse(shuffled, asShown, 'q1');
		expect(wrong.ok && ordering.grade(orderingQ, wrong.answer)).toBe(0);
	});

	it('summarises and reveals numbered steps', () => {
		expect(ordering.summarise(orderingQ, [1, 0, 2, 3], 'en')).toBe('1. Choose the procedure 2. Sign in 3. Submit 4. Get the file code');
		expect(ordering.reveal(orderingQ, 'vi')).toBe('1. Đăng nhập 2. Chọn thủ tục 3. Nộp hồ sơ 4. Nhận mã hồ sơ');
	});
});

describe('matching', () => {
	const layout = matching.layout(matchingQ, counterToken, reverse);
	/** rights[left] = the right side (source) the learner picks for that left side. */
	const matched = (rights: (number | string | undefined)[]) =>
		fields(
			Object.fromEntries(
				rights.flatMap((right, left) => (right === undefined ? [] : [[`q5-${tokenOf(layout, left)}`, typeof right === 'number' ? targetOf(layout, right) : right]]))
			)
		);

	it('parses one target token per left side into answer[left] = right', () => {
		expect(matching.parse(layout, matched([0, 1, 2, 3]), 'q5')).toEqual({ ok: true, answer: [0, 1, 2, 3] });
		expect(matching.parse(layout, matched([1, 0, 2, 3]), 'q5')).toEqual({ ok: true, answer: [1, 0, 2, 3] });
	});

	it('is missing when a left side has no pick', () => {
		expect(matching.parse(layout, matched([0, 1, 2, undefined]), 'q5')).toEqual({ ok: false, problem: 'missing' });
		expect(matching.parse(layout, matched([0, '', 2, 3]), 'q5')).toEqual({ ok: false, problem: 'missing' });
		expect(matching.parse(layout, fields({}), 'q5')).toEqual({ ok: false, problem: 'missing' });
	});

	it('is invalid with an unknown target token, a left-side token as target, or two picks', () => {
		expect(matching.parse(layout, matched([0, 1, 2, 'zzzzzzzz']), 'q5')).toEqual({ ok: false, problem: 'invalid' });
		expect(matching.parse(layout, matched([0, 1, 2, tokenOf(layout, 3)]), 'q5')).toEqual({ ok: false, problem: 'invalid' });
		const twice = fields({
			[`q5-${tokenOf(layout, 0)}`]: [targetOf(layout, 0), targetOf(layout, 1)],
			[`q5-${tokenOf(layout, 1)}`]: targetOf(layout, 1),
			[`q5-${tokenOf(layout, 2)}`]: targetOf(layout, 2),
			[`q5-${tokenOf(layout, 3)}`]: targetOf(layout, 3)
		});
		expect(matching.parse(layout, twice, 'q5')).toEqual({ ok: false, problem: 'invalid' });
	});

	it('grades the share of right pairs', () => {
		expect(matching.grade(matchingQ, [0, 1, 2, 3])).toBe(1);
		expect(matching.grade(matchingQ, [1, 0, 2, 3])).toBe(0.5);
		expect(matching.grade(matchingQ, [0, 2, 3, 1])).toBe(0.25);
		expect(matching.grade(matchingQ, [1, 2, 3, 0])).toBe(0);
		// The same right side picked twice: only the pair where it belongs counts.
		expect(matching.grade(matchingQ, [0, 0, 0, 0])).toBe(0.25);
	});

	it('summarises and reveals pairs', () => {
		expect(matching.summarise(matchingQ, [1, 0, 2, 3], 'en')).toBe('113 → Fire; 114 → Police; 115 → Ambulance; 111 → Child protection');
		expect(matching.reveal(matchingQ, 'vi')).toBe('113 → Công an; 114 → Cứu hỏa; 115 → Cấp cứu; 111 → Bảo vệ trẻ em');
	});
});

describe('short text', () => {
	const layout = shortText.layout(strictShort, counterToken, keep);
	const parse = (value: string | string[] | undefined) => shortText.parse(layout, fields(value === undefined ? {} : { q6: value }), 'q6');
	const answer = (question: Of<'short_text'>, typed: string) => {
		const parsed = shortText.parse(layout, fields({ q6: typed }), 'q6');
		if (!parsed.ok) throw new Error(`not parsed: ${parsed.problem}`);
		return shortText.grade(question, parsed.answer);
	};

	it('is missing with no field or only spaces', () => {
		expect(parse(undefined)).toEqual({ ok: false, problem: 'missing' });
		expect(parse('')).toEqual({ ok: false, problem: 'missing' });
		expect(parse(' \t\n ')).toEqual({ ok: false, problem: 'missing' });
	});

	it('is invalid when sent twice or longer than 200 characters', () => {
		expect(parse(['mã hồ sơ', 'file code'])).toEqual({ ok: false, problem: 'invalid' });
		expect(SHORT_TEXT_MAX).toBe(200);
		expect(parse('a'.repeat(201))).toEqual({ ok: false, problem: 'invalid' });
		expect(parse('a'.repeat(200))).toEqual({ ok: true, answer: 'a'.repeat(200) });
	});

	it('measures the length after NFC and space clean-up', () => {
		// 200 letters in decomposed form are 400 code units, still 200 characters once composed.
		const decomposed = 'ệ'.repeat(200).normalize('NFD');
		expect(decomposed.length).toBeGreaterThan(200);
		expect(parse(decomposed)).toEqual({ ok: true, answer: 'ệ'.repeat(200) });
		expect(parse(`  ${'a'.repeat(200)}  `)).toEqual({ ok: true, answer: 'a'.repeat(200) });
	});

	it('stores the answer composed (NFC) with spaces collapsed', () => {
		const typed = '  Mã   hồ\tsơ '.normalize('NFD');
		const parsed = parse(typed);
		expect(parsed).toEqual({ ok: true, answer: 'Mã hồ sơ' });
		expect(parsed.ok && parsed.answer === parsed.answer.normalize('NFC')).toBe(true);
	});

	it('accepts the answer whatever the Unicode form, case and spacing', () => {
		expect(answer(strictShort, 'mã hồ sơ')).toBe(1);
		expect(answer(strictShort, 'mã hồ sơ'.normalize('NFD'))).toBe(1);
		expect(answer(strictShort, 'MÃ HỒ SƠ')).toBe(1);
		expect(answer(strictShort, '  Mã   Hồ  Sơ  ')).toBe(1);
		expect(answer(strictShort, 'mã số hồ sơ')).toBe(1);
	});

	it('accepted answers of either language count', () => {
		expect(answer(strictShort, 'File Code')).toBe(1);
		expect(answer(looseShort, 'file code')).toBe(1);
		expect(answer(strictShort, 'file')).toBe(0);
	});

	it('without ignoreDiacritics the accents must be right', () => {
		expect(answer(strictShort, 'ma ho so')).toBe(0);
		expect(answer(strictShort, 'mà hồ sơ')).toBe(0);
		expect(answer(strictShort, 'mã hồ số')).toBe(0);
	});

	it('with ignoreDiacritics the accents may be left out or wrong, đ counting as d', () => {
		expect(answer(looseShort, 'ma ho so')).toBe(1);
		expect(answer(looseShort, 'MA HO SO')).toBe(1);
		expect(answer(looseShort, 'mà hồ sớ')).toBe(1);
		expect(answer(looseShort, 'ma so ho so')).toBe(1);
		expect(answer(looseShort, 'ma ho')).toBe(0);
		const dQuestion = q({ ...base('chu-d'), type: 'short_text', accepted: { vi: ['Đăng ký'], en: ['sign up'] }, ignoreDiacritics: true });
		expect(answer(dQuestion, 'dang ky')).toBe(1);
		expect(answer({ ...dQuestion, ignoreDiacritics: false }, 'dang ky')).toBe(0);
		expect(answer({ ...dQuestion, ignoreDiacritics: false }, 'ĐĂNG KÝ')).toBe(1);
	});

	it('normaliseShortText composes, lower-cases and collapses spaces', () => {
		expect(normaliseShortText('  Mã\u00a0 HỒ sơ '.normalize('NFD'), false)).toBe('mã hồ sơ');
		expect(normaliseShortText('Mã HỒ sơ', true)).toBe('ma ho so');
	});

	it('summarises what was typed and reveals the accepted answers of the page language', () => {
		expect(shortText.summarise(strictShort, 'ma ho so', 'vi')).toBe('ma ho so');
		expect(shortText.reveal(strictShort, 'vi')).toBe('mã hồ sơ / mã số hồ sơ');
		expect(shortText.reveal(strictShort, 'en')).toBe('file code');
	});
});
