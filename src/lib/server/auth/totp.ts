import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Accept the code of the previous and next 30-second window too: phone clocks drift. */
const GRACE_SECONDS = 30;

export function generateTotpKey(): Uint8Array {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

export const encodeTotpKey = (key: Uint8Array) => encodeBase64(key);
export const decodeTotpKey = (stored: string) => decodeBase64(stored);

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpKeyUri(issuer: string, accountName: string, key: Uint8Array): string {
	return createTOTPKeyURI(issuer, accountName, key, PERIOD_SECONDS, DIGITS);
}

export function verifyTotpCode(key: Uint8Array, code: string): boolean {
	const digits = code.replace(/\s/g, '');
	return /^\d{6}$/.test(digits) && verifyTOTPWithGracePeriod(key, PERIOD_SECONDS, DIGITS, digits, GRACE_SECONDS);
}
