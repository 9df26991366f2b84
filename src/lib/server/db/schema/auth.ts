import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { inList, utcMs } from './columns';
import { agencies, communes, provinces } from './org';
import { people } from './people';

export const ROLES = [
	'learner',
	'civil_servant',
	'facilitator',
	'unit_manager',
	'province_admin',
	'system_admin'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A role held for one unit: a commune, an agency, or (neither set) the whole province.
 * Revoking keeps the row, so the audit trail shows who could see what, when.
 */
export const roleGrants = sqliteTable(
	'role_grants',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		role: text('role', { enum: ROLES }).notNull(),
		provinceId: integer('province_id')
			.notNull()
			.references(() => provinces.id, { onDelete: 'restrict' }),
		communeId: integer('commune_id').references(() => communes.id, { onDelete: 'restrict' }),
		agencyId: integer('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
		grantedById: integer('granted_by_id').references(() => people.id, { onDelete: 'restrict' }),
		grantedAt: utcMs('granted_at').notNull(),
		revokedAt: utcMs('revoked_at'),
		revokedById: integer('revoked_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		index('role_grants_person').on(t.personId, t.revokedAt),
		index('role_grants_commune').on(t.communeId),
		index('role_grants_agency').on(t.agencyId),
		check('role_grants_role', sql`${t.role} IN (${inList(ROLES)})`),
		check('role_grants_one_unit', sql`${t.communeId} IS NULL OR ${t.agencyId} IS NULL`)
	]
);

/**
 * Sign-in sessions the lucia-auth.com way: the browser holds a random token, the database only its
 * SHA-256 (the id), so a leaked database cannot be replayed as cookies.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		createdAt: utcMs('created_at').notNull(),
		expiresAt: utcMs('expires_at').notNull(),
		/** Last request seen, for the idle limit of shared-computer sessions. */
		lastSeenAt: utcMs('last_seen_at').notNull(),
		/** Signed in on a shared computer: the cookie dies with the browser and 15 idle minutes end it. */
		sharedDevice: integer('shared_device', { mode: 'boolean' }).notNull().default(false),
		/** Password checked, and the second factor too where the person's roles require one. */
		twoFactorVerified: integer('two_factor_verified', { mode: 'boolean' }).notNull().default(false),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_person').on(t.personId), index('sessions_expires').on(t.expiresAt)]
);

/** A person's authenticator-app secret (TOTP, RFC 6238); one per person. */
export const totpCredentials = sqliteTable('totp_credentials', {
	personId: integer('person_id')
		.primaryKey()
		.references(() => people.id, { onDelete: 'restrict' }),
	secret: text('secret').notNull(),
	createdAt: utcMs('created_at').notNull()
});

export const ONE_TIME_CODE_PURPOSES = ['two_factor_recovery', 'password_recovery', 'activation'] as const;
export type OneTimeCodePurpose = (typeof ONE_TIME_CODE_PURPOSES)[number];

/**
 * Codes shown once and stored hashed: recovery codes for a lost authenticator, password recovery
 * codes a facilitator or manager hands over, and activation codes printed on sign-in cards.
 */
export const oneTimeCodes = sqliteTable(
	'one_time_codes',
	{
		id: integer('id').primaryKey(),
		personId: integer('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		purpose: text('purpose', { enum: ONE_TIME_CODE_PURPOSES }).notNull(),
		codeHash: text('code_hash').notNull(),
		createdAt: utcMs('created_at').notNull(),
		/** Null for two-factor recovery codes, which last until used or replaced. */
		expiresAt: utcMs('expires_at'),
		usedAt: utcMs('used_at'),
		issuedById: integer('issued_by_id').references(() => people.id, { onDelete: 'restrict' })
	},
	(t) => [
		index('one_time_codes_person').on(t.personId, t.purpose),
		index('one_time_codes_hash').on(t.codeHash),
		check('one_time_codes_purpose', sql`${t.purpose} IN (${inList(ONE_TIME_CODE_PURPOSES)})`)
	]
);

/**
 * Attempts counted per client address, account name or certificate code, in a fixed window that
 * starts with the first attempt. In the database, not in memory, so every worker process of the
 * server counts the same attempts.
 */
export const attemptCounts = sqliteTable(
	'attempt_counts',
	{
		/** Which limit counts: "sign-in:address", "verify:code", … */
		scope: text('scope').notNull(),
		key: text('key').notNull(),
		count: integer('count').notNull(),
		windowEndsAt: utcMs('window_ends_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.scope, t.key] }), index('attempt_counts_window').on(t.windowEndsAt)]
);
