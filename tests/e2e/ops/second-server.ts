/**
 * A second production server from the test build, on its own port and database, for tests that
 * must kill, restart or read the output of a server without disturbing the one the others use.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface SecondServer {
	child: ChildProcess;
	origin: string;
}

/**
 * Starts on the database in `folder` (created and migrated at first start, without the demo).
 * Each test file takes its own slot, so their servers can run at once on ports of their own.
 */
export function startServer(folder: string, options: { slot: number; stdout?: 'ignore' | 'pipe'; env?: Record<string, string> }): SecondServer {
	const port = Number(process.env.E2E_PORT ?? 4173) + 500 + options.slot;
	const origin = `http://localhost:${port}`;
	const child = spawn(process.execPath, ['scripts/launch.mjs'], {
		// Its own process group, so a signal reaches the start process and its workers at once.
		detached: true,
		stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
		env: {
			...process.env,
			BUILD_DIR: `.svelte-kit/test-build-${process.env.E2E_PORT ?? 4173}`,
			CONTENT_DIR: `.svelte-kit/test-content-${process.env.E2E_PORT ?? 4173}`,
			DATABASE_URL: path.join(folder, 'hocvuso.sqlite'),
			SIGNING_KEY_FILE: path.join(folder, 'signing-keys.json'),
			EXPORTS_DIR: path.join(folder, 'exports'),
			PORT: String(port),
			ORIGIN: origin,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			DEMO: '',
			// As the suite's own server: writes from two processes are what durability must survive.
			WORKERS: '2',
			...options.env
		}
	});
	return { child, origin };
}

export async function healthy({ child, origin }: SecondServer): Promise<void> {
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
		const ok = await fetch(`${origin}/healthz`).then((response) => response.ok, () => false);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error('the server did not start');
}

export async function killed({ child }: SecondServer, signal: NodeJS.Signals): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	process.kill(-child.pid!, signal);
	await exited;
}
