import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../support';

const e2ePort = process.env.E2E_PORT ?? 4173;

/** Runs `npm start`'s command to its end (these starts are refused, so it ends by itself). */
function start(env: Record<string, string>) {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'hocvuso-start-'));
	return spawnSync(process.execPath, ['scripts/launch.mjs'], {
		env: { ...process.env, DATABASE_URL: path.join(folder, 'hocvuso.sqlite'), PORT: String(Number(e2ePort) + 700), DEMO: '', ...env },
		encoding: 'utf8',
		timeout: 30_000
	});
}

test.describe('the start command', () => {
	test.skip(() => test.info().project.name !== 'desktop', 'one run is enough: no browser is involved');

	test('refuses to serve a content folder edited since the build, and says to build again', () => {
		const content = path.join(mkdtempSync(path.join(os.tmpdir(), 'hocvuso-content-')), 'content');
		cpSync(`.svelte-kit/test-content-${e2ePort}`, content, { recursive: true });
		appendFileSync(path.join(content, 'sources.yaml'), '\n');
		const result = start({ BUILD_DIR: `.svelte-kit/test-build-${e2ePort}`, CONTENT_DIR: content });
		expect(result.status).toBe(1);
		expect(result.stderr.trim()).toBe(`Cannot start: the course content in ${content}/ has changed since the last build; run "npm run build", which checks it.`);
	});

	test('says to build first when there is no build', () => {
		const result = start({ BUILD_DIR: path.join(os.tmpdir(), 'hocvuso-no-build-here') });
		expect(result.status).toBe(1);
		expect(result.stderr.trim()).toBe(`There is no production build in ${path.join(os.tmpdir(), 'hocvuso-no-build-here')}/: run "npm run build" first.`);
	});
});
