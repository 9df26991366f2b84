import { grantsWithUnitNames } from '$lib/server/auth/accounts';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { contentCatalog } from '$lib/server/content';
import { myLearning } from '$lib/server/progress/my-learning';
import { learningNotices } from '$lib/server/progress/notices';
import { personCriteria } from '$lib/server/reports';
import { evidenceYears, reportPerson } from '$lib/server/reports/evidence';
import { personCriteriaView } from '$lib/server/reports/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	// The guard lets only signed-in people in; the non-null assertion documents that.
	const user = locals.user!;
	const catalog = contentCatalog();
	const person = reportPerson(db(), user.id);
	const now = new Date();
	const learning = myLearning(db(), user.id, user.roles, getLocale(), now);
	const criteria = person ? personCriteriaView(personCriteria(db(), catalog, person, new Date()), catalog, getLocale()) : [];
	return {
		criteria,
		// Evidence sheets are for the yearly evaluation of staff.
		evidenceYears: person?.staffGroup && criteria.length > 0 ? evidenceYears(catalog) : [],
		fullName: user.fullName,
		learning,
		notices: learningNotices(
			learning.assigned.map(({ course, deadlineAt }) => ({ courseId: course.id, courseTitle: course.title, deadlineAt, completed: course.standing?.completed ?? false })),
			now
		),
		roles: grantsWithUnitNames(db(), [user.id]).map(({ role, unit }) => ({ role, unit })),
		can: {
			assist: user.roles.some((r) => r === 'facilitator' || r === 'unit_manager' || r === 'province_admin' || r === 'system_admin'),
			administer: user.roles.some((r) => r === 'province_admin' || r === 'system_admin'),
			report: user.roles.some((r) => r === 'unit_manager' || r === 'province_admin' || r === 'system_admin')
		}
	};
};
