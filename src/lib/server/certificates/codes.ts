import { randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

/** A new certificate code: 10 random Crockford characters (50 bits), e.g. "7KQ2M9XR4T". */
export function newCertificateCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
	return code;
}

/**
 * A code as someone typed it: any case, with spaces, dashes or dots, and the letters Crockford
 * reads as digits (O → 0, I and L → 1). Null when it cannot be a certificate code.
 */
export function normaliseCertificateCode(input: string): string | null {
	const code = input
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-.·_]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

// Pages show codes too: the formatting lives where both sides can import it.
export { formatCertificateCode } from '../../certificate-code';
