import { m } from '$lib/paraglide/messages';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem, passwordProblem } from './password-policy';

const MESSAGES: Record<PasswordProblem, () => string> = {
	too_short: () => m.password_too_short({ min: PASSWORD_MIN_LENGTH }),
	too_long: () => m.password_too_long({ max: PASSWORD_MAX_LENGTH }),
	common: m.password_common,
	same_as_username: m.password_same_as_username
};

/**
 * Checks a new password typed twice, as every form that sets one asks for it; returns the
 * messages to show beside the fields, or null when the password may be used.
 */
export function newPasswordErrors(password: string, confirmation: string, username: string): { password?: string; confirm?: string } | null {
	const problem = passwordProblem(password, username);
	if (problem) return { password: MESSAGES[problem]() };
	if (password !== confirmation) return { confirm: m.password_mismatch() };
	return null;
}
