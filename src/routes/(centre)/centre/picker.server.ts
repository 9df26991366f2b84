import { MAX_QUERY_LENGTH, parsePageNumber } from '$lib/server/people';
import { centreCommunes, centreViewer, communeResidents } from '$lib/server/centre';
import { db } from '$lib/server/db';

/**
 * The resident list with checkboxes that the centre's hub and card pages show: the viewer's
 * communes (a facilitator's own; an admin picks one with ?commune=), a name search and a page.
 * A commune the viewer does not assist in the URL is ignored, never shown.
 */
export function loadResidentPicker(user: NonNullable<App.Locals['user']>, url: URL) {
	const viewer = centreViewer(user);
	const communes = centreCommunes(db(), viewer);
	const asked = url.searchParams.get('commune');
	const commune = communes.find((c) => String(c.id) === asked) ?? (communes.length === 1 ? communes[0]! : null);
	const query = (url.searchParams.get('q') ?? '').normalize('NFC').trim().slice(0, MAX_QUERY_LENGTH);
	const residents = commune ? communeResidents(db(), viewer, commune.id, { query, page: parsePageNumber(url.searchParams.get('page')) }) : null;
	return { communes, commune, query, residents };
}
