import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogCourse } from '../../src/lib/server/content/catalog';
import { catalogOfFolder } from '../../src/lib/server/content/files';
import type { Practice } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { practiceAnswers } from '../../src/lib/server/db/schema';
import { practiceFromForm } from '../../src/lib/server/progress/lesson-page';
import { PAYMENT_FIELDS, judgePracticeAnswer, savePracticeAnswer, savedPracticeAnswers } from '../../src/lib/server/progress/practice';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const both = (text: string) => ({ vi: text, en: text });

const scam: Practice = {
	kind: 'spot-the-scam',
	title: both('Tin nhắn'),
	messages: [
		{ id: 'tin-lua', channel: 'sms', from: both('Ngân hàng'), text: both('Gửi mã OTP'), verdict: 'scam', why: both('Không ai xin OTP') },
		{ id: 'tin-that', channel: 'zalo', from: both('Trưởng thôn'), text: both('Họp thôn tối nay'), verdict: 'safe', why: both('Tin bình thường') }
	]
};

const pay = (problems: ('payee' | 'amount' | 'purpose')[]): Practice => ({
	kind: 'check-before-pay',
	title: both('Trả tiền'),
	expected: { payee: both('A'), amount: 1000, purpose: both('Gạo') },
	screen: { payee: both('B'), amount: 10000, purpose: both('Gạo'), bank: both('Ngân hàng tập') },
	problems,
	explanation: both('Vì')
});

const steps: Practice = {
	kind: 'mock-application',
	title: both('Hồ sơ'),
	steps: [
		{ id: 'dang-nhap', title: both('Đăng nhập'), text: both('Làm') },
		{ id: 'nop', title: both('Nộp'), text: both('Làm') }
	]
};

describe('judgePracticeAnswer: spot-the-scam', () => {
	it('marks the right verdict correct and the wrong one not', () => {
		expect(judgePracticeAnswer(scam, 'tin-lua', 'scam')).toEqual({ itemId: 'tin-lua', answer: 'scam', correct: true });
		expect(judgePracticeAnswer(scam, 'tin-lua', 'safe')).toEqual({ itemId: 'tin-lua', answer: 'safe', correct: false });
		expect(judgePracticeAnswer(scam, 'tin-that', 'safe')).toEqual({ itemId: 'tin-that', answer: 'safe', correct: true });
		expect(judgePracticeAnswer(scam, 'tin-that', 'scam')).toEqual({ itemId: 'tin-that', answer: 'scam', correct: false });
	});

	it('refuses a message the practice does not have', () => {
		expect(judgePracticeAnswer(scam, 'tin-khac', 'scam')).toBeNull();
		expect(judgePracticeAnswer(scam, '', 'scam')).toBeNull();
		expect(judgePracticeAnswer(scam, 'screen', 'scam')).toBeNull();
	});

	it('refuses an answer other than scam or safe', () => {
		for (const answer of ['', 'Scam', 'SAFE', ' scam', 'maybe', 'done', 'none', 'scam,safe']) expect(judgePracticeAnswer(scam, 'tin-lua', answer), answer).toBeNull();
	});
});

describe('judgePracticeAnswer: check-before-pay', () => {
	const twoWrong = pay(['payee', 'amount']);

	it('is correct for exactly the fields that are wrong, in any order, and saves them sorted', () => {
		expect(judgePracticeAnswer(twoWrong, 'screen', 'amount,payee')).toEqual({ itemId: 'screen', answer: 'amount,payee', correct: true });
		expect(judgePracticeAnswer(twoWrong, 'screen', 'payee,amount')).toEqual({ itemId: 'screen', answer: 'amount,payee', correct: true });
	});

	it('is wrong for too few, too many or other fields', () => {
		expect(judgePracticeAnswer(twoWrong, 'screen', 'amount')).toEqual({ itemId: 'screen', answer: 'amount', correct: false });
		expect(judgePracticeAnswer(twoWrong, 'screen', 'purpose,payee,amount')).toEqual({ itemId: 'screen', answer: 'amount,payee,purpose', correct: false });
		expect(judgePracticeAnswer(twoWrong, 'screen', 'purpose')).toEqual({ itemId: 'screen', answer: 'purpose', correct: false });
		expect(judgePracticeAnswer(pay(['purpose']), 'screen', 'purpose')).toEqual({ itemId: 'screen', answer: 'purpose', correct: true });
	});

	it('takes "none" as finding nothing wrong, which is wrong when something is', () => {
		expect(judgePracticeAnswer(twoWrong, 'screen', 'none')).toEqual({ itemId: 'screen', answer: 'none', correct: false });
	});

	it('refuses duplicates, unknown fields, empty parts and any item but the screen', () => {
		for (const answer of ['amount,amount', 'payee,amount,payee', 'bank', 'amount,bank', '', 'amount,', ',amount', 'amount, payee', 'Amount', 'none,amount', 'none,none']) {
			expect(judgePracticeAnswer(twoWrong, 'screen', answer), JSON.stringify(answer)).toBeNull();
		}
		expect(judgePracticeAnswer(twoWrong, 'man-hinh', 'amount,payee')).toBeNull();
		expect(judgePracticeAnswer(twoWrong, '', 'none')).toBeNull();
	});

	it('knows the three payment fields', () => {
		expect([...PAYMENT_FIELDS].sort()).toEqual(['amount', 'payee', 'purpose']);
	});
});

describe('judgePracticeAnswer: mock-application', () => {
	it('accepts "done" for a step it has, with no right or wrong', () => {
		expect(judgePracticeAnswer(steps, 'dang-nhap', 'done')).toEqual({ itemId: 'dang-nhap', answer: 'done', correct: null });
		expect(judgePracticeAnswer(steps, 'nop', 'done')).toEqual({ itemId: 'nop', answer: 'done', correct: null });
	});

	it('refuses another answer or an unknown step', () => {
		for (const answer of ['', 'Done', 'skip', 'scam', 'none']) expect(judgePracticeAnswer(steps, 'nop', answer), answer).toBeNull();
		expect(judgePracticeAnswer(steps, 'buoc-khac', 'done')).toBeNull();
		expect(judgePracticeAnswer(steps, 'screen', 'done')).toBeNull();
	});
});

describe('judgePracticeAnswer on the shipped practice sets', () => {
	const catalog = catalogOfFolder('content');
	const practice = (courseId: string, practiceId: string): Practice => {
		const found = catalog.byId.get(courseId)?.practice.get(practiceId);
		if (!found) throw new Error(`no practice ${practiceId}`);
		return found;
	};

	it('grades the payment screens by their listed problems', () => {
		expect(judgePracticeAnswer(practice('thanh-toan-dien-tu-an-toan', 'kiem-tra-so-tien-tap-hoa'), 'screen', 'amount')?.correct).toBe(true);
		expect(judgePracticeAnswer(practice('thanh-toan-dien-tu-an-toan', 'kiem-tra-so-tien-tap-hoa'), 'screen', 'payee')?.correct).toBe(false);
		expect(judgePracticeAnswer(practice('thanh-toan-dien-tu-an-toan', 'kiem-tra-ten-nguoi-nhan-truong-hoc'), 'screen', 'payee')?.correct).toBe(true);
		expect(judgePracticeAnswer(practice('thanh-toan-dien-tu-an-toan', 'kiem-tra-ten-nguoi-nhan-truong-hoc'), 'screen', 'none')?.correct).toBe(false);
	});

	it('grades the scam messages by their verdict', () => {
		const messages = practice('an-toan-thong-tin-phong-chong-lua-dao', 'nhan-dien-tin-nhan-lua-dao');
		expect(judgePracticeAnswer(messages, 'khoa-tai-khoan', 'scam')?.correct).toBe(true);
		expect(judgePracticeAnswer(messages, 'bien-dong-so-du', 'scam')?.correct).toBe(false);
		expect(judgePracticeAnswer(messages, 'bien-dong-so-du', 'safe')?.correct).toBe(true);
	});

	it('accepts each step of the mock application', () => {
		const application = practice('dich-vu-cong-truc-tuyen', 'nop-ho-so-luyen-tap');
		expect(application.kind).toBe('mock-application');
		if (application.kind !== 'mock-application') return;
		for (const step of application.steps) expect(judgePracticeAnswer(application, step.id, 'done')).toEqual({ itemId: step.id, answer: 'done', correct: null });
	});
});

describe('saving practice answers', () => {
	const T1 = new Date('2025-03-01T01:00:00.000Z');
	const T2 = new Date('2025-03-02T02:00:00.000Z');
	const T3 = new Date('2025-03-03T03:00:00.000Z');
	const course = { id: 'khoa-luyen-tap' } as CatalogCourse;
	let db: AppDatabase;
	let learner: number;
	let other: number;

	beforeEach(() => {
		db = testDatabase();
		const province = makeProvince(db).id;
		const commune = makeCommune(db, province).id;
		learner = makePerson(db, province, { communeId: commune }).id;
		other = makePerson(db, province, { communeId: commune }).id;
	});

	const rows = (personId: number) =>
		db
			.select()
			.from(practiceAnswers)
			.where(and(eq(practiceAnswers.personId, personId), eq(practiceAnswers.courseId, course.id)))
			.orderBy(practiceAnswers.practiceId, practiceAnswers.itemId)
			.all();

	it('saves the first answer with one try', () => {
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		expect(rows(learner)).toEqual([
			{ personId: learner, courseId: course.id, practiceId: 'tin-nhan', itemId: 'tin-lua', answer: 'safe', correct: false, tries: 1, firstAnsweredAt: T1, answeredAt: T1 }
		]);
	});

	it('keeps one row per item, replacing the answer, counting the tries and keeping the first time', () => {
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'scam', correct: true }, T2);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'scam', correct: true }, T3);
		expect(rows(learner)).toEqual([
			{ personId: learner, courseId: course.id, practiceId: 'tin-nhan', itemId: 'tin-lua', answer: 'scam', correct: true, tries: 3, firstAnsweredAt: T1, answeredAt: T3 }
		]);
	});

	it('keeps a null "correct" for a mock-application step, even over an earlier graded answer', () => {
		savePracticeAnswer(db, learner, course.id, 'ho-so', { itemId: 'nop', answer: 'scam', correct: true }, T1);
		savePracticeAnswer(db, learner, course.id, 'ho-so', { itemId: 'nop', answer: 'done', correct: null }, T2);
		expect(rows(learner)).toEqual([expect.objectContaining({ itemId: 'nop', answer: 'done', correct: null, tries: 2 })]);
	});

	it('counts items, practice sets, courses and people apart', () => {
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'scam', correct: true }, T1);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-that', answer: 'scam', correct: false }, T1);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan-2', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		savePracticeAnswer(db, learner, 'khoa-khac', 'tin-nhan', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		savePracticeAnswer(db, other, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'scam', correct: true }, T2);
		expect(rows(learner).map((r) => [r.practiceId, r.itemId, r.tries])).toEqual([
			['tin-nhan', 'tin-lua', 2],
			['tin-nhan', 'tin-that', 1],
			['tin-nhan-2', 'tin-lua', 1]
		]);
		expect(rows(other).map((r) => r.tries)).toEqual([1]);
	});

	it("savedPracticeAnswers gives this person's latest answers in this course, by practice set", () => {
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'safe', correct: false }, T1);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-lua', answer: 'scam', correct: true }, T2);
		savePracticeAnswer(db, learner, course.id, 'tin-nhan', { itemId: 'tin-that', answer: 'safe', correct: true }, T2);
		savePracticeAnswer(db, learner, course.id, 'ho-so', { itemId: 'nop', answer: 'done', correct: null }, T2);
		savePracticeAnswer(db, learner, 'khoa-khac', 'tin-nhan', { itemId: 'tin-khac', answer: 'safe', correct: true }, T2);
		savePracticeAnswer(db, other, course.id, 'tin-nhan', { itemId: 'tin-cua-nguoi-khac', answer: 'safe', correct: true }, T2);
		const saved = savedPracticeAnswers(db, learner, course);
		expect([...saved.keys()].sort()).toEqual(['ho-so', 'tin-nhan']);
		expect(saved.get('tin-nhan')?.sort((a, b) => a.itemId.localeCompare(b.itemId))).toEqual([
			{ itemId: 'tin-lua', answer: 'scam', correct: true },
			{ itemId: 'tin-that', answer: 'safe', correct: true }
		]);
		expect(saved.get('ho-so')).toEqual([{ itemId: 'nop', answer: 'done', correct: null }]);
		expect(savedPracticeAnswers(db, other, { id: 'khoa-khac' } as CatalogCourse).size).toBe(0);
	});

	it('a judged answer saves as judged (the way the lesson page does it)', () => {
		const judged = judgePracticeAnswer(pay(['payee', 'amount']), 'screen', 'payee,amount');
		expect(judged).not.toBeNull();
		savePracticeAnswer(db, learner, course.id, 'tra-tien', judged!, T1);
		expect(savedPracticeAnswers(db, learner, course).get('tra-tien')).toEqual([{ itemId: 'screen', answer: 'amount,payee', correct: true }]);
	});
});

describe('practiceFromForm (what the lesson page posts)', () => {
	const catalog = catalogOfFolder('content');
	const found = (courseId: string, lessonId: string) => {
		const course = catalog.byId.get(courseId);
		const lesson = course?.lessons.find((l) => l.id === lessonId);
		if (!course || !lesson) throw new Error(`no lesson ${lessonId}`);
		return { course, lesson };
	};
	const form = (fields: Record<string, string>, checked: string[] = []) => ({
		text: (name: string) => fields[name] ?? '',
		checked: (name: string) => checked.includes(name)
	});
	const paying = found('thanh-toan-dien-tu-an-toan', 'kiem-tra-truoc-khi-tra-tien');

	it('turns the ticked payment fields into the answer, or "none" when nothing is ticked', () => {
		expect(practiceFromForm(paying, form({ practice: 'kiem-tra-so-tien-tap-hoa' }, ['purpose', 'payee']))).toMatchObject({
			practiceId: 'kiem-tra-so-tien-tap-hoa',
			itemId: 'screen',
			answer: 'payee,purpose'
		});
		expect(practiceFromForm(paying, form({ practice: 'kiem-tra-so-tien-tap-hoa', item: 'ignored', answer: 'amount' }))).toMatchObject({ itemId: 'screen', answer: 'none' });
	});

	it('passes item and answer through for the other kinds', () => {
		const scams = found('an-toan-thong-tin-phong-chong-lua-dao', 'cac-chieu-lua-dao-thuong-gap');
		expect(practiceFromForm(scams, form({ practice: 'nhan-dien-tin-nhan-lua-dao', item: 'khoa-tai-khoan', answer: 'scam' }))).toMatchObject({
			practiceId: 'nhan-dien-tin-nhan-lua-dao',
			itemId: 'khoa-tai-khoan',
			answer: 'scam'
		});
	});

	it('refuses a practice set not placed in this lesson, even one of the same course', () => {
		expect(practiceFromForm(paying, form({ practice: 'khong-co' }))).toBeNull();
		expect(practiceFromForm(paying, form({}))).toBeNull();
		const otherLesson = found('thanh-toan-dien-tu-an-toan', 'tra-tien-bang-vietqr');
		expect(practiceFromForm(otherLesson, form({ practice: 'kiem-tra-so-tien-tap-hoa' }, ['amount']))).toBeNull();
		const otherCourse = found('an-toan-thong-tin-phong-chong-lua-dao', 'cac-chieu-lua-dao-thuong-gap');
		expect(practiceFromForm(otherCourse, form({ practice: 'kiem-tra-so-tien-tap-hoa' }, ['amount']))).toBeNull();
	});
});
