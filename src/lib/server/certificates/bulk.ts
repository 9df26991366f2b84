import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Zip, ZipPassThrough } from 'fflate';
import { and, asc, eq, getTableColumns, gte, inArray, isNull, lte } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { type AgencyTree, type Viewer, agencyInCommune, agencyUnder, canSee } from '../auth/scope';
import { buildFolder } from '../config';
import type { AppDatabase, DbOrTx } from '../db/client';
import { agencies, certificateExports, certificates, communes, people, provinces } from '../db/schema';
import { loadAgencyTree } from '../people/agency-tree';
import { isVietnamDay, vietnamDayEnd, vietnamDayStart } from '../../vietnam-day';
import { formatCertificateCode } from './codes';
import { certificatePrint } from './files';
import type { CertificatePrint } from './pdf';

/** More than this in one ZIP is a sign the filters are too wide (and a file too big to mail). */
export const EXPORT_MAX = 5000;

export type ExportUnit = { kind: 'province' | 'commune' | 'agency'; id: number };

export interface ExportFilters {
	unit: ExportUnit;
	courseId: string | null;
	/** Inclusive days in Vietnam, as yyyy-mm-dd. */
	from: string | null;
	to: string | null;
}

export function exportsFolder(): string {
	return process.env.EXPORTS_DIR || path.resolve('data/exports');
}

/** The units a viewer may download certificates for (reports scope), for the form's choices. */
export function exportableUnits(db: DbOrTx, viewer: Viewer): { value: string; label: string }[] {
	const provinceIds = [...new Set(viewer.grants.map((g) => g.provinceId))];
	const choices: { value: string; label: string }[] = [];
	for (const provinceId of provinceIds) {
		const tree = loadAgencyTree(db, provinceId);
		const province = db.select({ name: provinces.name }).from(provinces).where(eq(provinces.id, provinceId)).get();
		if (province && canSee(viewer, { kind: 'province', provinceId }, tree)) choices.push({ value: `province:${provinceId}`, label: province.name });
		for (const commune of db.select({ id: communes.id, name: communes.name }).from(communes).where(eq(communes.provinceId, provinceId)).orderBy(asc(communes.name)).all()) {
			if (canSee(viewer, { kind: 'commune', provinceId, communeId: commune.id }, tree)) choices.push({ value: `commune:${commune.id}`, label: commune.name });
		}
		for (const agency of db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.provinceId, provinceId)).orderBy(asc(agencies.name)).all()) {
			if (canSee(viewer, { kind: 'agency', provinceId, agencyId: agency.id }, tree)) choices.push({ value: `agency:${agency.id}`, label: agency.name });
		}
	}
	return choices;
}

/**
 * Whether a certificate belongs to the unit, counted as reports count people: civil servants under
 * their agency (and the commune of a commune-level agency), residents under their commune.
 */
function unitHolds(unit: ExportUnit, row: { communeIdAtCompletion: number | null; agencyIdAtCompletion: number | null }, tree: AgencyTree): boolean {
	const { communeIdAtCompletion: commune, agencyIdAtCompletion: agency } = row;
	if (unit.kind === 'province') return true;
	if (unit.kind === 'agency') return agency !== null && agencyUnder(agency, unit.id, tree);
	return agency === null ? commune === unit.id : agencyInCommune(agency, unit.id, tree);
}


/**
 * The certificates the viewer asked for, each checked against the viewer's scope again. Those of
 * people anonymised on their request are left out: they still verify publicly as "holder removed",
 * but a certificate without a name is of no use to a manager.
 */
export function certificatesForExport(db: DbOrTx, viewer: Viewer, filters: ExportFilters) {
	const provinceId = unitProvince(db, filters.unit);
	if (provinceId === null) return null;
	const tree = loadAgencyTree(db, provinceId);
	const unitRef = filters.unit.kind === 'province' ? { kind: 'province' as const, provinceId } : filters.unit.kind === 'commune' ? { kind: 'commune' as const, provinceId, communeId: filters.unit.id } : { kind: 'agency' as const, provinceId, agencyId: filters.unit.id };
	if (!canSee(viewer, unitRef, tree)) return null;
	const rows = db
		.select(getTableColumns(certificates))
		.from(certificates)
		.innerJoin(people, eq(people.id, certificates.personId))
		.where(
			and(
				eq(certificates.provinceId, provinceId),
				isNull(people.anonymisedAt),
				filters.courseId ? eq(certificates.courseId, filters.courseId) : undefined,
				filters.from ? gte(certificates.completedAt, vietnamDayStart(filters.from)) : undefined,
				filters.to ? lte(certificates.completedAt, vietnamDayEnd(filters.to)) : undefined
			)
		)
		.orderBy(asc(certificates.completedAt), asc(certificates.id))
		.all();
	return rows.filter(
		(row) =>
			unitHolds(filters.unit, row, tree) &&
			canSee(viewer, { kind: 'person', provinceId, personId: row.personId, communeId: row.agencyIdAtCompletion === null ? row.communeIdAtCompletion : null, agencyId: row.agencyIdAtCompletion }, tree)
	);
}

function unitProvince(db: DbOrTx, unit: ExportUnit): number | null {
	if (unit.kind === 'province') return db.select({ id: provinces.id }).from(provinces).where(eq(provinces.id, unit.id)).get()?.id ?? null;
	const table = unit.kind === 'commune' ? communes : agencies;
	return db.select({ provinceId: table.provinceId }).from(table).where(eq(table.id, unit.id)).get()?.provinceId ?? null;
}

export type StartExportResult = { status: 'started'; publicId: string } | { status: 'forbidden' } | { status: 'empty' } | { status: 'too-many'; count: number };

/** Records the request and starts preparing it in the background; the caller shows the status page. */
export function startCertificateExport(db: AppDatabase, viewer: Viewer, filters: ExportFilters, origin: string, now: Date): StartExportResult {
	const rows = certificatesForExport(db, viewer, filters);
	if (rows === null) return { status: 'forbidden' };
	if (rows.length === 0) return { status: 'empty' };
	if (rows.length > EXPORT_MAX) return { status: 'too-many', count: rows.length };
	const publicId = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
	db.insert(certificateExports).values({ publicId, requestedById: viewer.personId, filters, status: 'queued', total: rows.length, createdAt: now }).run();
	const prints = rows.map((row) => certificatePrint(db, row, origin));
	const list = rows.map((row, i) => ({ print: prints[i]!, revoked: row.revokedAt !== null }));
	void prepareExport(db, publicId, list);
	return { status: 'started', publicId };
}

/** The viewer's own export, for its status page and download; another person's answers as none. */
export function exportFor(db: DbOrTx, personId: number, publicId: string) {
	if (!/^[a-z2-7]{24}$/.test(publicId)) return null;
	return db.select().from(certificateExports).where(and(eq(certificateExports.publicId, publicId), eq(certificateExports.requestedById, personId))).get() ?? null;
}

export const exportFile = (publicId: string) => path.join(exportsFolder(), `${publicId}.zip`);

/** After a restart nothing is preparing any more: say so rather than spin forever. */
export function failInterruptedExports(db: DbOrTx, now: Date): void {
	db.update(certificateExports).set({ status: 'failed', error: 'interrupted', finishedAt: now }).where(inArray(certificateExports.status, ['queued', 'running'])).run();
}

async function prepareExport(db: AppDatabase, publicId: string, list: { print: CertificatePrint; revoked: boolean }[]) {
	const file = exportFile(publicId);
	const partial = `${file}.part`;
	const setStatus = (values: Partial<typeof certificateExports.$inferInsert>) => db.update(certificateExports).set(values).where(eq(certificateExports.publicId, publicId)).run();
	try {
		setStatus({ status: 'running' });
		await mkdir(exportsFolder(), { recursive: true });
		const out = createWriteStream(partial);
		const written = new Promise<void>((resolve, reject) => {
			out.on('finish', resolve);
			out.on('error', reject);
		});
		const zip = new Zip((err, chunk, final) => {
			if (err) out.destroy(err);
			else {
				out.write(chunk);
				if (final) out.end();
			}
		});
		// PDFs are already compressed: store them as they are.
		const add = (name: string, bytes: Uint8Array) => {
			const entry = new ZipPassThrough(name);
			zip.add(entry);
			entry.push(bytes, true);
		};
		add('danh-sach.xlsx', await listWorkbook(list));
		add('danh-sach.csv', listCsv(list));
		let done = 0;
		await renderAll(
			list.map((item) => item.print),
			(index, pdf) => {
				add(`${formatCertificateCode(list[index]!.print.code)}.pdf`, pdf);
				done++;
				if (done % 50 === 0) setStatus({ done });
			}
		);
		zip.end();
		await written;
		await rename(partial, file);
		setStatus({ status: 'done', done, finishedAt: new Date() });
	} catch (cause) {
		await rm(partial, { force: true });
		setStatus({ status: 'failed', error: cause instanceof Error ? cause.message : String(cause), finishedAt: new Date() });
	}
}

const HEADERS = ['Họ và tên', 'Đơn vị', 'Khóa học', 'Phiên bản', 'Ngày hoàn thành', 'Điểm', 'Mã giấy chứng nhận', 'Trạng thái'];
const listRow = ({ print, revoked }: { print: CertificatePrint; revoked: boolean }) => [
	print.holderName,
	print.unitName ?? '',
	print.courseTitleVi,
	print.courseVersion,
	print.completedOn,
	print.score ?? '',
	formatCertificateCode(print.code),
	revoked ? 'Đã thu hồi' : 'Còn giá trị'
];

async function listWorkbook(list: { print: CertificatePrint; revoked: boolean }[]): Promise<Uint8Array> {
	// Loaded when an export runs: exceljs alone takes most of a second, and the server starts with this module.
	const { default: Excel } = await import('exceljs');
	const workbook = new Excel.Workbook();
	const sheet = workbook.addWorksheet('Giấy chứng nhận');
	sheet.addRow(HEADERS).font = { bold: true };
	for (const item of list) sheet.addRow(listRow(item));
	sheet.columns.forEach((column) => (column.width = 24));
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** CSV for spreadsheets that read UTF-8 only with its byte-order mark (Excel). */
function listCsv(list: { print: CertificatePrint; revoked: boolean }[]): Uint8Array {
	const cell = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));
	const lines = [HEADERS, ...list.map(listRow)].map((row) => row.map(cell).join(','));
	return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** The worker, bundled into plain JavaScript by `npm run build` (scripts/bundle.ts); null without a build. */
function workerFile(): string | null {
	const file = path.resolve(buildFolder(), 'pdf-worker.js');
	return existsSync(file) ? file : null;
}

/**
 * Renders every PDF, handing them on in order: for a large batch in worker threads, one per core
 * (this thread only zips, so requests are still answered); otherwise here, yielding between
 * certificates.
 */
async function renderAll(prints: CertificatePrint[], onPdf: (index: number, pdf: Uint8Array) => void): Promise<void> {
	const file = prints.length >= 20 ? workerFile() : null;
	if (!file) {
		const { renderCertificatePdf } = await import('./pdf');
		for (let i = 0; i < prints.length; i++) {
			onPdf(i, await renderCertificatePdf(prints[i]!));
			await new Promise((resolve) => setImmediate(resolve));
		}
		return;
	}
	const workers = Math.min(availableParallelism(), 4);
	const results = new Map<number, Uint8Array>();
	let next = 0;
	let emitted = 0;
	await Promise.all(
		Array.from({ length: workers }, () => {
			const worker = new Worker(file);
			return new Promise<void>((resolve, reject) => {
				const feed = () => {
					if (next >= prints.length) {
						void worker.terminate().then(() => resolve());
						return;
					}
					const index = next++;
					worker.postMessage({ index, print: prints[index] });
				};
				worker.on('message', ({ index, pdf }: { index: number; pdf: Uint8Array }) => {
					results.set(index, pdf);
					// Keep the ZIP in completion order whatever order the workers finish in.
					while (results.has(emitted)) {
						onPdf(emitted, results.get(emitted)!);
						results.delete(emitted++);
					}
					feed();
				});
				worker.on('error', reject);
				feed();
			});
		})
	);
}


/** The export form's fields, checked; errors name the field, in the words given by `say`. */
export function parseExportForm(
	fields: { text: (name: string) => string },
	courseIds: readonly string[],
	say: { unit: string; course: string; day: string; order: string }
): { ok: true; filters: ExportFilters } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const unitMatch = /^(province|commune|agency):([1-9]\d{0,11})$/.exec(fields.text('unit'));
	if (!unitMatch) errors.unit = say.unit;
	const courseId = fields.text('course') || null;
	if (courseId !== null && !courseIds.includes(courseId)) errors.course = say.course;
	const from = fields.text('from') || null;
	const to = fields.text('to') || null;
	if (from !== null && !isVietnamDay(from)) errors.from = say.day;
	if (to !== null && !isVietnamDay(to)) errors.to = say.day;
	if (from && to && !errors.from && !errors.to && from > to) errors.to = say.order;
	if (Object.keys(errors).length > 0 || !unitMatch) return { ok: false, errors };
	return { ok: true, filters: { unit: { kind: unitMatch[1] as ExportUnit['kind'], id: Number(unitMatch[2]) }, courseId, from, to } };
}
