import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_UNITS, UNIT_FIXTURES } from '../helpers/org';

const folder = mkdtempSync(path.join(tmpdir(), 'hocvuso-import-'));
const databaseFile = path.join(folder, 'hocvuso.sqlite');

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function importUnits(args: string[], databaseUrl = databaseFile) {
	const run = spawnSync('npx', ['tsx', 'scripts/import-units.ts', ...args], {
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: databaseUrl, LANG: 'C.UTF-8' }
	});
	return { status: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn .*\n/gm, '') };
}

describe('npm run import:units', { timeout: 60_000 }, () => {
	const officialFiles = [
		path.join(SHARED_UNITS, 'provinces_2025.csv'),
		path.join(SHARED_UNITS, 'communes_2025.csv')
	];

	it('imports into the configured database and reports in Vietnamese, then finds nothing to change', () => {
		const first = importUnits(officialFiles);
		expect(first).toMatchObject({ status: 0, stderr: '' });
		expect(first.stdout).toContain('Đã nhập xong: 3.355 mới, 0 cập nhật, 0 không đổi.');
		expect(first.stdout).toContain('Xã, phường, đặc khu: 3.321 mới');
		const db = new Database(databaseFile, { readonly: true });
		expect(db.prepare('SELECT count(*) FROM communes').pluck().get()).toBe(3321);
		db.close();

		const second = importUnits([...officialFiles, '--lang', 'en']);
		expect(second.status).toBe(0);
		expect(second.stdout).toContain('Import finished: 0 created, 0 updated, 3,355 unchanged.');
	});

	it('prints each problem on its own line and exits 1', () => {
		const run = importUnits([
			path.join(UNIT_FIXTURES, 'provinces-utf16le.csv'),
			path.join(UNIT_FIXTURES, 'communes-windows1258.csv'),
			'--lang',
			'en'
		]);
		expect(run.status).toBe(1);
		expect(run.stderr.trim().split('\n')).toEqual([
			'Nothing was imported. Problems found: 1. Fix them and import again:',
			expect.stringMatching(/communes-windows1258\.csv:2: The file is not UTF-8 encoded/)
		]);
	});

	it('exits 2 with the usage line when the command line is wrong', () => {
		const run = importUnits([]);
		expect(run.status).toBe(2);
		expect(run.stderr).toMatch(/^Cách dùng: npm run import:units/);
	});

	it('says in one sentence when the database cannot be opened', () => {
		const run = importUnits(officialFiles, folder);
		expect(run.status).toBe(1);
		expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Không mở được cơ sở dữ liệu /)]);
	});
});
