import type { RequestEvent } from '@sveltejs/kit';
import { type Rate, type RateUnit, RetryAfterRateLimiter, TTLTime } from 'sveltekit-rate-limiter/server';

const UNITS: readonly RateUnit[] = ['s', 'm', '5m', '10m', '15m', '30m', 'h', '6h', '12h', 'd'];

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

/**
 * Failed attempts per account name, in a fixed window that starts at the first failure. Only
 * failures count, so a class signing in and out all day is never locked out; a success clears it.
 */
export class FailureCounter {
	private readonly failures = new Map<string, { count: number; until: number }>();
	constructor(
		private readonly max: number,
		private readonly windowMs: number
	) {}

	/** Milliseconds until this account may try again; 0 when it may now. */
	retryAfterMs(key: string, now = Date.now()): number {
		const entry = this.failures.get(key);
		if (!entry || entry.until <= now) return 0;
		return entry.count >= this.max ? entry.until - now : 0;
	}

	fail(key: string, now = Date.now()): void {
		const entry = this.failures.get(key);
		if (entry && entry.until > now) entry.count++;
		else this.failures.set(key, { count: 1, until: now + this.windowMs });
		if (this.failures.size > 10_000) this.prune(now);
	}

	succeed(key: string): void {
		this.failures.delete(key);
	}

	private prune(now: number): void {
		for (const [key, entry] of this.failures) if (entry.until <= now) this.failures.delete(key);
	}
}

const accountKey = (account: string) => account.normalize('NFC').trim().toLowerCase();

/**
 * Guards every attempt to prove who one is (password, second factor, recovery code): all attempts
 * per client address (a commune centre puts a whole class behind one address, so that limit is
 * the looser one), and failures per account name, whether or not the account exists.
 */
export function createAttemptGuard(env: { perAddress?: string; perAccount?: string }, defaults: { perAddress: Rate; perAccount: Rate } = { perAddress: [100, '15m'], perAccount: [10, '15m'] }) {
	const byAddress = new RetryAfterRateLimiter({ IP: parseRate(env.perAddress, defaults.perAddress) });
	const [maxFailures, unit] = parseRate(env.perAccount, defaults.perAccount);
	const byAccount = new FailureCounter(maxFailures, TTLTime(unit));
	return {
		/** Seconds to wait before this attempt may go ahead; 0 when it may. */
		async waitSeconds(event: RequestEvent, account: string): Promise<number> {
			const lockedMs = byAccount.retryAfterMs(accountKey(account));
			if (lockedMs > 0) return Math.ceil(lockedMs / 1000);
			// Behind a proxy that did not send its address header, the address is unknown: the
			// per-account (per-code) limit still holds, and the request gets an answer, not a 500.
			const address = await byAddress.check(event).catch(() => null);
			return address?.limited ? Math.max(1, address.retryAfter) : 0;
		},
		failed: (account: string) => byAccount.fail(accountKey(account)),
		succeeded: (account: string) => byAccount.succeed(accountKey(account))
	};
}

export const attempts = createAttemptGuard({
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
	{ perAddress: process.env.VERIFY_LIMIT_PER_ADDRESS, perAccount: process.env.VERIFY_LIMIT_PER_CODE },
	{ perAddress: [60, '15m'], perAccount: [5, 'h'] }
);
