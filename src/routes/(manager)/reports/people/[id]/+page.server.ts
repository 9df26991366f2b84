import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { contentCatalog } from '$lib/server/content';
import { db } from '$lib/server/db';
import { parsePersonId, viewerOf } from '$lib/server/people';
import { personCriteria } from '$lib/server/reports';
import { evidenceYears, visibleReportPerson } from '$lib/server/reports/evidence';
import { personCriteriaView } from '$lib/server/reports/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const id = parsePersonId(params.id);
	// Someone out of scope is answered as no one: the page does not confirm who exists.
	const person = id === null ? null : visibleReportPerson(db(), viewerOf(locals.user!), id);
	if (!person) error(404);
	const catalog = contentCatalog();
	return {
		person: { id: person.id, fullName: person.fullName, anonymised: person.anonymisedAt !== null, username: person.username, agencyName: person.agencyName, position: person.position, staffGroup: person.staffGroup },
		criteria: personCriteriaView(personCriteria(db(), catalog, person, new Date()), catalog, getLocale()),
		years: evidenceYears(catalog)
	};
};
