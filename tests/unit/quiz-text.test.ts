import { describe, expect, it } from 'vitest';
import { answersGivenAway, containsWords, quizSecrets, shownTexts } from '../../src/lib/server/content/quiz-text';
import { type Quiz, quizSchema } from '../../src/lib/server/content/schema';

const both = (vi: string, en: string) => ({ vi, en });
const base = (id: string) => ({ id, tags: ['4.2'], prompt: both(`Câu hỏi ${id}?`, `Question ${id}?`), explanation: both('Giải thích', 'Explanation') });
const makeQuiz = (questions: Record<string, unknown>[]): Quiz =>
	quizSchema.parse({ id: 'final', final: true, draw: 1, title: both('Kiểm tra', 'Quiz'), questions });

const singleQ = {
	...base('mot'),
	type: 'single',
	options: [
		{ id: 'a', correct: false, text: both('Bấm vào link', 'Tap the link') },
		{ id: 'b', correct: true, text: both('Gọi tổng đài', 'Call the hotline') }
	]
};
const multipleQ = {
	...base('nhieu'),
	type: 'multiple',
	options: [
		{ id: 'a', correct: true, text: both('Mã OTP', 'OTP code') },
		{ id: 'b', correct: true, text: both('Mật khẩu', 'Password') },
		{ id: 'c', correct: false, text: both('Tên xã', 'Commune name') }
	]
};
const trueFalseQ = { ...base('dung-sai'), type: 'true_false', answer: true };
const orderingQ = { ...base('thu-tu'), type: 'ordering', items: [both('Đăng nhập', 'Sign in'), both('Nộp hồ sơ', 'Submit')] };
const matchingQ = { ...base('ghep'), type: 'matching', pairs: [{ left: both('113', '113'), right: both('Công an', 'Police') }, { left: both('115', '115'), right: both('Cấp cứu', 'Ambulance') }] };
const shortQ = { ...base('ngan'), type: 'short_text', accepted: { vi: ['mã hồ sơ', 'mã số hồ sơ'], en: ['file code'] }, ignoreDiacritics: true };

describe('quizSecrets', () => {
	it('lists the right options of choice questions and every accepted short answer, in both languages', () => {
		const secrets = quizSecrets(makeQuiz([singleQ, multipleQ, shortQ]));
		expect(new Set(secrets)).toEqual(new Set(['Gọi tổng đài', 'Call the hotline', 'Mã OTP', 'OTP code', 'Mật khẩu', 'Password', 'mã hồ sơ', 'mã số hồ sơ', 'file code']));
	});

	it('never lists wrong options', () => {
		const secrets = quizSecrets(makeQuiz([singleQ, multipleQ]));
		for (const wrong of ['Bấm vào link', 'Tap the link', 'Tên xã', 'Commune name']) expect(secrets).not.toContain(wrong);
	});

	it('true/false, ordering and matching questions have no secret texts (their texts are all shown)', () => {
		expect(quizSecrets(makeQuiz([trueFalseQ, orderingQ, matchingQ]))).toEqual([]);
	});

	it('leaves out a right text that is also a wrong option elsewhere in the quiz: the page shows it anyway', () => {
		const other = {
			...base('khac'),
			type: 'single',
			options: [
				{ id: 'a', correct: true, text: both('Đến công an xã', 'Go to the commune police') },
				{ id: 'b', correct: false, text: both('Gọi tổng đài', 'Call the hotline') }
			]
		};
		const secrets = quizSecrets(makeQuiz([singleQ, other]));
		expect(secrets).not.toContain('Gọi tổng đài');
		expect(secrets).not.toContain('Call the hotline');
		expect(new Set(secrets)).toEqual(new Set(['Đến công an xã', 'Go to the commune police']));
		// A short answer that is also a wrong option somewhere is shown anyway too.
		const shownShort = { ...shortQ, accepted: { vi: ['Tên xã'], en: ['file code'] } };
		expect(quizSecrets(makeQuiz([multipleQ, shownShort]))).not.toContain('Tên xã');
	});

	it('lists each secret once', () => {
		const same = { ...base('giong'), type: 'short_text', accepted: { vi: ['OTP'], en: ['OTP'] }, ignoreDiacritics: false };
		const secrets = quizSecrets(makeQuiz([same, { ...same, id: 'giong-2' }]));
		expect(secrets).toEqual(['OTP']);
	});
});

describe('containsWords', () => {
	it('finds whole words, ignoring case, accents and extra spaces', () => {
		expect(containsWords('Hãy ghi lại Mã Hồ Sơ để tra cứu', 'mã hồ sơ')).toBe(true);
		expect(containsWords('Hãy ghi lại ma ho so để tra cứu', 'mã hồ sơ')).toBe(true);
		expect(containsWords('Hãy ghi lại mã   hồ\nsơ', 'mã hồ sơ')).toBe(true);
		expect(containsWords('Hãy ghi lại mã hồ sơ'.normalize('NFD'), 'MÃ HỒ SƠ')).toBe(true);
		expect(containsWords('Đăng ký tài khoản', 'dang ky')).toBe(true);
	});

	it('does not match inside a longer word or number', () => {
		expect(containsWords('Mãi mãi', 'mã')).toBe(false);
		expect(containsWords('Gọi 1130', '113')).toBe(false);
		expect(containsWords('Gọi 5113', '113')).toBe(false);
		expect(containsWords('OTPs', 'OTP')).toBe(false);
		expect(containsWords('mã hồ sơn', 'mã hồ sơ')).toBe(false);
	});

	it('matches next to punctuation and at either end', () => {
		expect(containsWords('Không đọc mã OTP, dù ai hỏi', 'OTP')).toBe(true);
		expect(containsWords('OTP', 'otp')).toBe(true);
		expect(containsWords('(113)', '113')).toBe(true);
		expect(containsWords('“mã hồ sơ”.', 'mã hồ sơ')).toBe(true);
	});

	it('treats the needle as text, not as a pattern', () => {
		expect(containsWords('Số tiền: 1.000 đồng', '1.000')).toBe(true);
		expect(containsWords('Số tiền: 1x000 đồng', '1.000')).toBe(false);
		expect(containsWords('a+b', 'a+b')).toBe(true);
		expect(containsWords('aab', 'a+b')).toBe(false);
		expect(containsWords('bất kỳ', '.*')).toBe(false);
	});

	it('an empty needle matches nothing', () => {
		expect(containsWords('mọi thứ', '')).toBe(false);
		expect(containsWords('mọi thứ', '   ')).toBe(false);
	});
});

describe('shownTexts', () => {
	it('lists prompts, options, items and pair sides in both languages, never accepted answers', () => {
		const quiz = makeQuiz([singleQ, orderingQ, matchingQ, shortQ, trueFalseQ]);
		const [single, ordering, matching, short, trueFalse] = quiz.questions.map(shownTexts);
		expect(single).toEqual(['Câu hỏi mot?', 'Question mot?', 'Bấm vào link', 'Tap the link', 'Gọi tổng đài', 'Call the hotline']);
		expect(ordering).toEqual(['Câu hỏi thu-tu?', 'Question thu-tu?', 'Đăng nhập', 'Sign in', 'Nộp hồ sơ', 'Submit']);
		expect(matching).toEqual(['Câu hỏi ghep?', 'Question ghep?', '113', '113', 'Công an', 'Police', '115', '115', 'Cấp cứu', 'Ambulance']);
		expect(short).toEqual(['Câu hỏi ngan?', 'Question ngan?']);
		expect(trueFalse).toEqual(['Câu hỏi dung-sai?', 'Question dung-sai?']);
	});
});

describe('answersGivenAway', () => {
	it('finds nothing when no question shows a short answer', () => {
		expect(answersGivenAway(makeQuiz([singleQ, multipleQ, orderingQ, matchingQ, shortQ]))).toEqual([]);
	});

	it('reports an accepted answer shown in another question’s option, with both ids', () => {
		const giveaway = {
			...base('lo-dap-an'),
			type: 'single',
			options: [
				{ id: 'a', correct: true, text: both('Ghi lại Mã Hồ Sơ', 'Write down the code') },
				{ id: 'b', correct: false, text: both('Không cần', 'No need') }
			]
		};
		expect(answersGivenAway(makeQuiz([shortQ, giveaway]))).toEqual([{ questionId: 'ngan', answer: 'mã hồ sơ', shownIn: 'lo-dap-an' }]);
	});

	it('ignores accents when looking, and looks at the English texts too', () => {
		const unaccented = { ...orderingQ, items: [both('Ghi ma so ho so', 'Note it'), both('Nộp', 'Send the file code')] };
		expect(answersGivenAway(makeQuiz([shortQ, unaccented]))).toEqual([
			{ questionId: 'ngan', answer: 'mã số hồ sơ', shownIn: 'thu-tu' },
			{ questionId: 'ngan', answer: 'file code', shownIn: 'thu-tu' }
		]);
	});

	it('finds an answer in a prompt, including the question’s own prompt', () => {
		const ownPrompt = { ...shortQ, prompt: both('Số này gọi là mã hồ sơ. Nó gọi là gì?', 'What is it called?') };
		expect(answersGivenAway(makeQuiz([ownPrompt]))).toEqual([{ questionId: 'ngan', answer: 'mã hồ sơ', shownIn: 'ngan' }]);
		const otherPrompt = { ...trueFalseQ, prompt: both('Cần nhớ OTP?', 'Keep the file code?') };
		expect(answersGivenAway(makeQuiz([shortQ, otherPrompt]))).toEqual([{ questionId: 'ngan', answer: 'file code', shownIn: 'dung-sai' }]);
	});

	it('does not report an answer that only occurs inside a longer word or number', () => {
		const emergency = { ...base('so-khan'), type: 'short_text', accepted: { vi: ['113'], en: ['113'] }, ignoreDiacritics: false };
		const numbers = { ...matchingQ, pairs: [{ left: both('1130', '1130'), right: both('Sai', 'Wrong') }, { left: both('115', '115'), right: both('Cấp cứu', 'Ambulance') }] };
		expect(answersGivenAway(makeQuiz([emergency, numbers]))).toEqual([]);
		expect(answersGivenAway(makeQuiz([emergency, matchingQ]))).toEqual([{ questionId: 'so-khan', answer: '113', shownIn: 'ghep' }]);
	});

	it('reports an answer given in both languages once', () => {
		const same = { ...base('ma-xac-thuc'), type: 'short_text', accepted: { vi: ['OTP'], en: ['OTP'] }, ignoreDiacritics: false };
		expect(answersGivenAway(makeQuiz([same, multipleQ]))).toEqual([{ questionId: 'ma-xac-thuc', answer: 'OTP', shownIn: 'nhieu' }]);
	});
});
