import type { Component } from 'svelte';
import { type Catalog, type CatalogCourse, type CatalogLesson, type Language, buildCatalog } from './catalog';
import type { ContentFile } from './check';

// Everything under content/ (or the folder CONTENT_DIR named at build time, for tests) is bundled
// into the server build once; lesson components load on first use. Nothing here reaches a browser.
const rawFiles = import.meta.glob(
	['$content/courses/*/course.md', '$content/courses/*/*.svx', '$content/courses/*/quizzes/*.quiz.yaml', '$content/courses/*/practice/*.yaml', '$content/criteria/*.yaml'],
	{ query: '?raw', import: 'default', eager: true }
) as Record<string, string>;
const lessonModules = import.meta.glob('$content/courses/*/*.svx') as Record<string, () => Promise<{ default: Component }>>;
// Pictures for quiz questions: emitted with the client assets, addressed by their hashed URL.
const pictureUrls = import.meta.glob('$content/courses/*/images/*.{png,jpg,jpeg,webp}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

function relative(globPath: string): string {
	const at = globPath.search(/\/(courses|criteria)\//);
	return globPath.slice(at + 1);
}

let catalog: Catalog | null = null;

/** The course catalogue, checked and built on first use (the init hook calls this at start). */
export function contentCatalog(): Catalog {
	if (!catalog) {
		const files: ContentFile[] = [
			...Object.entries(rawFiles).map(([path, text]) => ({ path: relative(path), text })),
			...Object.keys(pictureUrls).map((path) => ({ path: relative(path), text: '' }))
		];
		catalog = buildCatalog(files);
	}
	return catalog;
}

const pictures = new Map(Object.entries(pictureUrls).map(([path, url]) => [relative(path), url]));

/** The address of a picture in a course folder ("images/x.png"), or null when there is none. */
export function pictureUrl(course: CatalogCourse, file: string): string | null {
	return pictures.get(`courses/${course.folder}/${file}`) ?? null;
}

const loaders = new Map(Object.entries(lessonModules).map(([path, load]) => [relative(path), load]));

/** The compiled lesson in the language asked for, or in Vietnamese when it has no English yet. */
export async function lessonComponent(course: CatalogCourse, lesson: CatalogLesson, language: Language): Promise<{ component: Component; language: Language }> {
	const shown: Language = language === 'en' && lesson.hasEnglish ? 'en' : 'vi';
	const load = loaders.get(`courses/${course.folder}/${lesson.slug}.${shown}.svx`);
	if (!load) throw new Error(`No compiled lesson for ${course.folder}/${lesson.slug}.${shown}`);
	return { component: (await load()).default, language: shown };
}

export type { Catalog, CatalogCourse, CatalogLesson, Language } from './catalog';
