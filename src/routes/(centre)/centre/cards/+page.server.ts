import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { MAX_CARDS_PER_BATCH, parsePersonIds } from '$lib/schemas/centre';
import { centreViewer, issueCards } from '$lib/server/centre';
import { db } from '$lib/server/db';
import { printedCards } from '../cards.server';
import { loadResidentPicker } from '../picker.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => ({
	...loadResidentPicker(locals.user!, url),
	maxCards: MAX_CARDS_PER_BATCH
});

export const actions: Actions = {
	/** New activation codes for the residents ticked, answered with their cards, eight to an A4 sheet. */
	print: async ({ request, locals, url }) => {
		const form = await request.formData().catch(() => new FormData());
		const ids = parsePersonIds(form.getAll('person'));
		if (ids.length === 0) return fail(400, { message: m.centre_cards_none_chosen() });
		if (ids.length > MAX_CARDS_PER_BATCH) return fail(400, { message: m.centre_cards_too_many({ max: MAX_CARDS_PER_BATCH }) });
		const { cards, skipped } = issueCards(db(), centreViewer(locals.user!, locals.requestId), ids);
		// Nobody chosen could be given a card: strangers and unknown ids alike are "not found".
		if (cards.length === 0) error(404, m.people_not_found());
		// The codes leave the server this once, in this answer; only their hashes are stored.
		return { cards: await printedCards(cards, url.origin), skipped };
	}
};
