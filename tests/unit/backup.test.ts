import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupProblem, databaseInUse, tableCounts } from '../../src/lib/server/db/backup';
import { migrateDatabase, openDatabase } from '../../src/lib/server/db/client';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');

/** Another process writing pairs of rows, one pair per transaction, as fast as it can. */
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const a = db.prepare('INSERT INTO pair_a (n) VALUES (?)');
const b = db.prepare('INSERT INTO pair_b (n) VALUES (?)');
const pair = db.transaction((n) => { a.run(n); b.run(n); });
let n = 0;
process.stdout.write('ready\\n');
setInterval(() => { for (let i = 0; i < 50; i++) pair(++n); }, 1);
`;

function database(folder: string): string {
	const file = path.join(folder, 'hocvuso.sqlite');
	const db = openDatabase(file);
	migrateDatabase(db, path.resolve('drizzle'));
	db.$client.exec('CREATE TABLE pair_a (n INTEGER NOT NULL); CREATE TABLE pair_b (n INTEGER NOT NULL);');
	db.$client.close();
	return file;
}

async function startWriter(file: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
	return child;
}

const script = (name: 'backup' | 'restore', file: string, arg: string) =>
	run(TSX, [`scripts/${name}.ts`, arg], { env: { ...process.env, DATABASE_URL: file } }).then(
		({ stdout }) => ({ code: 0, out: stdout }),
		(failure: { code: number; stderr: string }) => ({ code: failure.code, out: failure.stderr })
	);

let writer: ChildProcess | null = null;
afterEach(() => {
	writer?.kill('SIGKILL');
	writer = null;
});

describe('backup and restore', () => {
	it('copies a database while another process writes to it, then restores it into the stopped instance', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'hocvuso-backup-'));
		const file = database(folder);
		writer = await startWriter(file);
		await new Promise((resolve) => setTimeout(resolve, 300));

		const copy = path.join(folder, 'backup.sqlite');
		const backup = await script('backup', file, copy);
		expect(backup.out).toMatch(/^Backed up .* checked/);
		expect(backup.code).toBe(0);
		expect(backupProblem(copy)).toBeNull();
		const copied = tableCounts(copy);
		// Each pair is one transaction: a consistent snapshot has both rows of every pair or neither.
		expect(copied.pair_a).toBeGreaterThan(0);
		expect(copied.pair_b).toBe(copied.pair_a);
		expect(copied.__drizzle_migrations).toBeGreaterThan(0);

		// The same name twice would overwrite a backup: refused.
		expect((await script('backup', file, copy)).code).toBe(1);

		// While the writer has the database open, a restore must refuse and change nothing.
		const refused = await script('restore', file, copy);
		expect(refused.code).toBe(1);
		expect(refused.out).toMatch(/in use: stop the server first/);
		expect(readdirSync(folder).some((name) => name.includes('before-restore'))).toBe(false);

		writer.kill('SIGKILL');
		await new Promise((resolve) => writer!.once('exit', resolve));
		writer = null;
		const live = tableCounts(file);
		expect(live.pair_a).toBeGreaterThan(copied.pair_a!);

		const restored = await script('restore', file, copy);
		expect(restored.code).toBe(0);
		expect(tableCounts(file)).toEqual(copied);
		const kept = readdirSync(folder).find((name) => name.startsWith('hocvuso.sqlite.before-restore-') && !name.endsWith('-wal') && !name.endsWith('-shm'));
		expect(kept).toBeDefined();
		expect(tableCounts(path.join(folder, kept!)).pair_a).toBe(live.pair_a);
		const db = new Database(file);
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		db.close();
	}, 60_000);

	it('refuses to restore from a file that is not a sound platform database', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'hocvuso-restore-'));
		const file = database(folder);
		const before = tableCounts(file);
		const text = path.join(folder, 'notes.sqlite');
		writeFileSync(text, 'not a database at all');
		const other = path.join(folder, 'other.sqlite');
		new Database(other).exec('CREATE TABLE t (x)').close();
		for (const [bad, message] of [
			[text, /not an SQLite database/],
			[other, /not a Học vụ số database/],
			[path.join(folder, 'missing.sqlite'), /there is no file/]
		] as const) {
			const result = await script('restore', file, bad);
			expect(result.code).toBe(1);
			expect(result.out).toMatch(message);
		}
		expect(tableCounts(file)).toEqual(before);
		expect(existsSync(`${file}.restoring`)).toBe(false);
		expect(databaseInUse(file)).toBe(false);
	}, 60_000);
});
