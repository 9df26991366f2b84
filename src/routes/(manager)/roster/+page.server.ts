import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { MAX_TABLE_BYTES } from '$lib/server/org';
import { problemMessage } from '$lib/server/org/problems';
import { viewerOf } from '$lib/server/people';
import { importRoster, rosterAgencies, rosterScope } from '$lib/server/people/roster-import';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function scopeOf({ locals }: Pick<RequestEvent, 'locals'>) {
	const scope = rosterScope(viewerOf(locals.user!), locals.requestId);
	if (!scope) error(403);
	return scope;
}

export const load: PageServerLoad = (event) => {
	const scope = scopeOf(event);
	const agencies = rosterAgencies(db(), scope).map(({ code, name }) => ({ code, name }));
	return { agencies, maxMb: MAX_TABLE_BYTES / 1024 / 1024 };
};

export const actions: Actions = {
	upload: async (event) => {
		const scope = scopeOf(event);
		const form = await event.request.formData().catch(() => new FormData());
		const file = form.get('file');
		if (!(file instanceof File) || (file.size === 0 && file.name === '')) return fail(400, { fileError: m.roster_file_missing() });
		const name = file.name || 'tệp';
		const result = await importRoster(db(), { name, bytes: new Uint8Array(await file.arrayBuffer()) }, scope);
		if (!result.ok) {
			const language = getLocale();
			const problems = result.problems.map((problem) => ({
				line: problem.line ?? null,
				column: problem.column ?? null,
				message: problemMessage(problem, language)
			}));
			return fail(400, { file: name, problems });
		}
		const { created, updated, unchanged, accounts, expiresAt } = result;
		return {
			file: name,
			done: { created, updated, unchanged },
			accounts: accounts.map(({ fullName, username, agency, code }) => ({ fullName, username, agency, code })),
			expiresAt: expiresAt.getTime()
		};
	}
};
