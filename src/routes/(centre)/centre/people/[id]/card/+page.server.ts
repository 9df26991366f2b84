import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { cardPerson, centreViewer, issueCards } from '$lib/server/centre';
import { db } from '$lib/server/db';
import { parsePersonId } from '$lib/server/people';
import { printedCards } from '../../../cards.server';
import type { Actions, PageServerLoad } from './$types';

/** The resident behind the URL if the signed-in facilitator may give them a card; 404 alike for strangers and unknown ids. */
function residentFor(locals: App.Locals, idParam: string) {
	const id = parsePersonId(idParam);
	const person = id === null ? null : cardPerson(db(), centreViewer(locals.user!), id);
	if (!person) error(404, m.people_not_found());
	return person;
}

export const load: PageServerLoad = ({ locals, params }) => {
	const { liveCodeExpiresAt, ...person } = residentFor(locals, params.id);
	return { person: { ...person, liveCodeExpiresAt: liveCodeExpiresAt?.getTime() ?? null } };
};

export const actions: Actions = {
	/** "Cấp mã mới": a new activation code, replacing the unused one, on a new card. */
	reissue: async ({ locals, params, url }) => {
		const person = residentFor(locals, params.id);
		if (person.blocked === 'disabled') return fail(409, { message: m.centre_card_disabled() });
		if (person.blocked === 'higher') return fail(409, { message: m.centre_card_higher() });
		const { cards } = issueCards(db(), centreViewer(locals.user!, locals.requestId), [person.id]);
		// Empty here means the scope or the account changed since the check above.
		if (cards.length === 0) error(404, m.people_not_found());
		const [card] = await printedCards(cards, url.origin);
		return { card: card! };
	}
};
