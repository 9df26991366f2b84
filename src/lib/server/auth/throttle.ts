import type { RequestEvent } from '@sveltejs/kit';
import { and, eq, lte, sql } from 'drizzle-orm';
import { db as serverDatabase } from '../db';
import type { DbOrTx } from '../db/client';
import { attemptCounts } from '../db/schema';

const UNIT_MS = { s: 1_000, m: 60_000, '5m': 300_000, '10m': 600_000, '15m': 900_000, '30m': 1_800_000, h: 3_600_000, '6h': 21_600_000, '12h': 43_200_000, d: 86_400_000 } as const;
export type RateUnit = keyof typeof UNIT_MS;
/** At most this many in a window of this length: [10, '15m']. */
export type Rate = [number, RateUnit];
const UNITS = Object.keys(UNIT_MS) as RateUnit[];

/**
 * Reads a limit such as "10/15m" (ten per fifteen minutes) from configuration. A value that does
 * not parse stops the server at start rather than leaving sign-in unthrottled.
 */
export function parseRate(value: string | undefined, fallback: Rate): Rate {
	if (value === undefined || value === '') return fallback;
	const match = /^(\d+)\/(\w+)$/.exec(value.trim());
	const unit = UNITS.find((u) => u === match?.[2]);
	if (!match || unit === undefined || Number(match[1]) < 1) {
		throw new Error(`"${value}" is not a rate limit; write it like 10/15m (units: ${UNITS.join(', ')})`);
	}
	return [Number(match[1]), unit];
}

/** Counts one attempt in its window (a new window when the last one has ended); the count so far and when the window ends. */
export function countAttempt(db: DbOrTx, scope: string, key: string, windowMs: number, now: Date): { count: number; windowEndsAt: Date } {
	const ended = sql`${attemptCounts.windowEndsAt} <= ${now.getTime()}`;
	return db
		.insert(attemptCounts)
		.values({ scope, key, count: 1, windowEndsAt: new Date(now.getTime() + windowMs) })
		.onConflictDoUpdate({
			target: [attemptCounts.scope, attemptCounts.key],
			set: {
				count: sql`CASE WHEN ${ended} THEN 1 ELSE ${attemptCounts.count} + 1 END`,
				windowEndsAt: sql`CASE WHEN ${ended} THEN ${now.getTime() + windowMs} ELSE ${attemptCounts.windowEndsAt} END`
			}
		})
		.returning({ count: attemptCounts.count, windowEndsAt: attemptCounts.windowEndsAt })
		.get();
}

/** Milliseconds until the window ends when it holds `max` attempts or more; 0 when another may go ahead. */
export function lockedForMs(db: DbOrTx, scope: string, key: string, max: number, now: Date): number {
	const row = db.select().from(attemptCounts).where(and(eq(attemptCounts.scope, scope), eq(attemptCounts.key, key))).get();
	if (!row || row.windowEndsAt <= now || row.count < max) return 0;
	return row.windowEndsAt.getTime() - now.getTime();
}

export function forgetAttempts(db: DbOrTx, scope: string, key: string): void {
	db.delete(attemptCounts).where(and(eq(attemptCounts.scope, scope), eq(attemptCounts.key, key))).run();
}

/** Windows that have ended count nothing any more; the hourly sweep removes them. */
export function deleteEndedAttemptWindows(db: DbOrTx, now: Date): number {
	return db.delete(attemptCounts).where(lte(attemptCounts.windowEndsAt, now)).run().changes;
}

const accountKey = (account: string) => account.normalize('NFC').trim().toLowerCase();

/**
 * Guards every attempt to prove who one is (password, second factor, recovery code): all attempts
 * per client address (a commune centre puts a whole class behind one address, so that limit is
 * the looser one), and failures per account name, whether or not the account exists. Only failures
 * count per account, so a class signing in and out all day is never locked out; a success clears them.
 */
export function createAttemptGuard(
	name: string,
	env: { perAddress?: string; perAccount?: string },
	defaults: { perAddress: Rate; perAccount: Rate } = { perAddress: [100, '15m'], perAccount: [10, '15m'] },
	database: () => DbOrTx = serverDatabase
) {
	const [maxPerAddress, addressUnit] = parseRate(env.perAddress, defaults.perAddress);
	const [maxFailures, accountUnit] = parseRate(env.perAccount, defaults.perAccount);
	const byAddress = `${name}:address`;
	const byAccount = `${name}:account`;
	return {
		/** Seconds to wait before this attempt may go ahead; 0 when it may. Counts the attempt for its address. */
		waitSeconds(event: Pick<RequestEvent, 'getClientAddress'>, account: string, now = new Date()): number {
			const lockedMs = lockedForMs(database(), byAccount, accountKey(account), maxFailures, now);
			if (lockedMs > 0) return Math.ceil(lockedMs / 1000);
			let address: string;
			try {
				address = event.getClientAddress();
			} catch {
				// Behind a proxy that did not send its address header the address is unknown: the
				// per-account (per-code) limit still holds, and the request gets an answer, not a 500.
				return 0;
			}
			const { count, windowEndsAt } = countAttempt(database(), byAddress, address, UNIT_MS[addressUnit], now);
			return count > maxPerAddress ? Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000)) : 0;
		},
		failed: (account: string, now = new Date()) => void countAttempt(database(), byAccount, accountKey(account), UNIT_MS[accountUnit], now),
		succeeded: (account: string) => forgetAttempts(database(), byAccount, accountKey(account))
	};
}

export const attempts = createAttemptGuard('sign-in', {
	perAddress: process.env.SIGN_IN_LIMIT_PER_ADDRESS,
	perAccount: process.env.SIGN_IN_LIMIT_PER_ACCOUNT
});

/** "Wait N minutes", rounded up so the person never comes back a few seconds too early. */
export const waitMinutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * Public certificate checks: lookups per client address (against trying code after code), and
 * wrong birth years or phone digits per certificate (against guessing who holds it).
 */
export const certificateChecks = createAttemptGuard(
	'verify',
	{ perAddress: process.env.VERIFY_LIMIT_PER_ADDRESS, perAccount: process.env.VERIFY_LIMIT_PER_CODE },
	{ perAddress: [60, '15m'], perAccount: [5, 'h'] }
);
