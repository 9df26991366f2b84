import { and, desc, eq } from 'drizzle-orm';
import { formatDate, formatNumber } from '../../format';
import type { DbOrTx } from '../db/client';
import { agencies, certificates, communes } from '../db/schema';
import { normaliseCertificateCode } from './codes';
import type { CertificatePrint } from './pdf';

type CertificateRow = typeof certificates.$inferSelect;

function unitName(db: DbOrTx, row: CertificateRow): string | null {
	if (row.agencyIdAtCompletion !== null) return db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, row.agencyIdAtCompletion)).get()?.name ?? null;
	if (row.communeIdAtCompletion !== null) return db.select({ name: communes.name }).from(communes).where(eq(communes.id, row.communeIdAtCompletion)).get()?.name ?? null;
	return null;
}

export function certificatePrint(db: DbOrTx, row: CertificateRow, origin: string): CertificatePrint {
	return {
		code: row.code,
		holderName: row.holderName,
		courseTitleVi: row.courseTitleVi,
		courseTitleEn: row.courseTitleEn,
		courseVersion: row.courseVersion,
		completedOn: formatDate(row.completedAt, 'vi'),
		score: row.score === null ? null : `${formatNumber(row.score, 'vi')}%`,
		unitName: unitName(db, row),
		issuerName: row.issuerName,
		issuingAuthority: row.issuingAuthority,
		signerName: row.signerName,
		signerTitle: row.signerTitle,
		verifyUrl: `${origin}/verify/${row.code}`,
		revoked: row.revokedAt !== null
	};
}

// Certificates do not change once issued (only their revocation): keep recent PDFs in memory.
const cache = new Map<string, Uint8Array>();
const CACHE_SIZE = 200;

/** The certificate as a PDF, from the cache when it was made before in the same state. */
export async function certificatePdf(db: DbOrTx, row: CertificateRow, origin: string): Promise<Uint8Array> {
	const key = `${row.code}:${row.revokedAt?.getTime() ?? 'valid'}:${origin}`;
	const cached = cache.get(key);
	if (cached) return cached;
	// pdf-lib and fontkit take most of a second to load: pages that only show a code never need them.
	const { renderCertificatePdf } = await import('./pdf');
	const pdf = await renderCertificatePdf(certificatePrint(db, row, origin));
	if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
	cache.set(key, pdf);
	return pdf;
}

/** The person's own certificate with this code, or null (someone else's answers the same as none). */
export function ownCertificate(db: DbOrTx, personId: number, typed: string): CertificateRow | null {
	const code = normaliseCertificateCode(typed);
	if (!code) return null;
	return db.select().from(certificates).where(and(eq(certificates.code, code), eq(certificates.personId, personId))).get() ?? null;
}

/** The person's certificates, newest first, for "My learning". */
export function certificatesOf(db: DbOrTx, personId: number): { code: string; courseId: string; courseVersion: number; revoked: boolean }[] {
	return db
		.select({ code: certificates.code, courseId: certificates.courseId, courseVersion: certificates.courseVersion, revokedAt: certificates.revokedAt })
		.from(certificates)
		.where(eq(certificates.personId, personId))
		.orderBy(desc(certificates.issuedAt))
		.all()
		.map(({ revokedAt, ...rest }) => ({ ...rest, revoked: revokedAt !== null }));
}

/** The code of the person's valid certificate for the course's current version, if any. */
export function currentCertificateCode(db: DbOrTx, personId: number, course: { id: string; version: number }): string | null {
	return certificatesOf(db, personId).find((c) => c.courseId === course.id && c.courseVersion === course.version && !c.revoked)?.code ?? null;
}
