import { db } from '$lib/server/db';
import { MAX_QUERY_LENGTH, describeScope, parsePageNumber, searchPeopleInScope, viewerOf } from '$lib/server/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	// The hook lets only staff in; the scope below decides whom they find.
	const viewer = viewerOf(locals.user!);
	const query = (url.searchParams.get('q') ?? '').normalize('NFC').trim().slice(0, MAX_QUERY_LENGTH);
	const page = parsePageNumber(url.searchParams.get('page'));
	return {
		query,
		queryMaxLength: MAX_QUERY_LENGTH,
		scope: describeScope(db(), viewer, 'recover'),
		...searchPeopleInScope(db(), viewer, { query, purpose: 'recover', page })
	};
};
