import { MAX_CARDS_PER_BATCH } from '$lib/schemas/centre';
import { isCentreDevice } from '$lib/server/centre';
import { loadResidentPicker } from './picker.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals, url }) => ({
	...loadResidentPicker(locals.user!, url),
	maxCards: MAX_CARDS_PER_BATCH,
	centreDevice: isCentreDevice(cookies)
});
