import type { CatalogCourse, Language } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { courseSummary } from './catalogue';
import { courseProgress, lessonBlockedBy } from './lessons';
import { courseStandings } from './learning';
import { titleIn } from './lesson-page';

/** The course page: its lessons with what this person has done, and where to go on. */
export function coursePage(db: DbOrTx, course: CatalogCourse, personId: number | null, language: Language) {
	const progress = personId === null ? null : courseProgress(db, personId, course);
	const standing = personId === null ? null : (courseStandings(db, personId, [course]).get(course.id) ?? null);
	return {
		course: { ...courseSummary(course, language, standing), lessonsInOrder: course.lessonsInOrder, version: course.version },
		lessons: course.lessons.map((lesson) => ({
			id: lesson.id,
			title: titleIn(lesson.title, language),
			minutes: lesson.minutes,
			translated: language === 'vi' || lesson.hasEnglish,
			done: progress?.done.has(lesson.id) ?? false,
			locked: progress !== null && lessonBlockedBy(course, lesson.id, progress.done) !== null
		})),
		signedIn: personId !== null,
		startLessonId: progress?.resumeLessonId ?? course.lessons[0]!.id
	};
}
