import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../support';
import { ACTORS, type ActorName, CANARIES, type CanaryName, MAY_SEE, createCanaries, signInActor } from './actors';
import { MATRIX } from './routes';

/** SvelteKit route ids of every page, form action and endpoint file under src/routes. */
function routeIds(dir = 'src/routes', id = ''): string[] {
	const entries = readdirSync(dir, { withFileTypes: true });
	const here = entries.some((e) => e.isFile() && /^\+(page(\.server)?\.(ts|svelte)|server\.ts)$/.test(e.name)) ? [id || '/'] : [];
	return [...here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => routeIds(path.join(dir, e.name), `${id}/${e.name}`))];
}

test('every route file has an entry in the authorization matrix, and every entry a route', () => {
	const routes = routeIds().sort();
	expect(routes.filter((id) => !(id in MATRIX)), 'routes missing from tests/e2e/matrix/routes.ts').toEqual([]);
	expect(Object.keys(MATRIX).filter((id) => !routes.includes(id)), 'matrix entries without a route').toEqual([]);
});

test('each role, in its own unit and another, and a guest, gets only what the policy allows and sees no one else', async ({ playwright, baseURL }) => {
	test.skip(test.info().project.name !== 'desktop', 'one run is enough: the server answers the same to any viewport');
	test.setTimeout(180_000);
	const canaries = await createCanaries();
	const failures: string[] = [];
	const actorNames = Object.keys(ACTORS) as ActorName[];
	let address = 0;

	for (const actor of actorNames) {
		const { request } = await signInActor(playwright, baseURL!, actor, `10.250.${Math.floor(address / 250)}.${(address++ % 250) + 1}`);
		const hidden = (Object.keys(CANARIES) as CanaryName[]).filter((c) => !MAY_SEE[actor].includes(c)).map((c) => canaries[c].fullName);
		const probes = Object.entries(MATRIX).flatMap(([routeId, make]) => make({ canaries }).map((probe) => ({ routeId, probe })));
		const ordered = [...probes.filter((p) => !p.probe.last), ...probes.filter((p) => p.probe.last)];

		for (const { routeId, probe } of ordered) {
			const response =
				probe.method === 'GET'
					? await request.get(probe.path, { maxRedirects: 0 })
					: await request.post(probe.path, { form: probe.form ?? {}, maxRedirects: 0 });
			const status = response.status();
			const location = response.headers()['location'] ?? '';
			const body = await response.text();
			const where = `${actor} ${probe.method} ${probe.path} (${routeId}) → ${status}${location ? ` ${location}` : ''}`;
			const sentToSignIn = status === 303 && /\/sign-in(\?|$)/.test(location);
			const denied = [401, 403, 404].includes(status) || sentToSignIn;
			if (status >= 500) failures.push(`${where}: server error`);
			else if (probe.allowed(actor) && denied) failures.push(`${where}: refused, but the policy allows it`);
			else if (!probe.allowed(actor) && !denied) failures.push(`${where}: allowed, but the policy refuses it`);
			for (const name of hidden) if (body.includes(name)) failures.push(`${where}: shows ${name}`);
		}
		await request.dispose();
	}
	expect(failures).toEqual([]);
});
