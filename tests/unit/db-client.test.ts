import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { provinces } from '../../src/lib/server/db/schema';
import { testDatabase } from '../helpers/db';
import { makeProvince } from '../helpers/fixtures';

describe('the statements drizzle reuses', () => {
	it('answer in the shape each query asks for, whatever mode the same SQL was last run in', () => {
		const db = testDatabase();
		const { id, code } = makeProvince(db);
		const query = db.select({ id: provinces.id, code: provinces.code }).from(provinces).where(eq(provinces.id, id));
		const [before] = query.toSQL().sql.split('?');
		// A select with fields runs its statement in raw mode (rows as arrays) and maps the rows itself...
		expect(query.get()).toEqual({ id, code });
		// ...and the very same SQL without fields must still come back as one object per row.
		const same = sql`${sql.raw(before!)}${id}`;
		expect(db.all(same)).toEqual([{ id, code }]);
		expect(query.all()).toEqual([{ id, code }]);
		expect(db.get(same)).toEqual({ id, code });
	});

	it('see a table change made after they were compiled', () => {
		const db = testDatabase();
		db.run(sql`CREATE TABLE marker (a)`);
		db.run(sql`INSERT INTO marker VALUES (1)`);
		expect(db.all(sql`SELECT * FROM marker`)).toEqual([{ a: 1 }]);
		db.run(sql`ALTER TABLE marker ADD COLUMN b`);
		expect(db.all(sql`SELECT * FROM marker`)).toEqual([{ a: 1, b: null }]);
	});

	it('leave statements prepared through $client in the mode their code set', () => {
		const db = testDatabase();
		makeProvince(db);
		const plucked = db.$client.prepare('SELECT count(*) AS n FROM provinces').pluck();
		expect(db.get(sql.raw('SELECT count(*) AS n FROM provinces'))).toEqual({ n: 1 });
		expect(plucked.get()).toBe(1);
	});
});
