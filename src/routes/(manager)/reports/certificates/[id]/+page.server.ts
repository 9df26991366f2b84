import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { exportFor } from '$lib/server/certificates/bulk';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const job = exportFor(db(), locals.user!.id, params.id);
	if (!job) error(404, m.bulk_not_found());
	return { id: job.publicId, status: job.status, total: job.total, done: job.done, createdAt: job.createdAt };
};
