/**
 * Requests sent at a steady rate whatever the answers do (an open loop), each timed from the moment
 * it was due. autocannon's rate option cannot stand in: each connection sends its share of a second
 * back to back and then waits, so "200 per second" arrives as bursts of 20 at once, and a request
 * held back by a slow answer is not counted as late.
 */
import http from 'node:http';

export interface SteadyRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string;
}

export interface SteadyResult {
	latencies: number[];
	statuses: number[];
	errors: number;
}

export async function steadyLoad(origin: string, ratePerSecond: number, requests: readonly SteadyRequest[]): Promise<SteadyResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
	const latencies: number[] = [];
	const statuses: number[] = [];
	let errors = 0;
	const started = performance.now();
	const interval = 1000 / ratePerSecond;
	const answered = requests.map(async (request, i) => {
		const due = started + i * interval;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		await new Promise<void>((resolve) => {
			const sent = http.request(`${origin}${request.path}`, { method: request.method, headers: request.headers, agent }, (response) => {
				response.resume();
				response.on('end', () => {
					latencies.push(performance.now() - due);
					statuses.push(response.statusCode ?? 0);
					resolve();
				});
			});
			sent.on('error', () => {
				errors++;
				resolve();
			});
			sent.end(request.body);
		});
	});
	await Promise.all(answered);
	agent.destroy();
	return { latencies, statuses, errors };
}
