import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase } from '../../src/lib/server/db';
import { databaseAnswers } from '../../src/lib/server/db/health';

describe('the health check', () => {
	const original = process.env.DATABASE_URL;
	afterEach(() => {
		closeDatabase();
		process.env.DATABASE_URL = original;
	});

	it('says yes while the database answers', () => {
		process.env.DATABASE_URL = ':memory:';
		expect(databaseAnswers()).toBe(true);
	});

	it('says no when the database cannot be opened', () => {
		closeDatabase();
		process.env.DATABASE_URL = '/etc/hostname/hocvuso.sqlite';
		expect(databaseAnswers()).toBe(false);
	});
});
