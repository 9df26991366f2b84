import { describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';

describe('migrations', () => {
	it('apply to an empty database', () => {
		const db = testDatabase();
		const tables = db.$client
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'")
			.pluck()
			.all();
		expect(tables).toContain('people');
	});
});
