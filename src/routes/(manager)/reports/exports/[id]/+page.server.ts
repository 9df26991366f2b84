import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { reportJobFor } from '$lib/server/reports/jobs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const job = reportJobFor(db(), locals.user!.id, params.id);
	if (!job) error(404, m.bulk_not_found());
	return { id: job.publicId, kind: job.kind, fileName: job.fileName, status: job.status, total: job.total, done: job.done, createdAt: job.createdAt };
};
