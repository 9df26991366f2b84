import { describe, expect, it } from 'vitest';
import { type Catalog, type CatalogCourse, ContentError, buildCatalog } from '../../src/lib/server/content/catalog';
import { type ContentFile, checkContent, formatProblem } from '../../src/lib/server/content/check';
import { readContentFiles } from '../../src/lib/server/content/files';

const SHIPPED_IDS = ['dich-vu-cong-truc-tuyen', 'thanh-toan-dien-tu-an-toan', 'an-toan-thong-tin-phong-chong-lua-dao', 'ky-nang-so-can-bo-cong-chuc'];

const shippedFiles = readContentFiles('content');
const fixtureFiles = readContentFiles('tests/fixtures/content');

function courseIn(catalog: Catalog, id: string): CatalogCourse {
	const course = catalog.byId.get(id);
	if (!course) throw new Error(`no course ${id} in the catalog`);
	return course;
}

function lessonIn(course: CatalogCourse, id: string) {
	const lesson = course.lessons.find((l) => l.id === id);
	if (!lesson) throw new Error(`no lesson ${id} in ${course.id}`);
	return lesson;
}

/** The files with one of them rewritten; fails when the rewrite changed nothing (a typo in a test). */
function withChange(files: ContentFile[], path: string, change: (text: string) => string): ContentFile[] {
	const original = files.find((file) => file.path === path);
	if (!original) throw new Error(`no file ${path}`);
	const changed = change(original.text);
	expect(changed, `the test's change to ${path} changed nothing`).not.toBe(original.text);
	return files.map((file) => (file.path === path ? { path, text: changed } : file));
}

function contentErrorOf(files: ContentFile[]): ContentError {
	try {
		buildCatalog(files);
	} catch (error) {
		if (error instanceof ContentError) return error;
		throw error;
	}
	throw new Error('buildCatalog accepted content it should refuse');
}

const files = (entries: Record<string, string>): ContentFile[] => Object.entries(entries).map(([path, text]) => ({ path, text }));

describe('buildCatalog on the shipped content', () => {
	const catalog = buildCatalog(shippedFiles);

	it('has the four published courses in catalogue order, each reachable by id', () => {
		expect(catalog.courses.map((c) => c.id)).toEqual(SHIPPED_IDS);
		expect(catalog.courses.map((c) => c.order)).toEqual([1, 2, 3, 4]);
		expect([...catalog.byId.keys()].sort()).toEqual([...SHIPPED_IDS].sort());
		for (const course of catalog.courses) {
			expect(course.status).toBe('published');
			expect(catalog.byId.get(course.id)).toBe(course);
		}
	});

	it('keeps each course folder and gives 4 to 8 lessons, all translated, with unique ids and file slugs', () => {
		expect(catalog.courses.map((c) => c.folder)).toEqual(['01-dich-vu-cong', '02-thanh-toan-dien-tu', '03-an-toan-thong-tin', '04-ky-nang-so-can-bo']);
		for (const course of catalog.courses) {
			expect(course.lessons.length).toBeGreaterThanOrEqual(4);
			expect(course.lessons.length).toBeLessThanOrEqual(8);
			expect(new Set(course.lessons.map((l) => l.id)).size).toBe(course.lessons.length);
			for (const lesson of course.lessons) {
				expect(lesson.slug).toMatch(/^\d\d-[a-z0-9-]+$/);
				expect(shippedFiles.some((f) => f.path === `courses/${course.folder}/${lesson.slug}.vi.svx`)).toBe(true);
				expect(lesson.hasEnglish).toBe(true);
				expect(lesson.title.en).toEqual(expect.any(String));
				expect(lesson.title.vi.length).toBeGreaterThan(0);
			}
			// Lessons come in file order: their slugs are sorted.
			expect(course.lessons.map((l) => l.slug)).toEqual(course.lessons.map((l) => l.slug).sort());
		}
	});

	it('takes lesson titles and minutes from the frontmatter of each language', () => {
		const first = lessonIn(courseIn(catalog, 'dich-vu-cong-truc-tuyen'), 'cong-dich-vu-cong-quoc-gia');
		expect(first.slug).toBe('01-cong-dich-vu-cong');
		expect(first.title.vi).toBe('Cổng Dịch vụ công quốc gia là gì?');
		expect(first.title.en).not.toBe(first.title.vi);
		expect(first.minutes).toBeGreaterThanOrEqual(3);
		// A quoted YAML title arrives without its quotes.
		expect(lessonIn(courseIn(catalog, 'an-toan-thong-tin-phong-chong-lua-dao'), 'khi-bi-lua-lam-gi-bao-o-dau').title.vi).toBe('Khi nghi bị lừa: làm gì, báo ở đâu');
	});

	it('has a final quiz for every course, since each needs one to complete', () => {
		for (const course of catalog.courses) {
			expect(course.completion).toBe('all-lessons-and-quiz');
			expect(course.finalQuiz, course.id).not.toBeNull();
			expect(course.finalQuiz?.final).toBe(true);
			expect(course.finalQuiz!.questions.length).toBeGreaterThan(0);
		}
	});

	it('loads the practice sets of each course by file name, with their kind', () => {
		const kinds = (id: string) => Object.fromEntries([...courseIn(catalog, id).practice].map(([practiceId, practice]) => [practiceId, practice.kind]));
		expect(kinds('dich-vu-cong-truc-tuyen')).toEqual({ 'nop-ho-so-luyen-tap': 'mock-application' });
		expect(kinds('thanh-toan-dien-tu-an-toan')).toEqual({ 'kiem-tra-so-tien-tap-hoa': 'check-before-pay', 'kiem-tra-ten-nguoi-nhan-truong-hoc': 'check-before-pay' });
		expect(kinds('an-toan-thong-tin-phong-chong-lua-dao')).toEqual({ 'nhan-dien-tin-nhan-lua-dao': 'spot-the-scam' });
		expect(kinds('ky-nang-so-can-bo-cong-chuc')).toEqual({ 'tin-nhan-gia-mao-noi-lam-viec': 'spot-the-scam' });
		const grocery = courseIn(catalog, 'thanh-toan-dien-tu-an-toan').practice.get('kiem-tra-so-tien-tap-hoa');
		expect(grocery?.kind === 'check-before-pay' && grocery.problems).toEqual(['amount']);
	});

	it('lists the practice sets each lesson places, in order, and none for lessons without one', () => {
		const placed = (courseId: string) => Object.fromEntries(courseIn(catalog, courseId).lessons.filter((l) => l.practiceIds.length > 0).map((l) => [l.id, l.practiceIds]));
		expect(placed('dich-vu-cong-truc-tuyen')).toEqual({ 'nop-ho-so-truc-tuyen': ['nop-ho-so-luyen-tap'] });
		expect(placed('thanh-toan-dien-tu-an-toan')).toEqual({ 'kiem-tra-truoc-khi-tra-tien': ['kiem-tra-so-tien-tap-hoa', 'kiem-tra-ten-nguoi-nhan-truong-hoc'] });
		expect(placed('an-toan-thong-tin-phong-chong-lua-dao')).toEqual({ 'cac-chieu-lua-dao-thuong-gap': ['nhan-dien-tin-nhan-lua-dao'] });
		expect(placed('ky-nang-so-can-bo-cong-chuc')).toEqual({ 'thu-tin-nhan-gia-mao-va-bao-su-co': ['tin-nhan-gia-mao-noi-lam-viec'] });
		// Every practice set a course ships is placed somewhere, and every placed set exists.
		for (const course of catalog.courses) {
			const used = new Set(course.lessons.flatMap((l) => l.practiceIds));
			expect([...used].sort()).toEqual([...course.practice.keys()].sort());
		}
	});

	it("builds each lesson's glossary from its <Term> tags, per language", () => {
		const scams = lessonIn(courseIn(catalog, 'an-toan-thong-tin-phong-chong-lua-dao'), 'cac-chieu-lua-dao-thuong-gap');
		expect(scams.glossary.vi).toEqual(
			expect.arrayContaining([
				{ word: 'mã độc', meaning: 'Phần mềm xấu, cài lén vào điện thoại để lấy thông tin hoặc điều khiển máy của bạn.' },
				{ word: 'OTP', meaning: expect.stringMatching(/^Mã số dùng một lần/) }
			])
		);
		expect(scams.glossary.en.length).toBeGreaterThan(0);
		expect(scams.glossary.en.map((e) => e.word)).not.toContain('mã độc');
		// Every shipped lesson with a <Term> has a glossary in both languages; the words appear once each.
		for (const course of catalog.courses) {
			for (const lesson of course.lessons) {
				const vi = shippedFiles.find((f) => f.path === `courses/${course.folder}/${lesson.slug}.vi.svx`)!.text;
				expect(lesson.glossary.vi.length > 0, `${lesson.id} vi`).toBe(vi.includes('<Term'));
				const words = lesson.glossary.vi.map((e) => e.word.toLowerCase());
				expect(new Set(words).size).toBe(words.length);
			}
		}
	});
});

describe('buildCatalog on the test fixtures', () => {
	const catalog = buildCatalog(fixtureFiles);
	const inOrder = courseIn(catalog, 'khoa-thu-theo-thu-tu');

	it('has the in-order course, the draft and the strict-quiz course, by their order', () => {
		expect(catalog.courses.map((c) => [c.id, c.status, c.folder])).toEqual([
			['khoa-thu-theo-thu-tu', 'published', '90-theo-thu-tu'],
			['khoa-thu-ban-nhap', 'draft', '91-ban-nhap'],
			['khoa-thu-kiem-tra', 'published', '92-kiem-tra']
		]);
	});

	it('keeps the course rules from course.md', () => {
		expect(inOrder).toMatchObject({
			version: 1,
			order: 90,
			audience: 'residents',
			minutes: 9,
			competencies: ['1.1'],
			lessonsInOrder: true,
			completion: 'all-lessons',
			title: { vi: 'Khóa thử học lần lượt', en: 'Test course taken in order' }
		});
		expect(inOrder.finalQuiz).toBeNull();
		expect(inOrder.practice.size).toBe(0);
	});

	it('lists the lessons in file order, and a lesson without English has no English title', () => {
		expect(inOrder.lessons.map((l) => [l.id, l.slug, l.minutes])).toEqual([
			['bai-mot', '01-bai-mot', 3],
			['bai-hai', '02-bai-hai', 3],
			['bai-ba', '03-bai-ba', 3]
		]);
		expect(lessonIn(inOrder, 'bai-hai')).toMatchObject({ title: { vi: 'Bài hai', en: null }, hasEnglish: false });
		expect(lessonIn(inOrder, 'bai-mot')).toMatchObject({ title: { vi: 'Bài một', en: 'Lesson one' }, hasEnglish: true });
		expect(lessonIn(inOrder, 'bai-ba')).toMatchObject({ title: { vi: 'Bài ba', en: 'Lesson three' }, hasEnglish: true });
	});

	it('takes the glossary from <Term> tags of each language, and none where there are none', () => {
		expect(lessonIn(inOrder, 'bai-mot').glossary).toEqual({
			vi: [{ word: 'mật khẩu', meaning: 'Dãy chữ và số chỉ mình bạn biết.' }],
			en: [{ word: 'password', meaning: 'Letters and numbers only you know.' }]
		});
		expect(lessonIn(inOrder, 'bai-hai').glossary).toEqual({ vi: [], en: [] });
		expect(lessonIn(inOrder, 'bai-ba').glossary).toEqual({ vi: [], en: [] });
	});

	it('places no practice in the fixture lessons', () => {
		expect(inOrder.lessons.map((l) => l.practiceIds)).toEqual([[], [], []]);
	});

	it('builds together with the shipped content (as browser tests do), ordered by course order', () => {
		const both = buildCatalog([...shippedFiles, ...fixtureFiles.filter((f) => f.path.startsWith('courses/'))]);
		expect(both.courses.map((c) => c.id)).toEqual([...SHIPPED_IDS, 'khoa-thu-theo-thu-tu', 'khoa-thu-ban-nhap', 'khoa-thu-kiem-tra']);
	});
});

describe('buildCatalog on small hand-made courses', () => {
	const courseMd = (extra = '') =>
		`---\nid: khoa-nho\nversion: 3\norder: 1\nstatus: published\naudience: all\nminutes: 10\ncompetencies: ['4.2']\nlessonsInOrder: false\ncompletion: all-lessons\ntitle: { vi: Khóa nhỏ, en: Small course }\nsummary: { vi: Tóm tắt, en: Summary }\n${extra}---\n`;
	const lessonText = (id: string, body: string, title = 'Bài') => `---\nid: ${id}\ntitle: ${title}\nminutes: 5\n---\n\n${body}\n`;
	const scamSet = `kind: spot-the-scam\ntitle: { vi: Tin nhắn, en: Messages }\nmessages:\n  - { id: m1, channel: sms, from: { vi: A, en: A }, text: { vi: Chào, en: Hi }, verdict: safe, why: { vi: Vì, en: Because } }\n  - { id: m2, channel: zalo, from: { vi: B, en: B }, text: { vi: Gửi OTP, en: Send OTP }, verdict: scam, why: { vi: Vì, en: Because } }\n`;
	const stepsSet = `kind: mock-application\ntitle: { vi: Hồ sơ, en: Application }\nsteps:\n  - { id: buoc-mot, title: { vi: Một, en: One }, text: { vi: Làm, en: Do } }\n  - { id: buoc-hai, title: { vi: Hai, en: Two }, text: { vi: Làm, en: Do } }\n`;
	const quiz = (id: string, final: boolean) =>
		`id: ${id}\nfinal: ${final}\ndraw: 1\ntitle: { vi: Kiểm tra, en: Quiz }\nquestions:\n  - { id: q1, type: true_false, tags: ['4.2'], prompt: { vi: Đúng?, en: True? }, explanation: { vi: Vì, en: Because }, answer: true }\n`;

	it('records which practice sets each lesson places, in the order they appear', () => {
		const catalog = buildCatalog(
			files({
				'courses/01-nho/course.md': courseMd(),
				'courses/01-nho/01-mot.vi.svx': lessonText('bai-mot', '<MockApplication set="ho-so" />\n\nvà\n\n<SpotTheScam set="tin-nhan" />'),
				'courses/01-nho/02-hai.vi.svx': lessonText('bai-hai', 'Không có luyện tập. <SpotTheScam />'),
				'courses/01-nho/practice/tin-nhan.yaml': scamSet,
				'courses/01-nho/practice/ho-so.yaml': stepsSet
			})
		);
		const course = courseIn(catalog, 'khoa-nho');
		expect(course.version).toBe(3);
		expect(course.lessons.map((l) => [l.id, l.practiceIds])).toEqual([
			['bai-mot', ['ho-so', 'tin-nhan']],
			['bai-hai', []]
		]);
		expect([...course.practice.keys()].sort()).toEqual(['ho-so', 'tin-nhan']);
		expect(course.practice.get('tin-nhan')?.kind).toBe('spot-the-scam');
	});

	it('lists each glossary word once (first meaning wins, whatever the case), and reads the English file for English', () => {
		const catalog = buildCatalog(
			files({
				'courses/01-nho/course.md': courseMd(),
				'courses/01-nho/01-mot.vi.svx': lessonText(
					'bai-mot',
					'<Term word="OTP" meaning="Mã dùng một lần.">OTP</Term> rồi <Term word="otp" meaning="Nghĩa khác.">otp</Term> và <Term word="mã QR" meaning="Ô vuông đen trắng.">mã QR</Term>, <Term word="Mã QR" meaning="Nghĩa khác nữa.">Mã QR</Term>'
				),
				'courses/01-nho/01-mot.en.svx': lessonText('bai-mot', '<Term word="QR code" meaning="A black and white square.">QR code</Term>', 'Lesson'),
				'courses/01-nho/02-hai.vi.svx': lessonText('bai-hai', 'Nói về <Term word="OTP" meaning="Mã dùng một lần.">OTP</Term>.')
			})
		);
		const [first, second] = courseIn(catalog, 'khoa-nho').lessons;
		expect(first?.glossary).toEqual({
			vi: [
				{ word: 'OTP', meaning: 'Mã dùng một lần.' },
				{ word: 'mã QR', meaning: 'Ô vuông đen trắng.' }
			],
			en: [{ word: 'QR code', meaning: 'A black and white square.' }]
		});
		expect(first?.title).toEqual({ vi: 'Bài', en: 'Lesson' });
		// A lesson without English has no English glossary, even though its Vietnamese has one.
		expect(second?.glossary).toEqual({ vi: [{ word: 'OTP', meaning: 'Mã dùng một lần.' }], en: [] });
	});

	it('keeps only a quiz marked final as the final quiz, with the quiz defaults filled in', () => {
		const build = (quizzes: Record<string, string>) =>
			courseIn(buildCatalog(files({ 'courses/01-nho/course.md': courseMd(), 'courses/01-nho/01-mot.vi.svx': lessonText('bai-mot', 'Nội dung'), ...quizzes })), 'khoa-nho');
		expect(build({ 'courses/01-nho/quizzes/on-tap.quiz.yaml': quiz('on-tap', false) }).finalQuiz).toBeNull();
		const course = build({ 'courses/01-nho/quizzes/on-tap.quiz.yaml': quiz('on-tap', false), 'courses/01-nho/quizzes/cuoi-khoa.quiz.yaml': quiz('cuoi-khoa', true) });
		expect(course.finalQuiz).toMatchObject({ id: 'cuoi-khoa', final: true, passMark: 80, maxAttempts: null, waitMinutes: 0, timeLimitMinutes: null });
	});

	it('ignores files outside the course folder it is building', () => {
		const catalog = buildCatalog(
			files({
				'courses/01-nho/course.md': courseMd(),
				'courses/01-nho/01-mot.vi.svx': lessonText('bai-mot', 'Nội dung'),
				'courses/01-nho-khac/course.md': courseMd().replace('id: khoa-nho', 'id: khoa-khac').replace('order: 1', 'order: 2'),
				'courses/01-nho-khac/01-mot.vi.svx': lessonText('bai-mot', '<SpotTheScam set="tin-nhan" />'),
				'courses/01-nho-khac/practice/tin-nhan.yaml': scamSet
			})
		);
		expect(courseIn(catalog, 'khoa-nho').practice.size).toBe(0);
		expect(courseIn(catalog, 'khoa-khac').practice.size).toBe(1);
	});
});

describe('buildCatalog refuses bad content with a ContentError naming file and field', () => {
	const COURSE = 'courses/90-theo-thu-tu/course.md';
	const LESSON_TWO = 'courses/90-theo-thu-tu/02-bai-hai.vi.svx';

	it.each([
		['a version that is not a number', (t: string) => t.replace('version: 1', 'version: "x"'), 'version', /expected number/],
		['a missing id', (t: string) => t.replace('id: khoa-thu-theo-thu-tu\n', ''), 'id', /expected string/],
		['an audience it does not know', (t: string) => t.replace('audience: residents', 'audience: everyone'), 'audience', /"residents"\|"civil_servants"\|"all"/],
		['a completion rule it does not know', (t: string) => t.replace('completion: all-lessons', 'completion: some-lessons'), 'completion', /all-lessons-and-quiz/],
		['lessonsInOrder as text', (t: string) => t.replace('lessonsInOrder: true', 'lessonsInOrder: "yes"'), 'lessonsInOrder', /boolean/]
	])('%s in course.md', (_, change, field, expected) => {
		const error = contentErrorOf(withChange(fixtureFiles, COURSE, change));
		expect(error.problems).toEqual([{ file: COURSE, field, expected: expect.stringMatching(expected) }]);
		expect(error.message).toContain(`${COURSE}: ${field}: expected`);
		expect(error.message).toMatch(/has 1 problem/);
	});

	it('an unknown field in course.md, naming the field in what was expected', () => {
		const error = contentErrorOf(withChange(fixtureFiles, COURSE, (t) => t.replace('order: 90', 'order: 90\ncolour: red')));
		expect(error.problems).toEqual([{ file: COURSE, field: 'colour', expected: 'no such field (check its spelling)' }]);
	});

	it('a bad lesson frontmatter, naming the lesson file', () => {
		const error = contentErrorOf(withChange(fixtureFiles, LESSON_TWO, (t) => t.replace('minutes: 3', 'minutes: 20')));
		expect(error.problems).toEqual([{ file: LESSON_TWO, field: 'minutes', expected: expect.stringMatching(/<=15/) }]);
	});

	it('every problem at once, each on its own line of the message', () => {
		let changed = withChange(fixtureFiles, COURSE, (t) => t.replace('version: 1', 'version: "x"').replace('audience: residents', 'audience: everyone'));
		changed = withChange(changed, LESSON_TWO, (t) => t.replace('id: bai-hai', 'id: Bai Hai'));
		const error = contentErrorOf(changed);
		expect(error.problems.map((p) => `${p.file} ${p.field}`).sort()).toEqual([`${LESSON_TWO} id`, `${COURSE} audience`, `${COURSE} version`]);
		expect(error.message.split('\n').slice(1)).toEqual(error.problems.map((p) => `  ${formatProblem(p)}`));
		expect(error).toBeInstanceOf(Error);
	});

	it('a cross-check as well: an English lesson whose id differs from the Vietnamese', () => {
		const error = contentErrorOf(withChange(fixtureFiles, 'courses/90-theo-thu-tu/03-bai-ba.en.svx', (t) => t.replace('id: bai-ba', 'id: lesson-three')));
		expect(error.problems).toEqual([{ file: 'courses/90-theo-thu-tu/03-bai-ba.en.svx', field: 'id', expected: expect.stringContaining('"bai-ba"') }]);
	});

	it('the unchanged fixtures build (so the cases above fail for their change alone)', () => {
		expect(() => buildCatalog(fixtureFiles)).not.toThrow();
	});
});

describe('frontmatter schemas, one bad field at a time', () => {
	const COURSE = 'courses/01-a/course.md';
	const LESSON = 'courses/01-a/01-x.vi.svx';
	const OTHER_LESSON = 'courses/01-a/02-y.vi.svx';
	const courseFields: Record<string, string> = {
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
		summary: '{ vi: Tóm tắt, en: Summary }'
	};
	const lessonFields: Record<string, string> = { id: 'bai-mot', title: 'Bài một', minutes: '5' };
	/** Frontmatter with some fields replaced; a null value leaves the field out. */
	const frontmatter = (base: Record<string, string>, changes: Record<string, string | null>) =>
		`---\n${Object.entries({ ...base, ...changes })
			.filter((entry): entry is [string, string] => entry[1] !== null)
			.map(([k, v]) => `${k}: ${v}`)
			.join('\n')}\n---\n\nNội dung.\n`;
	// Two lessons, so that a broken one does not also leave the course without lessons.
	const check = (course: Record<string, string | null>, lesson: Record<string, string | null> = {}) =>
		checkContent(
			files({
				[COURSE]: frontmatter(courseFields, course),
				[LESSON]: frontmatter(lessonFields, lesson),
				[OTHER_LESSON]: frontmatter(lessonFields, { id: 'bai-hai' })
			})
		).problems;

	it('the base course and lessons pass', () => {
		expect(check({})).toEqual([]);
	});

	it.each<[string, string | null, string, RegExp]>([
		['id', 'Khoa Thu', 'id', /stable id: lower-case letters, digits and dashes/],
		['id', null, 'id', /expected string, received undefined/],
		['id', '12', 'id', /expected string, received number/],
		['version', '"x"', 'version', /expected number, received string/],
		['version', '0', 'version', />=1/],
		['version', '1.5', 'version', /expected int/],
		['version', null, 'version', /expected number, received undefined/],
		['order', 'first', 'order', /expected number, received string/],
		['order', '0', 'order', />=1/],
		['status', 'live', 'status', /"draft"\|"published"/],
		['status', 'true', 'status', /"draft"\|"published"/],
		['audience', 'everyone', 'audience', /"residents"\|"civil_servants"\|"all"/],
		['audience', 'Residents', 'audience', /"residents"/],
		['minutes', '0', 'minutes', />=1/],
		['minutes', '601', 'minutes', /<=600/],
		['minutes', '"20"', 'minutes', /expected number, received string/],
		['competencies', '[]', 'competencies', />=1 items/],
		['competencies', "'4.2'", 'competencies', /expected array, received string/],
		['competencies', "['9.9']", 'competencies.0', /competency code of Circular 02\/2025/],
		['competencies', '[4.2]', 'competencies.0', /competency code/],
		['lessonsInOrder', '"yes"', 'lessonsInOrder', /expected boolean, received string/],
		['lessonsInOrder', null, 'lessonsInOrder', /expected boolean, received undefined/],
		['completion', 'quiz', 'completion', /"all-lessons-and-quiz"\|"quiz-only"\|"all-lessons"/],
		['title', 'Khóa thử', 'title', /Vietnamese and English text \(\{ vi, en \}\)/],
		['title', '{ vi: Khóa thử }', 'title.en', /expected string, received undefined/],
		['title', '{ vi: "  ", en: Test }', 'title.vi', /^text$/],
		['summary', null, 'summary', /Vietnamese and English text/],
		['summary', '{ vi: Tóm tắt, en: 5 }', 'summary.en', /expected string, received number/],
		['colour', 'red', 'colour', /no such field/]
	])('course.md %s: %s → a problem at %s', (name, value, field, expected) => {
		expect(check({ [name]: value })).toEqual([{ file: COURSE, field, expected: expect.stringMatching(expected) }]);
	});

	it.each<[string, string | null, string, RegExp]>([
		['id', 'Bai Mot', 'id', /stable id/],
		['id', 'bai--mot', 'id', /stable id/],
		['id', null, 'id', /expected string, received undefined/],
		['title', '""', 'title', /^text$/],
		['title', null, 'title', /expected string, received undefined/],
		['title', '[Bài, một]', 'title', /expected string, received array/],
		['title', '{ vi: Bài một, en: Lesson one }', 'title', /expected string, received object/],
		['minutes', '0', 'minutes', />=1/],
		['minutes', '16', 'minutes', /<=15/],
		['minutes', '"5"', 'minutes', /expected number, received string/],
		['minutes', '2.5', 'minutes', /expected int/],
		['minutes', null, 'minutes', /expected number, received undefined/],
		['summary', 'Thêm', 'summary', /no such field/]
	])('lesson %s: %s → a problem at %s', (name, value, field, expected) => {
		expect(check({}, { [name]: value })).toEqual([{ file: LESSON, field, expected: expect.stringMatching(expected) }]);
	});

	it('a bad English lesson names the English file', () => {
		const problems = checkContent(
			files({
				[COURSE]: frontmatter(courseFields, {}),
				[LESSON]: frontmatter(lessonFields, {}),
				'courses/01-a/01-x.en.svx': frontmatter(lessonFields, { title: 'Lesson one', minutes: 'five' })
			})
		).problems;
		expect(problems).toEqual([{ file: 'courses/01-a/01-x.en.svx', field: 'minutes', expected: expect.stringMatching(/expected number/) }]);
	});

	it('each problem reads as "file: field: expected …"', () => {
		const [problem] = check({ version: '"x"' });
		expect(problem && formatProblem(problem)).toBe(`${COURSE}: version: expected Invalid input: expected number, received string`);
	});
});
