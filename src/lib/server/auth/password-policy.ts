import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
/** argon2 hashes any length, but a cap keeps a megabyte "password" from costing the server. */
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'same_as_username';

// zxcvbn-ts's list of ~49,000 passwords seen most often in breaches (123456, matkhau, iloveyou, …).
const COMMON_PASSWORDS = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * Length and a common-password list, no composition rules (NIST SP 800-63B): rules like "one
 * capital and one symbol" make passwords harder to remember, not harder to guess.
 */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
	const length = [...password.normalize('NFC')].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	const lower = password.normalize('NFC').toLowerCase();
	if (username && lower === username.toLowerCase()) return 'same_as_username';
	if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[\d\W_]+$/u, ''))) return 'common';
	return null;
}
