import { foldForSearch } from '../../search-name';
import type { CatalogCourse, Language } from '../content/catalog';
import { visibleCourses } from '../content/visibility';
import type { DbOrTx } from '../db/client';
import type { Role } from '../db/schema';
import { type CourseStanding, courseStandings } from './learning';

export const AUDIENCES = ['residents', 'civil_servants', 'all'] as const;
export const TOPICS = ['1', '2', '3', '4', '5', '6'] as const;
export type Topic = (typeof TOPICS)[number];

export interface CatalogueFilters {
	query: string;
	audience: (typeof AUDIENCES)[number] | null;
	topic: Topic | null;
}

/** Filters from the catalogue's query string; anything unknown is ignored rather than refused. */
export function catalogueFilters(params: URLSearchParams): CatalogueFilters {
	const audience = params.get('audience');
	const topic = params.get('topic');
	return {
		query: (params.get('q') ?? '').normalize('NFC').trim().slice(0, 100),
		audience: (AUDIENCES as readonly string[]).includes(audience ?? '') ? (audience as CatalogueFilters['audience']) : null,
		topic: (TOPICS as readonly string[]).includes(topic ?? '') ? (topic as Topic) : null
	};
}

/** The competency domains (topics) a course touches: "4.2" belongs to domain 4. */
export const courseTopics = (course: CatalogCourse): Topic[] => [...new Set(course.competencies.map((code) => code.split('.')[0] as Topic))].sort();

export function courseSummary(course: CatalogCourse, language: Language, standing: CourseStanding | null) {
	return {
		id: course.id,
		title: course.title[language],
		summary: course.summary[language],
		audience: course.audience,
		minutes: course.minutes,
		lessonCount: course.lessons.length,
		topics: courseTopics(course),
		draft: course.status === 'draft',
		standing: standing && {
			percent: standing.percent,
			started: standing.started,
			completed: standing.completedVersion === course.version,
			resumeLessonId: standing.resumeLessonId
		}
	};
}

// Courses are fixed once built: fold each one's words once, not on every catalogue request.
const folded = new WeakMap<CatalogCourse, string>();
function searchText(course: CatalogCourse): string {
	let text = folded.get(course);
	if (text === undefined) {
		text = foldForSearch([course.title.vi, course.title.en, course.summary.vi, course.summary.en, ...course.lessons.flatMap((l) => [l.title.vi, l.title.en ?? ''])].join(' '));
		folded.set(course, text);
	}
	return text;
}

/**
 * The catalogue a visitor sees: published courses (and drafts for admins), filtered by audience
 * ("for residents" also lists courses for everyone), topic and words typed with or without accents.
 */
export function catalogue(db: DbOrTx, roles: readonly Role[] | undefined, personId: number | null, language: Language, filters: CatalogueFilters) {
	const words = foldForSearch(filters.query).split(' ').filter(Boolean);
	const courses = visibleCourses(roles).filter((course) => {
		if (filters.audience && course.audience !== filters.audience && course.audience !== 'all') return false;
		if (filters.topic && !courseTopics(course).includes(filters.topic)) return false;
		const haystack = searchText(course);
		return words.every((word) => haystack.includes(word));
	});
	const standings = personId === null ? null : courseStandings(db, personId, courses);
	return courses.map((course) => courseSummary(course, language, standings?.get(course.id) ?? null));
}
