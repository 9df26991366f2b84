import { redirect } from '@sveltejs/kit';
import { localizedPath } from '$lib/i18n';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import type { Actions } from './$types';

export const actions: Actions = {
	default: ({ locals, cookies, url }) => {
		if (locals.session) invalidateSession(db(), locals.session.id);
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, localizedPath('/'));
	}
};
