import { fail } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { parseForm } from '$lib/schemas/admin';
import { type RegistrationInput, registrationSchema } from '$lib/schemas/centre';
import { foldForSearch } from '$lib/search-name';
import { centreCommunes, centreViewer, registerResident } from '$lib/server/centre';
import { db } from '$lib/server/db';
import { formFields } from '$lib/server/http/form';
import { printedCards } from '../cards.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * What the possible duplicates were found for. "Create anyway" counts only for the same person the
 * warning was about: a name, birth year, phone or commune changed since is checked again.
 */
const duplicatesFor = (input: RegistrationInput) =>
	createHash('sha256')
		.update(JSON.stringify([foldForSearch(input.fullName), input.birthYear, input.phone, input.commune]))
		.digest('base64url')
		.slice(0, 22);

export const load: PageServerLoad = ({ locals }) => {
	const communes = centreCommunes(db(), centreViewer(locals.user!));
	// A facilitator registers people of their own commune: it is chosen for them.
	return { communes, preselected: communes.length === 1 ? String(communes[0]!.id) : '' };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const form = await formFields(request);
		const parsed = parseForm(registrationSchema, form.text);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors, duplicates: null });
		const input = { ...parsed.data, createAnyway: parsed.data.createAnyway && form.text('duplicatesFor') === duplicatesFor(parsed.data) };
		const result = registerResident(db(), centreViewer(locals.user!, locals.requestId), input);
		switch (result.status) {
			case 'invalid':
				// Only a commune outside the viewer's reach gets here (a forged or stale form).
				return fail(403, { values: parsed.values, errors: result.errors, duplicates: null });
			case 'duplicates':
				return fail(409, {
					values: { ...parsed.values, createAnyway: '' },
					errors: {},
					duplicates: { matches: result.matches, elsewhere: result.elsewhere, checkedFor: duplicatesFor(input) }
				});
			case 'done': {
				// The page that answers is the sign-in card: the code leaves the server this once.
				const { status: _status, ...card } = result;
				const [printed] = await printedCards([card], url.origin);
				return { created: printed! };
			}
		}
	}
};

