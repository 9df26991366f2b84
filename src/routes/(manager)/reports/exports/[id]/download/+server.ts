import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { REPORT_FILE_TYPES } from '$lib/server/reports/export-run';
import { reportJobFile, reportJobFor } from '$lib/server/reports/jobs';
import type { RequestHandler } from './$types';

/** The prepared file, to the person who asked for it, streamed from disk. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const job = reportJobFor(db(), locals.user!.id, params.id);
	if (!job || job.status !== 'done') error(404, m.bulk_not_found());
	const file = reportJobFile(job.publicId);
	const size = await stat(file).then((s) => s.size).catch(() => null);
	if (size === null) error(404, m.bulk_not_found());
	return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
		headers: {
			'content-type': REPORT_FILE_TYPES[job.kind],
			'content-length': String(size),
			'content-disposition': `attachment; filename="${job.fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
