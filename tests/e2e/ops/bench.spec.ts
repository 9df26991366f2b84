import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '../support';

const run = promisify(execFile);

/** Benchmarks are not tests: this runs a tiny bench once, judging nothing, so it cannot rot. */
test('npm run bench runs every measurement on a tiny synthetic province', async () => {
	test.skip(test.info().project.name !== 'desktop', 'one run is enough: no browser is involved');
	test.setTimeout(240_000);
	const folder = mkdtempSync(path.join(os.tmpdir(), 'hocvuso-bench-test-'));
	const out = path.join(folder, 'results.json');
	const port = Number(process.env.E2E_PORT ?? 4173) + 600;
	const args = ['--import', 'tsx', 'scripts/bench.ts', '--tiny', '--learners', '3000', '--seconds', '1', '--db', path.join(folder, 'synthetic.sqlite'), '--build-dir', `.svelte-kit/test-build-${process.env.E2E_PORT ?? 4173}`, '--port', String(port), '--out', out];
	// The test build holds the test content as well, so the bench starts it on that folder.
	const env = { ...process.env, CONTENT_DIR: `.svelte-kit/test-content-${process.env.E2E_PORT ?? 4173}` };
	const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024, env });
	expect(stdout).toContain('Tiny run: nothing judged.');
	const results = JSON.parse(readFileSync(out, 'utf8')) as { machine: { cpus: number }; rows: { name: string; figure: string; pass: null }[] };
	expect(results.machine.cpus).toBeGreaterThan(0);
	expect(results.rows.map((row) => row.name)).toEqual([
		'cold start, new database with migrations and the official map',
		'start on the synthetic database',
		'signed-in lesson page vs a static file of the same size (100 connections)',
		'quiz submission, graded on the server, at a steady 200 requests/s',
		'server memory under load',
		'province dashboard for a criterion vs the reference grouped count',
		"the largest commune's person list, first page",
		'3,000-row XLSX export',
		expect.stringMatching(/^\d+ certificate PDFs zipped$/)
	]);
	for (const row of results.rows) {
		expect(row.figure, row.name).toMatch(/\d/);
		expect(row.pass).toBeNull();
	}
	// Every request of the measured loads was answered as a learner's would be.
	expect(results.rows[2]!.figure).toContain('0 not 2xx');
	expect(results.rows[3]!.figure).toMatch(/(\d+)\/\1 redirected/);
	expect(results.rows.at(-1)!.figure).toContain('(done)');
});
