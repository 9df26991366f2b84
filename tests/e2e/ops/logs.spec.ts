import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../support';
import { healthy, killed, startServer } from './second-server';

test('the server logs one JSON line per request with its request id, and never the query string', async () => {
	test.skip(test.info().project.name !== 'desktop', 'one run is enough: no browser is involved');
	test.setTimeout(60_000);
	const server = startServer(mkdtempSync(path.join(os.tmpdir(), 'hocvuso-logs-')), { slot: 1, stdout: 'pipe' });
	const { origin } = server;
	let output = '';
	server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	try {
		await healthy(server);
		const traced = await fetch(`${origin}/courses?q=mat-khau-bi-mat`, { headers: { 'x-request-id': 'trace-e2e-42' } });
		expect(traced.headers.get('x-request-id')).toBe('trace-e2e-42');
		expect((await fetch(`${origin}/admin/accounts`, { redirect: 'manual' })).status).toBe(303);
		await expect.poll(() => output).toContain('trace-e2e-42');
		const lines = output
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(lines.find((line) => line.reqId === 'trace-e2e-42')).toMatchObject({ level: 30, service: 'hocvuso', msg: 'request', method: 'GET', path: '/courses', route: '/(public)/courses', status: 200, ms: expect.any(Number) });
		// Refused by the route guard (a redirect to sign-in) is a request too.
		await expect.poll(() => output).toContain('/admin/accounts');
		const refused = output.split('\n').filter((line) => line.includes('"/admin/accounts"')).map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(refused).toContainEqual(expect.objectContaining({ path: '/admin/accounts', status: 303, reqId: expect.any(String) }));
		// Health checks are for the debug level only.
		expect(lines.some((line) => line.path === '/healthz')).toBe(false);
		expect(output).not.toContain('mat-khau-bi-mat');
	} finally {
		await killed(server, 'SIGTERM');
	}
});
