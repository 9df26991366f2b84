import { currentCertificateCode } from '../certificates/files';
import type { CatalogCourse, Language } from '../content/catalog';
import type { AppDatabase } from '../db/client';
import { recordCompletionIfMet } from './completion';
import { learnerUnits } from './learner';
import { courseSummary } from './catalogue';
import { courseProgress, lessonBlockedBy } from './lessons';
import { courseStandings } from './learning';
import { titleIn } from './lesson-page';

/** The course page: its lessons with what this person has done, and where to go on. */
export function coursePage(db: AppDatabase, course: CatalogCourse, personId: number | null, language: Language, now: Date) {
	const progress = personId === null ? null : courseProgress(db, personId, course);
	// Everything done but no completion of this version (a new version dropped the last open
	// lesson, or the person had no unit then): decide it now rather than never.
	if (personId !== null && progress?.resumeLessonId === null) db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, personId), course, now));
	const standing = personId === null ? null : (courseStandings(db, personId, [course]).get(course.id) ?? null);
	return {
		course: { ...courseSummary(course, language, standing), lessonsInOrder: course.lessonsInOrder, version: course.version, completion: course.completion },
		lessons: course.lessons.map((lesson) => ({
			id: lesson.id,
			title: titleIn(lesson.title, language),
			minutes: lesson.minutes,
			translated: language === 'vi' || lesson.hasEnglish,
			done: progress?.done.has(lesson.id) ?? false,
			locked: progress !== null && lessonBlockedBy(course, lesson.id, progress.done) !== null
		})),
		hasQuiz: course.finalQuiz !== null,
		certificateCode: personId === null ? null : currentCertificateCode(db, personId, course),
		signedIn: personId !== null,
		startLessonId: progress?.resumeLessonId ?? course.lessons[0]!.id
	};
}
