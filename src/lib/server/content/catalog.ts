import { parse as parseYaml } from 'yaml';
import { type ContentFile, type ContentProblem, checkContent, formatProblem } from './check';
import { type CourseMeta, type Criterion, type Practice, type Quiz, practiceSchema, quizSchema } from './schema';

export type Language = 'vi' | 'en';

export interface CatalogLesson {
	id: string;
	/** File stem without the language ("01-cong-dich-vu-cong"): where its .vi/.en.svx live. */
	slug: string;
	title: { vi: string; en: string | null };
	minutes: number;
	hasEnglish: boolean;
	/** Practice sets placed in the lesson (SpotTheScam, CheckBeforePay, MockApplication tags). */
	practiceIds: string[];
	/** Glossary of the lesson, from its <Term> tags, per language. */
	glossary: { vi: GlossaryEntry[]; en: GlossaryEntry[] };
}

export interface GlossaryEntry {
	word: string;
	meaning: string;
}

export interface CatalogCourse extends CourseMeta {
	folder: string;
	lessons: CatalogLesson[];
	practice: Map<string, Practice>;
	/** The quiz that counts for completion; server-only (answer keys). */
	finalQuiz: Quiz | null;
}

export interface Catalog {
	courses: CatalogCourse[];
	byId: Map<string, CatalogCourse>;
	/** Evaluation criteria (content/criteria), in file order. */
	criteria: Criterion[];
}

/** The content did not pass its checks: every problem, one per line, as the editor needs them. */
export class ContentError extends Error {
	constructor(readonly problems: ContentProblem[]) {
		super(`The course content has ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
	}
}

/**
 * Builds the course catalogue from the content files (paths relative to the content folder),
 * after the same checks as the build. Throws ContentError listing every problem.
 */
export function buildCatalog(files: ContentFile[]): Catalog {
	const { courses: checked, criteria, problems } = checkContent(files);
	if (problems.length > 0) throw new ContentError(problems);
	const text = new Map(files.map((file) => [file.path, file.text]));

	const courses = checked.map(({ folder, meta, lessons }): CatalogCourse => {
		const prefix = `courses/${folder}/`;
		const practice = new Map<string, Practice>();
		let finalQuiz: Quiz | null = null;
		for (const file of files) {
			if (!file.path.startsWith(prefix)) continue;
			const practiceId = /^practice\/([a-z0-9-]+)\.yaml$/.exec(file.path.slice(prefix.length))?.[1];
			if (practiceId) practice.set(practiceId, practiceSchema.parse(parseYaml(file.text)));
			if (/^quizzes\/[a-z0-9-]+\.quiz\.yaml$/.test(file.path.slice(prefix.length))) {
				const quiz = quizSchema.parse(parseYaml(file.text));
				if (quiz.final) finalQuiz = quiz;
			}
		}
		return {
			...meta,
			folder,
			practice,
			finalQuiz,
			lessons: lessons.map(({ file, meta: lesson, english }) => {
				const slug = file.slice(prefix.length).replace(/\.vi\.svx$/, '');
				return {
					id: lesson.id,
					slug,
					title: { vi: lesson.title, en: english?.title ?? null },
					minutes: lesson.minutes,
					hasEnglish: english !== null,
					practiceIds: [...(text.get(file) ?? '').matchAll(/<(?:SpotTheScam|CheckBeforePay|MockApplication)\s+set="([^"]+)"/g)].map((match) => match[1]!),
					glossary: { vi: glossaryOf(text.get(file) ?? ''), en: glossaryOf(english ? (text.get(`${prefix}${slug}.en.svx`) ?? '') : '') }
				};
			})
		};
	});
	return { courses, byId: new Map(courses.map((course) => [course.id, course])), criteria };
}

/** The <Term word="…" meaning="…"> tags of a lesson, in order, each word once. */
function glossaryOf(source: string): GlossaryEntry[] {
	const seen = new Map<string, GlossaryEntry>();
	for (const match of source.matchAll(/<Term\s+word="([^"]+)"\s+meaning="([^"]+)"/g)) {
		const word = match[1]!;
		if (!seen.has(word.toLowerCase())) seen.set(word.toLowerCase(), { word, meaning: match[2]! });
	}
	return [...seen.values()];
}
