import type { PracticeAnswer, PracticeView } from '../../practice';
import type { CatalogCourse, CatalogLesson, Language } from '../content/catalog';
import { practiceView } from '../content/practice-view';
import { type LessonSegment, renderLesson } from '../content/render';
import type { Practice } from '../content/schema';
import { visibleCourse } from '../content/visibility';
import type { DbOrTx } from '../db/client';
import type { Role } from '../db/schema';
import { PAYMENT_FIELDS, savedPracticeAnswers } from './practice';
import { courseProgress, lessonBlockedBy, recordLessonSeen } from './lessons';

export interface FoundLesson {
	course: CatalogCourse;
	lesson: CatalogLesson;
}

/** The lesson a route names, or null (404) when the course or lesson does not exist or is hidden. */
export function lessonFromRoute(params: { course: string; lesson: string }, roles: readonly Role[] | undefined): FoundLesson | null {
	const course = visibleCourse(params.course, roles);
	const lesson = course?.lessons.find((l) => l.id === params.lesson);
	return course && lesson ? { course, lesson } : null;
}

export const titleIn = (title: { vi: string; en: string | null }, language: Language) => (language === 'en' ? (title.en ?? title.vi) : title.vi);

const linkTo = (course: CatalogCourse, lesson: CatalogLesson | undefined, language: Language) =>
	lesson ? { id: lesson.id, title: titleIn(lesson.title, language) } : null;

export type PageSegment = { kind: 'html'; html: string } | { kind: 'practice'; practice: PracticeView; answers: PracticeAnswer[] };

/**
 * Everything the lesson page shows. For a signed-in learner it also notes the first visit; a
 * lesson still locked (in-order courses) comes without its text, naming what to finish first.
 */
export async function lessonPage(db: DbOrTx, { course, lesson }: FoundLesson, personId: number | null, language: Language, doneParam: string | null, now: Date) {
	const index = course.lessons.indexOf(lesson);
	const progress = personId === null ? null : courseProgress(db, personId, course);
	const blockedById = progress ? lessonBlockedBy(course, lesson.id, progress.done) : null;
	if (personId !== null && progress && !blockedById && !progress.seen.has(lesson.id)) recordLessonSeen(db, personId, course.id, lesson.id, now);

	let shownLanguage: Language = language === 'en' && lesson.hasEnglish ? 'en' : 'vi';
	let segments: PageSegment[] = [];
	if (!blockedById) {
		const rendered = await renderLesson(course, lesson, language);
		shownLanguage = rendered.language;
		const saved = personId === null ? new Map<string, PracticeAnswer[]>() : savedPracticeAnswers(db, personId, course);
		segments = await Promise.all(
			rendered.segments.map(async (segment: LessonSegment): Promise<PageSegment> => {
				if (segment.kind === 'html') return segment;
				const practice = course.practice.get(segment.set);
				if (!practice) throw new Error(`Practice ${segment.set} missing from ${course.id}`);
				return { kind: 'practice', practice: await practiceView(segment.set, practice, shownLanguage), answers: saved.get(segment.set) ?? [] };
			})
		);
	}
	const justDone = /^(lesson|course|already|no-unit)-([a-z0-9-]+)$/.exec(doneParam ?? '');
	const justDoneLesson = justDone ? course.lessons.find((l) => l.id === justDone[2]) : undefined;
	return {
		course: { id: course.id, title: course.title[language], status: course.status, lessonsInOrder: course.lessonsInOrder, lessonCount: course.lessons.length },
		lesson: { id: lesson.id, title: titleIn(lesson.title, shownLanguage), minutes: lesson.minutes, number: index + 1, done: progress?.done.has(lesson.id) ?? false },
		previous: linkTo(course, course.lessons[index - 1], language),
		next: linkTo(course, course.lessons[index + 1], language),
		textLanguage: shownLanguage,
		translationMissing: language === 'en' && shownLanguage === 'vi',
		segments,
		glossary: lesson.glossary[shownLanguage],
		blockedBy: linkTo(course, course.lessons.find((l) => l.id === blockedById), language),
		percent: progress?.percent ?? null,
		signedIn: personId !== null,
		justDone: justDone && justDoneLesson ? { kind: justDone[1] as 'lesson' | 'course' | 'already' | 'no-unit', title: titleIn(justDoneLesson.title, language) } : null
	};
}

/** A practice answer as posted by the lesson page's forms, for a practice placed in this lesson. */
export function practiceFromForm({ course, lesson }: FoundLesson, form: { text: (name: string) => string; checked: (name: string) => boolean }): { practiceId: string; practice: Practice; itemId: string; answer: string } | null {
	const practiceId = form.text('practice');
	const practice = lesson.practiceIds.includes(practiceId) ? course.practice.get(practiceId) : undefined;
	if (!practice) return null;
	if (practice.kind === 'check-before-pay') {
		const found = PAYMENT_FIELDS.filter((field) => form.checked(field));
		return { practiceId, practice, itemId: 'screen', answer: found.length === 0 ? 'none' : found.join(',') };
	}
	return { practiceId, practice, itemId: form.text('item'), answer: form.text('answer') };
}
