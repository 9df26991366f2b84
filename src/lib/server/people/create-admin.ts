import { eq } from 'drizzle-orm';
import { foldForSearch } from '../../search-name';
import { recordAudit } from '../audit';
import { hashPassword } from '../auth/password';
import { type PasswordProblem, passwordProblem } from '../auth/password-policy';
import type { AppDatabase } from '../db/client';
import { people, provinces, roleGrants } from '../db/schema';

/** Lower-case letters, digits, dots, dashes and underscores; what people can type on any phone. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const MAX_NAME_LENGTH = 200;

export type CreateAdminProblem = PasswordProblem | 'username_invalid' | 'username_taken' | 'name_missing' | 'name_too_long' | 'unknown_province';

/**
 * Creates a system administrator for the province: the first account of a production deployment.
 * The person, their grant and the audit row are written together or not at all. The second factor
 * is set up at first sign-in, as for every staff account.
 */
export async function createSystemAdmin(
	db: AppDatabase,
	input: { username: string; fullName: string; password: string; provinceCode: string }
): Promise<{ ok: true; personId: number; username: string; fullName: string; provinceName: string } | { ok: false; problem: CreateAdminProblem; username: string }> {
	const username = input.username.normalize('NFC').trim().toLowerCase();
	const fullName = input.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
	const problem = !USERNAME.test(username)
		? 'username_invalid'
		: fullName === ''
			? 'name_missing'
			: fullName.length > MAX_NAME_LENGTH
				? 'name_too_long'
				: passwordProblem(input.password, username);
	if (problem) return { ok: false, problem, username };

	const passwordHash = await hashPassword(input.password);
	return db.transaction((tx) => {
		const province = tx.select({ id: provinces.id, name: provinces.name }).from(provinces).where(eq(provinces.code, input.provinceCode)).get();
		if (!province) return { ok: false, problem: 'unknown_province', username } as const;
		if (tx.select({ id: people.id }).from(people).where(eq(people.username, username)).get()) return { ok: false, problem: 'username_taken', username } as const;
		const now = new Date();
		const { id } = tx
			.insert(people)
			.values({ provinceId: province.id, username, fullName, searchName: foldForSearch(fullName), passwordHash })
			.returning({ id: people.id })
			.get();
		tx.insert(roleGrants).values({ personId: id, role: 'system_admin', provinceId: province.id, grantedAt: now }).run();
		recordAudit(tx, {
			actorId: null,
			action: 'auth.admin_created',
			target: { type: 'person', id },
			unit: { provinceId: province.id },
			details: { username, role: 'system_admin' },
			at: now
		});
		return { ok: true, personId: id, username, fullName, provinceName: province.name } as const;
	});
}
