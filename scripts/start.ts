/**
 * Starts the platform from the production build. `npm run build` bundles this file into
 * build/start.js, which `npm start` runs with plain Node.
 *
 *   node build/start.js [--demo]
 *
 * With one worker (WORKERS=1) this process prepares the database (prepare.ts) and serves. With
 * more, it only starts the workers (serve.ts), running this same file: the first prepares the
 * database and serves, and the others start once it answers, so none of them sees a database
 * that is still being migrated.
 *
 * Environment: PORT (3000), HOST (0.0.0.0), ORIGIN (http://localhost:PORT), DATABASE_URL
 * (data/hocvuso.sqlite, or data/demo.sqlite with --demo), PROVINCE_CODE (25), BUILD_DIR (build),
 * WORKERS (1: see docs/decisions.md for when more processes help and when they hurt).
 */
import cluster from 'node:cluster';
import { DEMO_DATABASE_FILE, buildFolder } from '../src/lib/server/config';
import { stop } from './lib/stop';
import { serve, serveInWorkers } from './serve';

const demo = process.argv.includes('--demo');
if (demo) {
	process.env.DEMO = '1';
	process.env.DATABASE_URL ||= DEMO_DATABASE_FILE;
}

const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) stop(`PORT must be a number from 1 to 65535, not "${process.env.PORT}".`);
const host = process.env.HOST || '0.0.0.0';
const workers = Number(process.env.WORKERS || 1);
if (!Number.isInteger(workers) || workers < 1 || workers > 64) stop(`WORKERS must be a number from 1 to 64, not "${process.env.WORKERS}".`);
process.env.ORIGIN ||= `http://localhost:${port}`;
const buildDir = buildFolder();

if (cluster.isPrimary && workers > 1) {
	serveInWorkers(workers, { buildDir, host, port });
} else {
	// A lone process, or the first worker of a fresh start (a replacement worker prepares nothing).
	const prepares = cluster.isPrimary || process.env.PREPARE === '1';
	const announcement = prepares ? await (await import('./prepare')).prepare({ buildDir, demo }) : [];
	await serve({ buildDir, host, port });
	for (const line of announcement) console.log(line);
}
