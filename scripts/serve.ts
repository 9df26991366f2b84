/**
 * Serves the production build: adapter-node's handler behind gzip/brotli compression (adapter-node
 * leaves server-rendered HTML uncompressed), with a graceful shutdown on SIGTERM and SIGINT; on
 * several cores, in worker processes that share the port and the WAL database.
 */
import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export interface ServeOptions {
	buildDir: string;
	host: string;
	port: number;
}

export async function serve(options: ServeOptions): Promise<http.Server> {
	// Uploads (rosters, denominators) may be up to 10 MB, checked with a clear message by the
	// importers; adapter-node would otherwise refuse anything over 512 KB with a bare 413.
	process.env.BODY_SIZE_LIMIT ||= '11M';
	const entry = pathToFileURL(path.resolve(options.buildDir, 'handler.js')).href;
	const { handler } = (await import(entry)) as { handler: NodeHandler };
	// Imported here: the start process that only starts workers never needs it.
	const { default: compression } = await import('compression');
	// Flushing on every write keeps streamed pages streaming instead of waiting for their last promise.
	const compress = compression({
		flush: zlib.constants.Z_SYNC_FLUSH,
		brotli: { params: {}, flush: zlib.constants.BROTLI_OPERATION_FLUSH }
	}) as unknown as NodeHandler;
	const server = http.createServer((req, res) => compress(req, res, () => handler(req, res)));

	const shutdown = (signal: NodeJS.Signals) => {
		server.close(() => {
			// SvelteKit apps listen for this event (adapter-node's own server emits it too).
			process.emit('sveltekit:shutdown' as never, signal as never);
			process.exit(0);
		});
		server.closeIdleConnections();
		setTimeout(() => server.closeAllConnections(), 5_000).unref();
	};
	process.once('SIGTERM', shutdown);
	process.once('SIGINT', shutdown);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, resolve);
	});
	return server;
}

/**
 * Starts `count` worker processes, each running the start command again and serving as above on
 * the same port. The first prepares the database (PREPARE=1) and does the background work
 * (BACKGROUND_WORK=1); the others start once it listens and only answer requests. A worker that
 * dies is replaced in the same role, without preparing again; one that dies before it ever
 * listened stops the server, since a replacement would fail the same way.
 */
export function serveInWorkers(count: number, options: ServeOptions): void {
	const env = { HOST: options.host, PORT: String(options.port), BUILD_DIR: options.buildDir };
	const live = new Set<Worker>();
	const background = new Set<Worker>();
	const listened = new WeakSet<Worker>();
	let stopping = false;
	let failed = false;
	const fork = (role: { prepares: boolean; backgroundWork: boolean }) => {
		const worker = cluster.fork({ ...env, PREPARE: role.prepares ? '1' : '0', BACKGROUND_WORK: role.backgroundWork ? '1' : '0' });
		live.add(worker);
		if (role.backgroundWork) background.add(worker);
		worker.once('listening', () => listened.add(worker));
		return worker;
	};
	const stop = () => {
		stopping = true;
		for (const worker of live) worker.process.kill('SIGTERM');
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);

	cluster.on('exit', (worker, code, signal) => {
		live.delete(worker);
		const backgroundWork = background.delete(worker);
		if (!stopping && listened.has(worker)) {
			console.error(`A server process stopped (${signal ?? `exit ${code}`}); starting another.`);
			fork({ prepares: false, backgroundWork });
			return;
		}
		if (!stopping) {
			// A worker that exits says why itself (prepare.ts, the init hook); a signal says nothing.
			if (signal) console.error(`A server process was stopped by ${signal} before it could start; stopping.`);
			failed = true;
			stop();
		}
		if (live.size === 0) process.exit(failed ? 1 : 0);
	});
	fork({ prepares: true, backgroundWork: true }).once('listening', () => {
		for (let i = 1; i < count; i++) fork({ prepares: false, backgroundWork: false });
	});
}
