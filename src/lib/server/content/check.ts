import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { answersGivenAway } from './quiz-text';
import { type CourseMeta, type Criterion, type LessonMeta, courseSchema, criterionSchema, lessonSchema, practiceSchema, quizSchema, sourcesSchema } from './schema';

/** A file under content/, by its path relative to that folder. */
export interface ContentFile {
	path: string;
	text: string;
}

/** What is wrong, where: the file, the field (or line) and what was expected there. */
export interface ContentProblem {
	file: string;
	field: string;
	expected: string;
	/** Where in a YAML file the field is, when it can be found. */
	line?: number;
}

export interface CheckedCourse {
	folder: string;
	meta: CourseMeta;
	/** `english` is the English file's frontmatter, null when the lesson has no English yet. */
	lessons: { file: string; meta: LessonMeta; english: LessonMeta | null }[];
}

const LESSON_FILE = /^courses\/([^/]+)\/(\d\d-[a-z0-9-]+)\.(vi|en)\.svx$/;
const COURSE_FILE = /^courses\/([^/]+)\/course\.md$/;
const QUIZ_FILE = /^courses\/([^/]+)\/quizzes\/[a-z0-9-]+\.quiz\.yaml$/;
const PRACTICE_FILE = /^courses\/([^/]+)\/practice\/([a-z0-9-]+)\.yaml$/;
const CRITERION_FILE = /^criteria\/\d{4}-[a-z0-9-]+\.yaml$/;

export function formatProblem(problem: ContentProblem): string {
	return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.field}: expected ${problem.expected}`;
}

/**
 * Checks every course, lesson, quiz and practice file against its schema and against each other
 * (unique ids, a Vietnamese file for every lesson, the same id in both languages, one final quiz
 * where the completion rule needs it, practice sets that exist). Collects every problem, so an
 * editor fixes them in one go.
 */
export function checkContent(files: ContentFile[]): { courses: CheckedCourse[]; criteria: Criterion[]; problems: ContentProblem[] } {
	const problems: ContentProblem[] = [];
	const byFolder = new Map<string, { course?: CourseMeta; lessons: Map<string, { vi?: LessonMeta; en?: LessonMeta; file: string }>; finals: number; practice: Set<string>; sets: { file: string; set: string }[] }>();
	const folder = (name: string) => {
		let entry = byFolder.get(name);
		if (!entry) byFolder.set(name, (entry = { lessons: new Map(), finals: 0, practice: new Set(), sets: [] }));
		return entry;
	};

	const paths = new Set(files.map((file) => file.path));
	const criteria: { file: string; criterion: Criterion }[] = [];
	for (const file of files) {
		let match: RegExpExecArray | null;
		if ((match = COURSE_FILE.exec(file.path))) {
			const meta = validate(file.path, frontmatter(file, problems), courseSchema, problems);
			if (meta) folder(match[1]!).course = meta;
		} else if ((match = LESSON_FILE.exec(file.path))) {
			const [, courseFolder, slug, language] = match as unknown as [string, string, string, 'vi' | 'en'];
			const meta = validate(file.path, frontmatter(file, problems), lessonSchema, problems);
			const lesson = folder(courseFolder).lessons.get(slug) ?? { file: file.path };
			if (meta) lesson[language] = meta;
			if (language === 'vi') lesson.file = file.path;
			folder(courseFolder).lessons.set(slug, lesson);
			for (const figure of file.text.matchAll(/<Figure\b[^>]*>/g)) {
				if (!/\balt="[^"]*\S[^"]*"/.test(figure[0])) problems.push({ file: file.path, field: '<Figure>', expected: 'alt="…" saying what the picture shows' });
			}
			for (const used of file.text.matchAll(/<(?:SpotTheScam|CheckBeforePay|MockApplication)\s+set="([^"]+)"/g)) {
				folder(courseFolder).sets.push({ file: file.path, set: used[1]! });
			}
		} else if ((match = QUIZ_FILE.exec(file.path))) {
			const quiz = validate(file.path, yamlData(file, problems), quizSchema, problems);
			if (quiz?.final) folder(match[1]!).finals++;
			for (const question of quiz?.questions ?? []) {
				if (question.image && !paths.has(`courses/${match[1]}/${question.image.file}`)) {
					problems.push({ file: file.path, field: `questions.${question.id}.image.file`, expected: `a picture that exists (courses/${match[1]}/${question.image.file})` });
				}
			}
			for (const leak of quiz ? answersGivenAway(quiz) : []) {
				problems.push({ file: file.path, field: `questions.${leak.questionId}.accepted`, expected: `an answer no question shows ("${leak.answer}" appears in ${leak.shownIn})` });
			}
		} else if ((match = PRACTICE_FILE.exec(file.path))) {
			const practice = validate(file.path, yamlData(file, problems), practiceSchema, problems);
			if (practice?.kind === 'check-before-pay') checkPaymentScenario(file.path, practice, problems);
			folder(match[1]!).practice.add(match[2]!);
		} else if (CRITERION_FILE.test(file.path)) {
			const criterion = validate(file.path, yamlData(file, problems), criterionSchema, problems);
			if (criterion) criteria.push({ file: file.path, criterion });
		} else if (/^criteria\//.test(file.path)) {
			problems.push({ file: file.path, field: 'file name', expected: 'a criterion named criteria/<year>-<slug>.yaml' });
		} else if (/^courses\/[^/]+\/[^/]+\.(svx|md)$/.test(file.path)) {
			// A misnamed lesson would otherwise vanish from the course without a word.
			problems.push({ file: file.path, field: 'file name', expected: 'a lesson named NN-slug.vi.svx or NN-slug.en.svx (two digits, lower-case letters, digits and dashes), or course.md' });
		}
	}

	const courses: CheckedCourse[] = [];
	const courseIds = new Map<string, string>();
	for (const [name, entry] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
		const courseFile = `courses/${name}/course.md`;
		if (!entry.course) {
			if (!problems.some((p) => p.file === courseFile)) problems.push({ file: courseFile, field: 'file', expected: 'a course.md in every course folder' });
			continue;
		}
		const meta = entry.course;
		const other = courseIds.get(meta.id);
		if (other) problems.push({ file: courseFile, field: 'id', expected: `an id no other course uses (${other} has "${meta.id}")` });
		courseIds.set(meta.id, courseFile);
		if (meta.completion !== 'all-lessons' && entry.finals !== 1) {
			problems.push({ file: courseFile, field: 'completion', expected: `exactly one final quiz in quizzes/ for "${meta.completion}" (found ${entry.finals})` });
		}
		const lessonIds = new Map<string, string>();
		const lessons: CheckedCourse['lessons'] = [];
		for (const [slug, lesson] of [...entry.lessons].sort(([a], [b]) => a.localeCompare(b))) {
			if (!lesson.vi) {
				if (!problems.some((p) => p.file.startsWith(`courses/${name}/${slug}.`))) {
					problems.push({ file: `courses/${name}/${slug}.vi.svx`, field: 'file', expected: 'the Vietnamese text of every lesson' });
				}
				continue;
			}
			if (lesson.en && lesson.en.id !== lesson.vi.id) {
				problems.push({ file: `courses/${name}/${slug}.en.svx`, field: 'id', expected: `the same id as the Vietnamese lesson ("${lesson.vi.id}")` });
			}
			const twin = lessonIds.get(lesson.vi.id);
			if (twin) problems.push({ file: lesson.file, field: 'id', expected: `a lesson id unique in the course (${twin} has "${lesson.vi.id}")` });
			lessonIds.set(lesson.vi.id, lesson.file);
			lessons.push({ file: lesson.file, meta: lesson.vi, english: lesson.en ?? null });
		}
		const lessonFileProblems = problems.some((p) => p.file.startsWith(`courses/${name}/`) && p.file !== courseFile);
		if (lessons.length === 0 && !lessonFileProblems) problems.push({ file: courseFile, field: 'lessons', expected: 'at least one lesson (NN-slug.vi.svx)' });
		for (const { file, set } of entry.sets) {
			if (!entry.practice.has(set)) problems.push({ file, field: `set="${set}"`, expected: `a practice file practice/${set}.yaml in this course` });
		}
		courses.push({ folder: name, meta, lessons });
	}
	problems.push(...checkCriteria(criteria, courses));
	return { courses: courses.sort((a, b) => a.meta.order - b.meta.order), criteria: criteria.sort((a, b) => a.file.localeCompare(b.file)).map((c) => c.criterion), problems };
}

/** Criteria name courses that exist, and each criterion id once. */
function checkCriteria(criteria: { file: string; criterion: Criterion }[], courses: CheckedCourse[]): ContentProblem[] {
	const problems: ContentProblem[] = [];
	const known = new Set(courses.map((course) => course.meta.id));
	const ids = new Map<string, string>();
	for (const { file, criterion } of criteria) {
		const twin = ids.get(criterion.id);
		if (twin) problems.push({ file, field: 'id', expected: `an id no other criterion uses (${twin} has "${criterion.id}")` });
		ids.set(criterion.id, file);
		criterion.met.courses.forEach((course, i) => {
			if (!known.has(course)) problems.push({ file, field: `met.courses.${i}`, expected: `the id of a course in content/courses ("${course}" is none)` });
		});
		for (const course of Object.keys(criterion.met.minVersion ?? {})) {
			if (!criterion.met.courses.includes(course)) problems.push({ file, field: `met.minVersion.${course}`, expected: 'one of the courses listed in met.courses' });
		}
	}
	return problems;
}

/** A payment scenario must differ from what the person meant to pay in exactly the fields it names. */
function checkPaymentScenario(file: string, scenario: Extract<z.infer<typeof practiceSchema>, { kind: 'check-before-pay' }>, problems: ContentProblem[]) {
	const differs = {
		payee: scenario.expected.payee.vi !== scenario.screen.payee.vi,
		amount: scenario.expected.amount !== scenario.screen.amount,
		purpose: scenario.expected.purpose.vi !== scenario.screen.purpose.vi
	};
	const actual = (Object.keys(differs) as (keyof typeof differs)[]).filter((field) => differs[field]);
	if (actual.join() !== [...scenario.problems].sort().join()) {
		problems.push({ file, field: 'problems', expected: `the fields where the screen differs from what was meant (${actual.join(', ') || 'none'})` });
	}
}

function frontmatter(file: ContentFile, problems: ContentProblem[]): { data: unknown } | undefined {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(file.text);
	if (!match) {
		problems.push({ file: file.path, field: 'frontmatter', expected: 'a YAML block between --- lines at the top' });
		return undefined;
	}
	const parsed = parseYaml(file.path, match[1]!, problems, 1);
	return parsed && { data: parsed.document.toJS() };
}

/** A whole YAML file (quiz, practice): its data, and the line of any field in it, for the editor. */
function yamlData(file: ContentFile, problems: ContentProblem[]): { data: unknown; lineOf: LineOf } | undefined {
	const parsed = parseYaml(file.path, file.text, problems, 0);
	return parsed && { data: parsed.document.toJS(), lineOf: parsed.lineOf };
}

type LineOf = (path: PropertyKey[]) => number | undefined;

function parseYaml(path: string, source: string, problems: ContentProblem[], lineOffset: number) {
	const lineCounter = new LineCounter();
	const document = parseDocument(source, { lineCounter, prettyErrors: false });
	if (document.errors.length > 0) {
		for (const error of document.errors) {
			const line = lineCounter.linePos(error.pos[0]).line + lineOffset;
			problems.push({ file: path, field: `line ${line}`, expected: `valid YAML (${error.message.split('\n')[0]})` });
		}
		return undefined;
	}
	// The deepest node on the path that exists: a missing field points at its parent.
	const lineOf: LineOf = (fieldPath) => {
		for (let depth = fieldPath.length; depth >= 0; depth--) {
			const node = document.getIn(fieldPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
			if (node?.range) return lineCounter.linePos(node.range[0]).line + lineOffset;
		}
		return undefined;
	};
	return { document, lineOf };
}

function validate<T>(file: string, parsed: { data: unknown; lineOf?: LineOf } | undefined, schema: z.ZodType<T>, problems: ContentProblem[]): T | null {
	if (parsed === undefined || parsed.data === undefined) return null;
	const result = schema.safeParse(parsed.data);
	if (result.success) return result.data;
	for (const issue of result.error.issues) {
		const where = issue.path.map(String);
		const line = parsed.lineOf?.(issue.path);
		if (issue.code === 'unrecognized_keys') {
			// Name each unknown field where the editor looks for it, not as a note on the whole file.
			for (const key of issue.keys) problems.push({ file, field: [...where, key].join('.'), expected: 'no such field (check its spelling)', ...(line ? { line } : {}) });
		} else {
			problems.push({ file, field: where.join('.') || '(whole file)', expected: issue.message, ...(line ? { line } : {}) });
		}
	}
	return null;
}

/** Where the URLs and phone numbers in content come from, for the sources check. */
export function checkSources(files: ContentFile[], sourcesText: string): ContentProblem[] {
	const parsed = sourcesSchema.safeParse(parseDocument(sourcesText).toJS());
	if (!parsed.success) return parsed.error.issues.map((issue) => ({ file: 'sources.yaml', field: issue.path.join('.'), expected: issue.message }));
	const hosts = new Set(parsed.data.urls.map((entry) => new URL(entry.url).hostname));
	const urls = new Set(parsed.data.urls.map((entry) => entry.url.replace(/\/$/, '')));
	const phones = new Set(parsed.data.phones.map((entry) => entry.number.replace(/\D/g, '')));
	const problems: ContentProblem[] = [];
	for (const file of files) {
		if (file.path === 'sources.yaml') continue;
		for (const found of findUrls(file.text)) {
			const listed = found.includes('://') ? urls.has(found.replace(/\/$/, '')) || hosts.has(new URL(found).hostname) : hosts.has(found);
			if (!listed) problems.push({ file: file.path, field: found, expected: 'a URL listed in content/sources.yaml with its official source' });
		}
		for (const found of findPhoneNumbers(file.text)) {
			if (!phones.has(found.replace(/\D/g, ''))) problems.push({ file: file.path, field: found, expected: 'a phone number listed in content/sources.yaml with its official source' });
		}
	}
	return problems;
}

/** Full URLs, and bare addresses such as dichvucong.gov.vn that a learner would type. */
export function findUrls(text: string): string[] {
	const full = [...text.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
	const withoutFull = text.replace(/https?:\/\/[^\s"'<>)\]]+/g, ' ');
	// Not after a dot: ".gov.vn" in "addresses end in .gov.vn" names a suffix, not a site.
	const bare = [...withoutFull.matchAll(/(?<![\w.-])(?:[a-z0-9-]+\.)+(?:vn|com|net|org|gov|example|app|io)\b/gi)].map((m) => m[0].toLowerCase());
	return [...new Set([...full, ...bare])];
}

/** Vietnamese phone numbers in the forms people write them, and the three-digit emergency numbers. */
export function findPhoneNumbers(text: string): string[] {
	const numbers = [...text.matchAll(/(?<![\d.,])(?:\+84|0)(?:[\s.]?\d){8,10}(?![\d.,]*\d)/g)].map((m) => m[0]);
	const hotlines = [...text.matchAll(/(?<![\d.,])1[89]00(?:[\s.]?\d){4,6}(?![\d])/g)].map((m) => m[0]);
	const emergency = [...text.matchAll(/(?<![\d.,])11[345](?![\d.,]*\d)/g)].map((m) => m[0]);
	return [...new Set([...numbers, ...hotlines, ...emergency])];
}
