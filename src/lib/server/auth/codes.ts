import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type OneTimeCodePurpose, oneTimeCodes } from '../db/schema';
import { inChunks } from '../org/upsert';

type IssuedCodePurpose = Exclude<OneTimeCodePurpose, 'two_factor_recovery'>;

const PASSWORD_RECOVERY_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const TWO_FACTOR_RECOVERY_CODE_COUNT = 8;
/** Length of the codes `issueCode` hands out (recovery, activation): 60 bits. */
export const ISSUED_CODE_LENGTH = 12;

// Crockford's alphabet: no I, L, O or U, so codes read aloud or copied from paper survive.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random code of `length` Crockford base32 characters (5 bits each). */
export function randomCode(length: number): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/** Upper case, without spaces and dashes, with the look-alikes people type mapped back. */
export function normaliseCode(input: string): string {
	return input
		.toUpperCase()
		.replace(/[\s-]/g, '')
		.replace(/[IL]/g, '1')
		.replace(/O/g, '0');
}

/** Whether typed text could be an issued code of this many characters, once normalised. */
export function isCodeShaped(input: string, length: number): boolean {
	return new RegExp(`^[${ALPHABET}]{${length}}$`).test(normaliseCode(input));
}

/** Shown in groups of four so a person can copy it from paper: ABCD-EFGH-JK. */
export function groupCode(code: string): string {
	return code.match(/.{1,4}/g)?.join('-') ?? code;
}

// The codes carry 50+ bits and expire or die on first use, so a fast hash is enough here.
const hashCode = (code: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseCode(code))));

/**
 * Issues a code for one purpose, replacing that person's unused codes of the same purpose,
 * and returns it in clear: the only time it exists outside the person's hands.
 */
export function issueCode(
	db: DbOrTx,
	personId: number,
	purpose: IssuedCodePurpose,
	options: { issuedById: number | null; now?: Date; lifetimeMs?: number }
): { code: string; expiresAt: Date } {
	const { codes, expiresAt } = issueCodes(db, [personId], purpose, options);
	const [code] = codes;
	if (code === undefined) throw new Error('No code issued');
	return { code, expiresAt };
}

/**
 * `issueCode` for many people in a few statements, for enrolments of thousands; the codes come in
 * the order of `personIds`.
 */
export function issueCodes(
	db: DbOrTx,
	personIds: readonly number[],
	purpose: IssuedCodePurpose,
	options: { issuedById: number | null; now?: Date; lifetimeMs?: number }
): { codes: string[]; expiresAt: Date } {
	const now = options.now ?? new Date();
	const expiresAt = new Date(now.getTime() + (options.lifetimeMs ?? PASSWORD_RECOVERY_LIFETIME_MS));
	const issued = personIds.map((personId) => ({ personId, code: randomCode(ISSUED_CODE_LENGTH) }));
	revokeUnused(db, personIds, purpose, now);
	const values = issued.map(({ personId, code }) => ({ personId, purpose, codeHash: hashCode(code), createdAt: now, expiresAt, issuedById: options.issuedById }));
	for (const chunk of inChunks(values)) db.insert(oneTimeCodes).values(chunk).run();
	return { codes: issued.map(({ code }) => code), expiresAt };
}

/** A fresh set of second-factor recovery codes; the old set stops working. */
export function issueTwoFactorRecoveryCodes(db: DbOrTx, personId: number, now = new Date()): string[] {
	revokeUnused(db, [personId], 'two_factor_recovery', now);
	const codes = Array.from({ length: TWO_FACTOR_RECOVERY_CODE_COUNT }, () => randomCode(10));
	for (const code of codes) {
		db.insert(oneTimeCodes)
			.values({ personId, purpose: 'two_factor_recovery', codeHash: hashCode(code), createdAt: now, issuedById: personId })
			.run();
	}
	return codes;
}

/** Uses a code if it is this person's, for this purpose, unused and unexpired. True when it was. */
export function consumeCode(db: DbOrTx, personId: number, purpose: OneTimeCodePurpose, code: string, now = new Date()): boolean {
	const used = db
		.update(oneTimeCodes)
		.set({ usedAt: now })
		.where(
			and(
				eq(oneTimeCodes.personId, personId),
				eq(oneTimeCodes.purpose, purpose),
				eq(oneTimeCodes.codeHash, hashCode(code)),
				isNull(oneTimeCodes.usedAt),
				or(isNull(oneTimeCodes.expiresAt), gt(oneTimeCodes.expiresAt, now))
			)
		)
		.run();
	return used.changes > 0;
}

function revokeUnused(db: DbOrTx, personIds: readonly number[], purpose: OneTimeCodePurpose, now: Date): void {
	for (const chunk of inChunks(personIds)) {
		db.update(oneTimeCodes)
			.set({ usedAt: now })
			.where(and(inArray(oneTimeCodes.personId, chunk), eq(oneTimeCodes.purpose, purpose), isNull(oneTimeCodes.usedAt)))
			.run();
	}
}
