import { eq } from 'drizzle-orm';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { certificates, people, provinceSettings, provinces } from '../db/schema';
import { newCertificateCode } from './codes';

export interface CompletionForCertificate {
	id: number;
	personId: number;
	provinceId: number;
	completedAt: Date;
	score: number | null;
	communeId: number | null;
	agencyId: number | null;
}

/**
 * Issues the certificate of a completion, inside the completion's transaction: if issuing fails,
 * the completion is not recorded either. Name, course title, issuer and signer are copied as they
 * are now. Returns the code.
 */
export function issueCertificate(tx: DbOrTx, completion: CompletionForCertificate, course: CatalogCourse, now: Date): string {
	const person = tx.select({ fullName: people.fullName }).from(people).where(eq(people.id, completion.personId)).get();
	const province = tx
		.select({ name: provinces.name, displayName: provinceSettings.displayName, authority: provinceSettings.issuingAuthority, signerName: provinceSettings.signerName, signerTitle: provinceSettings.signerTitle })
		.from(provinces)
		.leftJoin(provinceSettings, eq(provinceSettings.provinceId, provinces.id))
		.where(eq(provinces.id, completion.provinceId))
		.get();
	if (!person || !province) throw new Error(`Cannot issue a certificate for completion ${completion.id}: person or province missing`);
	// 50 random bits: a clash is a one-in-a-quadrillion event, but it must not fail a completion.
	for (let attempt = 0; ; attempt++) {
		const code = newCertificateCode();
		const inserted = tx
			.insert(certificates)
			.values({
				code,
				completionId: completion.id,
				personId: completion.personId,
				provinceId: completion.provinceId,
				courseId: course.id,
				courseVersion: course.version,
				courseTitleVi: course.title.vi,
				courseTitleEn: course.title.en,
				holderName: person.fullName,
				completedAt: completion.completedAt,
				score: completion.score,
				issuerName: province.displayName ?? province.name,
				issuingAuthority: province.authority,
				signerName: province.signerName,
				signerTitle: province.signerTitle,
				communeIdAtCompletion: completion.communeId,
				agencyIdAtCompletion: completion.agencyId,
				issuedAt: now
			})
			.onConflictDoNothing({ target: certificates.code })
			.returning({ code: certificates.code })
			.get();
		if (inserted) return inserted.code;
		if (attempt >= 5) throw new Error('Could not find a free certificate code');
	}
}
