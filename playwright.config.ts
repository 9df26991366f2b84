import { defineConfig, devices } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

// The end-to-end run gets its own port, build folder and throwaway database, never the demo's.
// Workers inherit process.env from the runner, so they see the same file name.
const port = Number(process.env.E2E_PORT ?? 4173);
process.env.E2E_DATABASE_URL ??= path.join(os.tmpdir(), `hocvuso-e2e-${process.pid}-${Date.now()}.sqlite`);
const baseURL = `http://localhost:${port}`;
// The helpers post forms with this origin, as a browser on the test server would.
process.env.E2E_BASE_URL = baseURL;

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	reporter: [['list']],
	// A journey through several pages with axe checks takes about 15 s alone with Debian's Chromium
	// 156 here, and twice that while the other worker and the server share the two cores.
	timeout: 60_000,
	use: {
		baseURL,
		// The server trusts this header for the client address (as behind a reverse proxy), so each
		// test can sign in from its own address and the per-address limit stays a real limit.
		extraHTTPHeaders: { 'x-forwarded-for': '10.0.0.1' },
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
		{
			name: 'phone',
			use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
			// What residents and commune staff do on a phone: the public pages, learning, signing in,
			// the learning centre, finding people and the commune's report. Administration, campaigns,
			// the roster and the authorization matrix answer the same at any width and run on desktop.
			testMatch: /\/(public\/|centre\/|staff\/|learn\/(journey|quiz|pages|certificate|budget)\.|auth\/sign-in\.|reports\/dashboard\.)[^/]*spec\.ts$/
		}
	],
	webServer: {
		// Builds take turns (one vite build at a time in this folder), and each port has its own build
		// and content folders, so runs on different ports can share the working tree.
		command: `flock /tmp/hocvuso-e2e-build.lock sh -c "tsx scripts/test-content.ts .svelte-kit/test-content-${port} && npm run build" && node scripts/launch.mjs --demo`,
		url: `${baseURL}/healthz`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			BUILD_DIR: `.svelte-kit/test-build-${port}`,
			CONTENT_DIR: `.svelte-kit/test-content-${port}`,
			DATABASE_URL: process.env.E2E_DATABASE_URL,
			EXPORTS_DIR: `${process.env.E2E_DATABASE_URL}-exports`,
			SIGNING_KEY_FILE: `${process.env.E2E_DATABASE_URL}-signing-keys.json`,
			PORT: String(port),
			ORIGIN: baseURL,
			// Two processes, so every journey also proves that sessions, limits and exports hold across processes.
			WORKERS: '2',
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			// Lower than in production so the throttling tests need only a few tries.
			SIGN_IN_LIMIT_PER_ACCOUNT: '5/15m',
			SIGN_IN_LIMIT_PER_ADDRESS: '40/15m'
		}
	}
});
