import catalog from 'virtual:content-catalog';
import type { Component } from 'svelte';
import type { Catalog, CatalogCourse, CatalogLesson, Language } from './catalog';

// The content folder (or the one CONTENT_DIR named at build time, for tests) goes into the server
// build: the catalogue checked and built once by the build (catalog-plugin.js), lessons compiled
// and loaded on first use. Nothing here reaches a browser.
const lessonModules = import.meta.glob('$content/courses/*/*.svx') as Record<string, () => Promise<{ default: Component }>>;
// Pictures for quiz questions: emitted with the client assets, addressed by their hashed URL.
const pictureUrls = import.meta.glob('$content/courses/*/images/*.{png,jpg,jpeg,webp}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

function relative(globPath: string): string {
	const at = globPath.search(/\/(courses|criteria)\//);
	return globPath.slice(at + 1);
}

/** The course catalogue. */
export function contentCatalog(): Catalog {
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
