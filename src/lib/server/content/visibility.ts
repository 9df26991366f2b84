import type { Role } from '../db/schema';
import type { CatalogCourse } from './catalog';
import { contentCatalog } from './index';

/** Draft courses are for the province's editors: admins see them (with a banner), nobody else. */
export function seesDrafts(roles: readonly Role[] | undefined): boolean {
	return roles?.some((role) => role === 'province_admin' || role === 'system_admin') ?? false;
}

/** The courses this visitor may open, in catalogue order. */
export function visibleCourses(roles: readonly Role[] | undefined): CatalogCourse[] {
	const drafts = seesDrafts(roles);
	return contentCatalog().courses.filter((course) => course.status === 'published' || drafts);
}

/** The course, or null when it does not exist or this visitor may not see it (both answer 404). */
export function visibleCourse(courseId: string, roles: readonly Role[] | undefined): CatalogCourse | null {
	const course = contentCatalog().byId.get(courseId);
	return course && (course.status === 'published' || seesDrafts(roles)) ? course : null;
}
