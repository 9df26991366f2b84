import { render } from 'svelte/server';
import { LESSON_CONTEXT, type LessonContext, PRACTICE_SLOT } from '$lib/components/lesson/context';
import type { CatalogCourse, CatalogLesson, Language } from './catalog';
import { lessonComponent } from './index';

export type PracticeKind = 'spot-the-scam' | 'check-before-pay' | 'mock-application';

/** A lesson as the page shows it: its HTML, cut where a live practice goes. */
export type LessonSegment = { kind: 'html'; html: string } | { kind: 'practice'; practiceKind: PracticeKind; set: string };

export interface RenderedLesson {
	/** The language of the text, which is Vietnamese when the English page has no translation yet. */
	language: Language;
	segments: LessonSegment[];
}

// Lessons are fixed once built: render each (lesson, language) once per process.
const cache = new Map<string, Promise<RenderedLesson>>();

export function renderLesson(course: CatalogCourse, lesson: CatalogLesson, language: Language): Promise<RenderedLesson> {
	const key = `${course.id}/${lesson.id}/${language}`;
	let rendered = cache.get(key);
	if (!rendered) {
		rendered = renderUncached(course, lesson, language);
		rendered.catch(() => cache.delete(key));
		cache.set(key, rendered);
	}
	return rendered;
}

async function renderUncached(course: CatalogCourse, lesson: CatalogLesson, language: Language): Promise<RenderedLesson> {
	const { component, language: shown } = await lessonComponent(course, lesson, language);
	let counter = 0;
	const context: LessonContext = { language: shown, nextId: () => `term-${lesson.id}-${++counter}` };
	const { body } = render(component, { context: new Map([[LESSON_CONTEXT, context]]) });
	return { language: shown, segments: splitAtPractice(stripHydrationMarkers(body)) };
}

/** The page shows this HTML with {@html}; Svelte's hydration comments are only noise there. */
function stripHydrationMarkers(html: string): string {
	return html.replace(/<!--(?:\[[!-]?\d*|\]|)-->/g, '');
}

export function splitAtPractice(html: string): LessonSegment[] {
	const segments: LessonSegment[] = [];
	let last = 0;
	for (const match of html.matchAll(PRACTICE_SLOT)) {
		const before = html.slice(last, match.index).trim();
		if (before) segments.push({ kind: 'html', html: before });
		segments.push({ kind: 'practice', practiceKind: match[1] as PracticeKind, set: match[2]! });
		last = match.index + match[0].length;
	}
	const rest = html.slice(last).trim();
	if (rest) segments.push({ kind: 'html', html: rest });
	return segments;
}
