import { certificatesOf } from '../certificates/files';
import type { Language } from '../content/catalog';
import { visibleCourses } from '../content/visibility';
import type { DbOrTx } from '../db/client';
import type { Role } from '../db/schema';
import { courseSummary } from './catalogue';
import { assignedCourses, courseStandings } from './learning';

/**
 * "My learning": courses assigned to the person (deadline first), courses in progress, and
 * courses completed. An assigned course shows only under "assigned", with its own progress.
 */
export function myLearning(db: DbOrTx, personId: number, roles: readonly Role[], language: Language, now: Date) {
	const courses = visibleCourses(roles);
	const standings = courseStandings(db, personId, courses);
	const certificates = certificatesOf(db, personId);
	const summary = (courseId: string) => {
		const course = courses.find((c) => c.id === courseId);
		return course ? courseSummary(course, language, standings.get(course.id) ?? null) : null;
	};
	const assigned = assignedCourses(db, personId, now).flatMap((assignment) => {
		const course = summary(assignment.courseId);
		if (!course) return [];
		const overdue = !course.standing?.completed && assignment.deadlineAt.getTime() < now.getTime();
		return [{ course, assignmentTitle: assignment.assignmentTitle, deadlineAt: assignment.deadlineAt, overdue }];
	});
	const assignedIds = new Set(assigned.map((a) => a.course.id));
	const rest = courses.map((course) => summary(course.id)!).filter((course) => !assignedIds.has(course.id));
	return {
		assigned,
		inProgress: rest.filter((course) => course.standing?.started && !course.standing.completed),
		completed: courses
			.filter((course) => standings.get(course.id)?.completedAt)
			.map((course) => ({
				course: summary(course.id)!,
				completedAt: standings.get(course.id)!.completedAt!,
				olderVersion: standings.get(course.id)!.completedVersion !== course.version,
				// The newest certificate of the course (one per completed version).
				certificate: certificates.find((c) => c.courseId === course.id) ?? null
			}))
	};
}
