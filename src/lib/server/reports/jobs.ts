import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { exportsFolder } from '../certificates/bulk';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type ReportExportKind, reportExports } from '../db/schema';

export interface ReportJobSpec {
	kind: ReportExportKind;
	filters: Record<string, unknown>;
	fileName: string;
	total: number;
}

/** Writes the file; calls `progress` now and then with how many items are done. */
export type ReportJobWork = (out: NodeJS.WritableStream, progress: (done: number) => void) => Promise<void>;

export const reportJobFile = (publicId: string) => path.join(exportsFolder(), `report-${publicId}`);

/**
 * Records a report file to prepare and starts writing it in the background; the manager follows
 * its status page. The file appears under its final name only when complete.
 */
export function startReportJob(db: AppDatabase, requestedById: number, spec: ReportJobSpec, work: ReportJobWork, now: Date): string {
	const publicId = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
	db.insert(reportExports).values({ publicId, requestedById, kind: spec.kind, filters: spec.filters, fileName: spec.fileName, status: 'queued', total: spec.total, createdAt: now }).run();
	void runJob(db, publicId, work);
	return publicId;
}

async function runJob(db: AppDatabase, publicId: string, work: ReportJobWork) {
	const file = reportJobFile(publicId);
	const partial = `${file}.part`;
	const setStatus = (values: Partial<typeof reportExports.$inferInsert>) => db.update(reportExports).set(values).where(eq(reportExports.publicId, publicId)).run();
	try {
		// Let the request that started the job answer first.
		await new Promise((resolve) => setImmediate(resolve));
		setStatus({ status: 'running' });
		await mkdir(exportsFolder(), { recursive: true });
		const out = createWriteStream(partial);
		const closed = new Promise<void>((resolve, reject) => {
			out.on('close', resolve);
			out.on('error', reject);
		});
		let done = 0;
		await work(out, (count) => {
			done = count;
			setStatus({ done });
		});
		if (!out.writableEnded) out.end();
		await closed;
		await rename(partial, file);
		setStatus({ status: 'done', finishedAt: new Date() });
	} catch (cause) {
		await rm(partial, { force: true });
		setStatus({ status: 'failed', error: cause instanceof Error ? cause.message : String(cause), finishedAt: new Date() });
	}
}

/** The viewer's own job, for its status page and download; another person's answers as none. */
export function reportJobFor(db: DbOrTx, personId: number, publicId: string) {
	if (!/^[a-z2-7]{24}$/.test(publicId)) return null;
	return db.select().from(reportExports).where(and(eq(reportExports.publicId, publicId), eq(reportExports.requestedById, personId))).get() ?? null;
}

/** After a restart nothing is preparing any more: say so rather than spin forever. */
export function failInterruptedReportJobs(db: DbOrTx, now: Date): void {
	db.update(reportExports).set({ status: 'failed', error: 'interrupted', finishedAt: now }).where(inArray(reportExports.status, ['queued', 'running'])).run();
}
