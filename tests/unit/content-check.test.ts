import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, checkSources, findPhoneNumbers, findUrls, formatProblem } from '../../src/lib/server/content/check';
import { readContentFiles } from '../../src/lib/server/content/files';

const course = (fields: Record<string, string> = {}) => {
	const base: Record<string, string> = {
		id: 'khoa-thu',
		version: '1',
		order: '1',
		status: 'published',
		audience: 'all',
		minutes: '20',
		competencies: "['4.2']",
		lessonsInOrder: 'false',
		completion: 'all-lessons',
		title: '{ vi: Khóa thử, en: Test course }',
		summary: '{ vi: Tóm tắt, en: Summary }',
		...fields
	};
	return `---\n${Object.entries(base)
		.filter(([, v]) => v !== '')
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n')}\n---\n`;
};
const lesson = (id = 'bai-mot', extra = '') => `---\nid: ${id}\ntitle: Bài một\nminutes: 5\n---\n\nNội dung.${extra}\n`;

describe('the shipped course content', () => {
	const files = readContentFiles('content');
	const { courses, problems } = checkContent(files);

	it('passes every schema and cross-check', () => {
		expect(problems.map(formatProblem)).toEqual([]);
	});

	it('has four published courses, each with 4 to 8 lessons in Vietnamese and English', () => {
		expect(courses.map((c) => c.meta.id)).toEqual([
			'dich-vu-cong-truc-tuyen',
			'thanh-toan-dien-tu-an-toan',
			'an-toan-thong-tin-phong-chong-lua-dao',
			'ky-nang-so-can-bo-cong-chuc'
		]);
		for (const c of courses) {
			expect(c.meta.status).toBe('published');
			expect(c.lessons.length).toBeGreaterThanOrEqual(4);
			expect(c.lessons.length).toBeLessThanOrEqual(8);
			expect(c.lessons.every((l) => l.english !== null && l.meta.minutes >= 3 && l.meta.minutes <= 7)).toBe(true);
		}
	});

	it('lists every URL and phone number with its official source', () => {
		expect(checkSources(files, readFileSync('content/sources.yaml', 'utf8')).map(formatProblem)).toEqual([]);
	});
});

describe('checkContent finds', () => {
	const check = (files: Record<string, string>) => checkContent(Object.entries(files).map(([p, text]) => ({ path: p, text }))).problems;

	it('a missing or wrong field, naming file, field and what was expected', () => {
		const problems = check({ 'courses/01-a/course.md': course({ version: 'one', audience: 'everyone', competencies: "['9.9']" }), 'courses/01-a/01-x.vi.svx': lesson() });
		expect(problems.map((p) => [p.file, p.field])).toEqual([
			['courses/01-a/course.md', 'version'],
			['courses/01-a/course.md', 'audience'],
			['courses/01-a/course.md', 'competencies.0']
		]);
		expect(check({ 'courses/01-a/course.md': course({ title: '' }), 'courses/01-a/01-x.vi.svx': lesson() })[0]).toMatchObject({ field: 'title' });
	});

	it('an unknown field, a lesson without frontmatter and broken YAML with its line', () => {
		expect(check({ 'courses/01-a/course.md': course({ colour: 'red' }), 'courses/01-a/01-x.vi.svx': lesson() })[0]).toMatchObject({ field: 'colour', expected: 'no such field (check its spelling)' });
		expect(check({ 'courses/01-a/course.md': course(), 'courses/01-a/01-x.vi.svx': 'no frontmatter' })[0]).toMatchObject({ field: 'frontmatter' });
		expect(check({ 'courses/01-a/course.md': '---\nid: [unclosed\n---\n', 'courses/01-a/01-x.vi.svx': lesson() })[0]?.field).toMatch(/^line \d+$/);
	});

	it('an English lesson whose id differs, a lesson without Vietnamese, and duplicate ids', () => {
		const problems = check({
			'courses/01-a/course.md': course(),
			'courses/01-a/01-x.vi.svx': lesson('bai-mot'),
			'courses/01-a/01-x.en.svx': lesson('lesson-one'),
			'courses/01-a/02-y.en.svx': lesson('bai-hai'),
			'courses/01-a/03-z.vi.svx': lesson('bai-mot'),
			'courses/02-b/course.md': course(),
			'courses/02-b/01-x.vi.svx': lesson()
		});
		expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual([
			'courses/01-a/01-x.en.svx id',
			'courses/01-a/02-y.vi.svx file',
			'courses/01-a/03-z.vi.svx id',
			'courses/02-b/course.md id'
		]);
	});

	it('a course whose completion needs a final quiz that is not there, and a practice set that does not exist', () => {
		const problems = check({
			'courses/01-a/course.md': course({ completion: 'all-lessons-and-quiz' }),
			'courses/01-a/01-x.vi.svx': lesson('bai-mot', '\n<SpotTheScam set="khong-co" />')
		});
		expect(problems.map((p) => p.field)).toEqual(['completion', 'set="khong-co"']);
	});

	it('a misnamed lesson file, instead of letting the lesson vanish; a broken only lesson without a false "no lessons"', () => {
		for (const name of ['1-bai-bon.vi.svx', '04-Bai-Bon.vi.svx', '04_bai_bon.vi.svx', '04-bai-bon.vi.md', '04-bai-bon.svx']) {
			const problems = check({ 'courses/01-a/course.md': course({ completion: 'all-lessons' }), 'courses/01-a/01-x.vi.svx': lesson(), [`courses/01-a/${name}`]: lesson() });
			expect(problems, name).toEqual([expect.objectContaining({ file: `courses/01-a/${name}`, field: 'file name' })]);
		}
		const broken = check({ 'courses/01-a/course.md': course({ completion: 'all-lessons' }), 'courses/01-a/01-x.vi.svx': '---\nid: x\ntitle: X\nminutes: 99\n---\n' });
		expect(broken.map((p) => `${p.file}: ${p.field}`)).toEqual(['courses/01-a/01-x.vi.svx: minutes']);
	});

	it('a quiz field that is wrong, with the line it is on; a picture without alt text', () => {
		const quiz = `id: final\nfinal: true\ndraw: 1\ntitle: { vi: Kiểm tra, en: Quiz }\nquestions:\n  - id: q1\n    type: true_false\n    tags: ['4.2']\n    prompt: { vi: Hỏi, en: Ask }\n    explanation: { vi: Vì, en: Because }\n    answer: maybe\n`;
		const problems = check({ 'courses/01-a/course.md': course({ completion: 'quiz-only' }), 'courses/01-a/01-x.vi.svx': `${lesson()}\n<Figure src={x} alt="" />\n`, 'courses/01-a/quizzes/final.quiz.yaml': quiz });
		expect(problems).toContainEqual(expect.objectContaining({ file: 'courses/01-a/quizzes/final.quiz.yaml', field: 'questions.0.answer', line: 11 }));
		expect(formatProblem(problems.find((p) => p.field === 'questions.0.answer')!)).toMatch(/^courses\/01-a\/quizzes\/final\.quiz\.yaml:11: questions\.0\.answer: expected /);
		expect(problems).toContainEqual(expect.objectContaining({ file: 'courses/01-a/01-x.vi.svx', field: '<Figure>' }));
	});

	it('a quiz with a single-choice question that has two right options, or draws more than its bank', () => {
		const quiz = `id: final\nfinal: true\ndraw: 3\ntitle: { vi: Kiểm tra, en: Quiz }\nquestions:\n  - id: q1\n    type: single\n    tags: ['4.2']\n    prompt: { vi: Hỏi, en: Ask }\n    explanation: { vi: Vì, en: Because }\n    options:\n      - { id: a, correct: true, text: { vi: Có, en: Yes } }\n      - { id: b, correct: true, text: { vi: Không, en: No } }\n`;
		const problems = check({ 'courses/01-a/course.md': course({ completion: 'quiz-only' }), 'courses/01-a/01-x.vi.svx': lesson(), 'courses/01-a/quizzes/final.quiz.yaml': quiz });
		expect(problems.map((p) => p.expected)).toEqual(
			expect.arrayContaining(['a single-choice question has exactly one correct option', 'draw is at most the number of questions in the bank (with that tag)'])
		);
	});
});

describe('the sources check', () => {
	it('finds full and bare addresses, mobile numbers, hotlines and emergency numbers, not amounts', () => {
		expect(findUrls('Vào https://dichvucong.gov.vn/p/home. Hoặc gõ dichvucong.gov.vn, hay vneid.gov.vn; trang thật kết thúc bằng .gov.vn')).toEqual([
			'https://dichvucong.gov.vn/p/home',
			'dichvucong.gov.vn',
			'vneid.gov.vn'
		]);
		expect(findPhoneNumbers('Gọi 113 hoặc 0912 345 678, 1900 1234; chuyển 1.500.000 đồng, năm 2025, số 0,5')).toEqual(['0912 345 678', '1900 1234', '113']);
	});

	it('refuses an address or number that is not listed', () => {
		const sources = 'urls:\n  - { url: "https://dichvucong.gov.vn", what: Cổng, source: "https://chinhphu.vn" }\nphones: []\n';
		const files = [{ path: 'courses/01-a/01-x.vi.svx', text: 'dichvucong.gov.vn và https://lua-dao.example.com và gọi 0987 654 321' }];
		expect(checkSources(files, sources).map((p) => p.field)).toEqual(['https://lua-dao.example.com', '0987 654 321']);
	});
});

describe('npm run check:content', () => {
	const run = (folder: string) => spawnSync('node_modules/.bin/tsx', ['scripts/check-content.ts', folder], { encoding: 'utf8', timeout: 60_000 });

	it('passes on the shipped content', () => {
		const result = run('content');
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Course content checked: 4 courses');
	});

	it('fails the build with file, field and expectation when a lesson is wrong', () => {
		const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'hocvuso-content-')), 'content');
		cpSync('content', copy, { recursive: true });
		const lesson = path.join(copy, 'courses/01-dich-vu-cong/02-vneid.vi.svx');
		writeFileSync(lesson, readFileSync(lesson, 'utf8').replace(/^minutes: \d+$/m, 'minutes: năm'));
		const result = run(copy);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`${copy}/courses/01-dich-vu-cong/02-vneid.vi.svx: minutes: expected`);
	});
});

describe('criteria files', () => {
	const criterion = (overrides: Record<string, unknown> = {}) => ({
		id: '2026-thu',
		title: { vi: 'Tiêu chí thử', en: 'Test criterion' },
		basis: [{ group: 'cong_chuc', text: { vi: 'Căn cứ', en: 'Basis' } }],
		appliesTo: { people: 'civil_servants', agencies: 'all', staffGroups: ['cong_chuc'] },
		period: { from: '2026-01-01', to: '2026-12-31' },
		deadline: '2026-12-31',
		met: { rule: 'all', courses: ['khoa-thu'] },
		target: { percent: 100, denominator: 'counted' },
		...overrides
	});
	const run = (files: Record<string, unknown>) =>
		checkContent([
			{ path: 'courses/01-a/course.md', text: course() },
			{ path: 'courses/01-a/01-x.vi.svx', text: lesson() },
			...Object.entries(files).map(([path, data]) => ({ path, text: typeof data === 'string' ? data : JSON.stringify(data) }))
		]);

	it('ship two examples for the demo province, naming real courses', () => {
		const { criteria, problems } = checkContent(readContentFiles('content'));
		expect(problems).toEqual([]);
		expect(criteria.map((c) => [c.id, c.example, c.appliesTo.people])).toEqual([
			['2026-ky-nang-so-can-bo-cong-chuc', true, 'civil_servants'],
			['2026-nguoi-dan-ky-nang-so-co-ban', true, 'residents']
		]);
	});

	it('accept a well-formed criterion', () => {
		const { criteria, problems } = run({ 'criteria/2026-thu.yaml': criterion() });
		expect(problems).toEqual([]);
		expect(criteria[0]).toMatchObject({ id: '2026-thu', example: false });
	});

	it.each([
		['an unknown course', { met: { rule: 'all', courses: ['khoa-khong-co'] } }, 'met.courses.0'],
		['an impossible date', { period: { from: '2026-02-30', to: '2026-12-31' } }, 'period.from'],
		['a period ending before it starts', { period: { from: '2026-12-31', to: '2026-01-01' } }, 'period'],
		['a deadline before the period', { deadline: '2025-12-31' }, 'deadline'],
		['an unknown staff group', { appliesTo: { people: 'civil_servants', agencies: 'all', staffGroups: ['giam_doc'] } }, 'appliesTo.staffGroups.0'],
		['an unknown group of people', { appliesTo: { people: 'everyone' } }, 'appliesTo.people'],
		['"any" without a count', { met: { rule: 'any', courses: ['khoa-thu'] } }, 'met.count'],
		['a minimum version for a course not listed', { met: { rule: 'all', courses: ['khoa-thu'], minVersion: { 'khoa-khac': 2 } } }, 'met.minVersion.khoa-khac'],
		['an age range upside down', { appliesTo: { people: 'residents', communes: 'all', ageFrom: 60, ageTo: 15 } }, 'appliesTo.ageTo'],
		['a target over 100%', { target: { percent: 120, denominator: 'counted' } }, 'target.percent']
	])('refuse %s, naming the field', (_name, overrides, field) => {
		const { problems } = run({ 'criteria/2026-thu.yaml': criterion(overrides) });
		expect(problems.map((p) => `${p.file}: ${p.field}`)).toContain(`criteria/2026-thu.yaml: ${field}`);
	});

	it('refuse a file named otherwise and two criteria with one id', () => {
		expect(run({ 'criteria/thu.yaml': criterion() }).problems).toContainEqual(expect.objectContaining({ file: 'criteria/thu.yaml', field: 'file name' }));
		expect(run({ 'criteria/2026-a.yaml': criterion(), 'criteria/2026-b.yaml': criterion() }).problems).toContainEqual(expect.objectContaining({ file: 'criteria/2026-b.yaml', field: 'id' }));
	});
});
