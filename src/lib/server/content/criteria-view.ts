import type { Catalog, Language } from './catalog';
import type { Criterion } from './schema';

/** A criterion in words for the criteria page: course ids become titles, nothing else changes. */
export function criterionView(criterion: Criterion, catalog: Catalog, language: Language) {
	const title = (courseId: string) => catalog.byId.get(courseId)?.title[language] ?? courseId;
	return {
		id: criterion.id,
		example: criterion.example,
		title: criterion.title[language],
		basis: criterion.basis.map((line) => ({ group: line.group, text: line.text[language] })),
		appliesTo: criterion.appliesTo,
		period: criterion.period,
		deadline: criterion.deadline,
		met: { ...criterion.met, courses: criterion.met.courses.map((id) => ({ id, title: title(id), minVersion: criterion.met.minVersion?.[id] ?? null })) },
		target: criterion.target,
		points: criterion.points ?? null
	};
}
