import { beforeEach, describe, expect, it } from 'vitest';
import { createAttemptGuard, deleteEndedAttemptWindows, parseRate } from '../../src/lib/server/auth/throttle';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { attemptCounts } from '../../src/lib/server/db/schema';
import { testDatabase } from '../helpers/db';

const MINUTE = 60_000;
const t0 = new Date('2026-03-01T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const from = (address: string) => ({ getClientAddress: () => address });
const unknownAddress = {
	getClientAddress: (): string => {
		throw new Error('no address header');
	}
};

let db: AppDatabase;
beforeEach(() => {
	db = testDatabase();
});
/** Two guards on one database stand for two server processes: they must count the same attempts. */
const guards = () => [0, 1].map(() => createAttemptGuard('sign-in', { perAddress: '3/m', perAccount: '2/15m' }, undefined, () => db));

describe('the sign-in guard', () => {
	it('lets three attempts a minute through from one address, in whichever process, then says how long to wait', () => {
		const [one, two] = guards();
		expect(one!.waitSeconds(from('10.0.0.1'), 'a', at(0))).toBe(0);
		expect(two!.waitSeconds(from('10.0.0.1'), 'b', at(1_000))).toBe(0);
		expect(one!.waitSeconds(from('10.0.0.1'), 'c', at(2_000))).toBe(0);
		expect(two!.waitSeconds(from('10.0.0.1'), 'd', at(20_000))).toBe(40);
		// Another address has its own count; the window ends a minute after its first attempt.
		expect(one!.waitSeconds(from('10.0.0.2'), 'a', at(20_000))).toBe(0);
		expect(one!.waitSeconds(from('10.0.0.1'), 'a', at(MINUTE))).toBe(0);
	});

	it('locks an account after two failures in any process, until its window ends, and a success clears it', () => {
		const [one, two] = guards();
		one!.failed('Hoc.Vien ', at(0));
		expect(two!.waitSeconds(from('10.0.0.1'), 'hoc.vien', at(1_000))).toBe(0);
		two!.failed('hoc.vien', at(1_000));
		expect(one!.waitSeconds(from('10.0.0.9'), 'HOC.VIEN', at(60_000))).toBe(14 * 60);
		expect(one!.waitSeconds(from('10.0.0.9'), 'hoc.vien', at(15 * MINUTE))).toBe(0);
		two!.failed('hoc.vien', at(15 * MINUTE));
		one!.succeeded('hoc.vien');
		two!.failed('hoc.vien', at(15 * MINUTE + 1));
		expect(one!.waitSeconds(from('10.0.0.9'), 'hoc.vien', at(15 * MINUTE + 2))).toBe(0);
	});

	it('still holds the account limit when the client address is unknown, and does not fail the request', () => {
		const [one] = guards();
		for (let i = 0; i < 5; i++) expect(one!.waitSeconds(unknownAddress, 'x', at(i))).toBe(0);
		one!.failed('x', at(10));
		one!.failed('x', at(11));
		expect(one!.waitSeconds(unknownAddress, 'x', at(12))).toBeGreaterThan(0);
	});

	it('keeps sign-in and certificate checks apart, and the sweep removes only ended windows', () => {
		const signIn = createAttemptGuard('sign-in', { perAddress: '1/m', perAccount: '1/m' }, undefined, () => db);
		const verify = createAttemptGuard('verify', { perAddress: '1/h', perAccount: '1/h' }, undefined, () => db);
		expect(signIn.waitSeconds(from('10.0.0.1'), 'a', at(0))).toBe(0);
		expect(verify.waitSeconds(from('10.0.0.1'), 'a', at(0))).toBe(0);
		expect(deleteEndedAttemptWindows(db, at(MINUTE))).toBe(1);
		expect(db.select().from(attemptCounts).all().map((row) => row.scope)).toEqual(['verify:address']);
	});
});

describe('rate limits from configuration', () => {
	it('reads "10/15m" and refuses anything else with the way to write it', () => {
		expect(parseRate('10/15m', [1, 'm'])).toEqual([10, '15m']);
		expect(parseRate(undefined, [1, 'm'])).toEqual([1, 'm']);
		expect(() => parseRate('10 per 15m', [1, 'm'])).toThrow('"10 per 15m" is not a rate limit; write it like 10/15m');
		expect(() => parseRate('0/m', [1, 'm'])).toThrow('not a rate limit');
	});
});
