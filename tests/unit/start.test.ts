import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const start = (env: Record<string, string>) =>
	spawnSync('node_modules/.bin/tsx', ['scripts/start.ts'], { env: { ...process.env, PORT: '4999', WORKERS: '1', ...env }, encoding: 'utf8', timeout: 60_000 });

describe('the start command', () => {
	it('stops with one sentence when the database file is not a database', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'hocvuso-start-'));
		const file = path.join(dir, 'broken.sqlite');
		writeFileSync(file, 'this is not a SQLite database, just text that is long enough to be read as a header\n'.repeat(20));
		const result = start({ DATABASE_URL: file });
		expect(result.status).toBe(1);
		expect(result.stderr.trim().split('\n')).toEqual([`Cannot start: the database ${file} could not be opened or migrated (file is not a database).`]);
	});

	it('stops with one sentence when the database cannot be created', () => {
		// A folder cannot be made inside a file.
		const result = start({ DATABASE_URL: '/etc/hostname/hocvuso.sqlite' });
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/^Cannot start: the database \/etc\/hostname\/hocvuso\.sqlite could not be opened or migrated \(.+\)\.\n$/);
	});

	it('refuses a port that is not a number', () => {
		const result = start({ PORT: 'eighty' });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('PORT must be a number from 1 to 65535, not "eighty".');
	});
});
