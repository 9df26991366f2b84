import { getContext } from 'svelte';
import type { Locale } from '$lib/paraglide/runtime';

/**
 * What lesson components need to know while a lesson renders on the server: the language of the
 * lesson text (which may differ from the page's when English falls back to Vietnamese).
 */
export interface LessonContext {
	language: Locale;
	/** Ids handed out to term popovers, unique within the page. */
	nextId: () => string;
}

export const LESSON_CONTEXT = Symbol('lesson');

export function lessonContext(): LessonContext {
	const context = getContext<LessonContext | undefined>(LESSON_CONTEXT);
	if (!context) throw new Error('Lesson components render only inside a lesson (renderLesson).');
	return context;
}

/** The HTML a practice block leaves in the rendered lesson; the lesson page puts the live practice there. */
export const PRACTICE_SLOT = /<div data-practice-slot="([a-z-]+):([a-z0-9-]+)"><\/div>/g;
