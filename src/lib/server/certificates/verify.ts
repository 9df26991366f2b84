import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { certificates, people } from '../db/schema';
import { normaliseCertificateCode } from './codes';

/** "Nguyễn Văn An" → "Nguyễn V. A.": the family name, then initials, as the public page shows it. */
export function maskName(fullName: string): string {
	const [family, ...rest] = fullName.normalize('NFC').trim().split(/\s+/);
	if (!family) return '';
	return [family, ...rest.map((word) => `${[...word][0]!.toLocaleUpperCase('vi')}.`)].join(' ');
}

export interface PublicCertificate {
	code: string;
	status: 'valid' | 'revoked';
	/** The holder asked for their personal data to be deleted: no name is shown, nothing can be confirmed. */
	holderRemoved: boolean;
	maskedName: string;
	courseTitle: { vi: string; en: string };
	courseVersion: number;
	completedAt: Date;
	issuerName: string;
	revokedAt: Date | null;
	revokedReason: string | null;
}

/** What anyone may learn about a certificate from its code; null when there is none. */
export function publicCertificate(db: DbOrTx, typed: string): PublicCertificate | null {
	const code = normaliseCertificateCode(typed);
	if (!code) return null;
	const found = db.select({ row: certificates, anonymisedAt: people.anonymisedAt }).from(certificates).innerJoin(people, eq(people.id, certificates.personId)).where(eq(certificates.code, code)).get();
	if (!found) return null;
	const { row } = found;
	const holderRemoved = found.anonymisedAt !== null;
	return {
		code: row.code,
		status: row.revokedAt ? 'revoked' : 'valid',
		holderRemoved,
		maskedName: holderRemoved ? '' : maskName(row.holderName),
		courseTitle: { vi: row.courseTitleVi, en: row.courseTitleEn },
		courseVersion: row.courseVersion,
		completedAt: row.completedAt,
		issuerName: row.issuerName,
		revokedAt: row.revokedAt,
		revokedReason: row.revokedReason
	};
}

/**
 * The holder's full name, for a visitor who knows their birth year or the last four digits of
 * their phone (what an employer or a commune officer would have on the application in front of
 * them). Null when the answer does not match.
 */
export function confirmHolder(db: DbOrTx, code: string, answer: string): string | null {
	const typed = answer.replace(/\s/g, '');
	if (!/^\d{4}$/.test(typed)) return null;
	const row = db
		.select({ holderName: certificates.holderName, birthYear: people.birthYear, phone: people.phone, anonymisedAt: people.anonymisedAt })
		.from(certificates)
		.innerJoin(people, eq(people.id, certificates.personId))
		.where(eq(certificates.code, code))
		.get();
	if (!row || row.anonymisedAt !== null) return null;
	const matches = (row.birthYear !== null && String(row.birthYear) === typed) || (row.phone !== null && row.phone.endsWith(typed));
	return matches ? row.holderName : null;
}
