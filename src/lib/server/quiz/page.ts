import { currentCertificateCode } from '../certificates/files';
import type { CatalogCourse, Language } from '../content/catalog';
import type { AppDatabase } from '../db/client';
import { courseStandings } from '../progress/learning';
import { courseProgress } from '../progress/lessons';
import { type QuizStanding, displayAttempt, quizStanding, reviewAttempt } from './attempts';
import type { PostedFields } from './questions';

/** The quiz page: rules, past attempts, the open attempt (without keys) and a reviewed result. */
export function quizPage(db: AppDatabase, personId: number, course: CatalogCourse, language: Language, reviewId: string | null, now: Date) {
	const standing = quizStanding(db, personId, course, now) as QuizStanding;
	const quiz = standing.quiz;
	const lessons = courseProgress(db, personId, course);
	const completed = courseStandings(db, personId, [course]).get(course.id);
	return {
		course: { id: course.id, title: course.title[language], completion: course.completion, lessonsLeft: course.lessons.length - lessons.done.size, resumeLessonId: lessons.resumeLessonId },
		quiz: {
			title: quiz.title[language],
			passMark: quiz.passMark,
			questionCount: typeof quiz.draw === 'number' ? quiz.draw : Object.values(quiz.draw).reduce((a, b) => a + (b ?? 0), 0),
			maxAttempts: quiz.maxAttempts,
			waitMinutes: quiz.waitMinutes,
			timeLimitMinutes: quiz.timeLimitMinutes
		},
		standing: {
			history: standing.history,
			passed: standing.passed,
			bestScore: standing.bestScore,
			attemptsLeft: standing.attemptsLeft,
			waitUntil: standing.waitUntil,
			canStart: standing.canStart
		},
		attempt: standing.open ? { publicId: standing.open.publicId, deadlineAt: standing.open.deadlineAt, questions: displayAttempt(course, standing.open, language) } : null,
		review: reviewId ? reviewAttempt(db, personId, course, reviewId, standing, language) : null,
		courseCompleted: completed?.completedVersion === course.version,
		certificateCode: currentCertificateCode(db, personId, course)
	};
}

/** Posted form fields as the grader reads them. */
export function postedFields(form: FormData): PostedFields & { names(): string[]; values(): Record<string, string[]> } {
	const all = (name: string) => form.getAll(name).filter((value): value is string => typeof value === 'string');
	const names = () => [...new Set([...form.keys()])];
	return {
		all,
		names,
		// What the learner chose, to show again when the form comes back with a problem.
		values: () => Object.fromEntries(names().filter((name) => /^q\d+(-[a-z2-7]+)?$/.test(name)).map((name) => [name, all(name).map((v) => v.slice(0, 200))]))
	};
}
