import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { exportFile, exportFor } from '$lib/server/certificates/bulk';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The prepared ZIP, to the person who asked for it, streamed from disk. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const job = exportFor(db(), locals.user!.id, params.id);
	if (!job || job.status !== 'done') error(404, m.bulk_not_found());
	const file = exportFile(job.publicId);
	const size = await stat(file).then((s) => s.size).catch(() => null);
	if (size === null) error(404, m.bulk_not_found());
	const day = job.createdAt.toISOString().slice(0, 10);
	return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(size),
			'content-disposition': `attachment; filename="giay-chung-nhan-${day}.zip"`,
			'cache-control': 'private, no-store'
		}
	});
};
