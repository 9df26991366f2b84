/**
 * Serves the production build: adapter-node's handler behind gzip/brotli compression (adapter-node
 * leaves server-rendered HTML uncompressed), with a graceful shutdown on SIGTERM and SIGINT.
 */
import compression from 'compression';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export async function serve(options: { buildDir: string; host: string; port: number }): Promise<http.Server> {
	// Uploads (rosters, denominators) may be up to 10 MB, checked with a clear message by the
	// importers; adapter-node would otherwise refuse anything over 512 KB with a bare 413.
	process.env.BODY_SIZE_LIMIT ||= '11M';
	const entry = pathToFileURL(path.resolve(options.buildDir, 'handler.js')).href;
	const { handler } = (await import(entry)) as { handler: NodeHandler };
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
