import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogOfFolder } from '../../src/lib/server/content/files';
import { type AppDatabase, migrateDatabase, openDatabase } from '../../src/lib/server/db/client';
import { type SyntheticCounts, seedSyntheticProvince } from '../../src/lib/server/demo/synthetic';
import { importOfficialUnitsIfEmpty } from '../../src/lib/server/org/startup';

const LEARNERS = 5000;
const catalog = catalogOfFolder('content');
const NOW = new Date('2026-11-01T03:00:00Z');

function seeded(seed: number): { db: AppDatabase; counts: SyntheticCounts } {
	const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'hocvuso-synthetic-')), 'synthetic.sqlite'));
	migrateDatabase(db, path.resolve('drizzle'));
	importOfficialUnitsIfEmpty(db);
	const counts = seedSyntheticProvince(db, catalog, { provinceCode: '25', learners: LEARNERS, seed, now: NOW, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo' });
	return { db, counts };
}

describe('the synthetic province', () => {
	let db: AppDatabase;
	let counts: SyntheticCounts;
	const all = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).all(...params) as T[];
	beforeAll(() => ({ db, counts } = seeded(7)), 60_000);

	it('has the people asked for, about 5 % of them civil servants, every one placed and able to sign in', () => {
		expect(counts.people).toBe(LEARNERS);
		expect(counts.civilServants / LEARNERS).toBeGreaterThan(0.035);
		expect(counts.civilServants / LEARNERS).toBeLessThan(0.065);
		const [row] = all<{ unplaced: number; noHash: number; staff: number }>(
			"SELECT sum(commune_id IS NULL) AS unplaced, sum(password_hash IS NULL) AS noHash, sum(agency_id IS NOT NULL) AS staff FROM people"
		);
		expect(row).toEqual({ unplaced: 0, noHash: 0, staff: counts.civilServants });
		expect(counts.agencies).toBeGreaterThan(150);
		expect(counts.agencies).toBeLessThan(250);
	});

	it('gives communes Zipf-like sizes: a few large, many small', () => {
		const sizes = all<{ n: number }>("SELECT count(*) AS n FROM people WHERE agency_id IS NULL GROUP BY commune_id ORDER BY n DESC").map((row) => row.n);
		expect(sizes.length).toBeGreaterThan(100);
		expect(sizes[0]! / sizes.at(-1)!).toBeGreaterThan(5);
		const top10 = sizes.slice(0, Math.ceil(sizes.length / 10)).reduce((a, b) => a + b, 0);
		expect(top10 / LEARNERS).toBeGreaterThan(0.2);
	});

	it('makes completion rates differ between communes', () => {
		const rates = all<{ rate: number }>(
			`SELECT 1.0 * (SELECT count(*) FROM completions c WHERE c.person_id IN (SELECT id FROM people q WHERE q.commune_id = p.commune_id AND q.agency_id IS NULL) AND c.course_id = 'dich-vu-cong-truc-tuyen') / count(*) AS rate
			 FROM people p WHERE p.agency_id IS NULL GROUP BY p.commune_id HAVING count(*) >= 30 ORDER BY rate`
		).map((row) => row.rate);
		expect(rates.length).toBeGreaterThan(20);
		const decile = Math.max(1, Math.floor(rates.length / 10));
		const low = rates.slice(0, decile).reduce((a, b) => a + b, 0) / decile;
		const high = rates.slice(-decile).reduce((a, b) => a + b, 0) / decile;
		expect(high - low).toBeGreaterThan(0.2);
	});

	it('writes learning in the proportions of a real province: lessons, attempts, completions with certificates', () => {
		expect(counts.lessonProgress / LEARNERS).toBeGreaterThan(3);
		expect(counts.lessonProgress / LEARNERS).toBeLessThan(8);
		expect(counts.quizAttempts / LEARNERS).toBeGreaterThan(0.8);
		expect(counts.completions / LEARNERS).toBeGreaterThan(0.25);
		expect(counts.completions / LEARNERS).toBeLessThan(0.6);
		expect(counts.certificates).toBe(counts.completions);
		const [row] = all<{ n: number }>('SELECT count(*) AS n FROM completions c JOIN certificates x ON x.completion_id = c.id');
		expect(row!.n).toBe(counts.completions);
		// Attempt ids in the shape the quiz pages accept, so a synthetic learner's history opens.
		expect(all<{ bad: number }>("SELECT count(*) AS bad FROM quiz_attempts WHERE length(public_id) <> 16 OR public_id GLOB '*[^a-z2-7]*'")[0]!.bad).toBe(0);
		// Completions fall within the 18 months before the seed date.
		const [span] = all<{ first: number; last: number }>('SELECT min(completed_at) AS first, max(completed_at) AS last FROM completions');
		expect(span!.last).toBeLessThanOrEqual(+NOW);
		expect(+NOW - span!.first).toBeLessThan(19 * 31 * 86_400_000);
	});

	it('satisfies every foreign key and the integrity check', () => {
		expect(db.$client.pragma('foreign_key_check')).toEqual([]);
		expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
	});

	it('refuses a database that already has people', () => {
		expect(() => seedSyntheticProvince(db, catalog, { provinceCode: '25', learners: 10, seed: 1, now: NOW, passwordHash: 'x' })).toThrow(/already has people/);
		expect(db.$client.prepare('SELECT count(*) FROM people').pluck().get()).toBe(LEARNERS);
	});

	it('leaves every index and trigger as the migrations made them, also after a refused load', () => {
		const fresh = openDatabase(':memory:');
		migrateDatabase(fresh, path.resolve('drizzle'));
		const schema = (target: AppDatabase) => target.$client.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all();
		expect(schema(db)).toEqual(schema(fresh));
		const plan = all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT count(*) FROM completions WHERE course_id = ? AND completed_at BETWEEN ? AND ?', 'x', 0, 1);
		expect(plan.map((row) => row.detail).join()).toMatch(/COVERING INDEX completions_course_/);
	});

	it('gives the same province for the same seed', () => {
		const again = seeded(7);
		expect(again.counts).toEqual(counts);
		const names = (target: AppDatabase) => target.$client.prepare('SELECT full_name FROM people ORDER BY id LIMIT 50').pluck().all();
		expect(names(again.db)).toEqual(names(db));
		expect(seeded(8).counts).not.toEqual(counts);
	}, 60_000);
});
