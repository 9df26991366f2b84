import { json } from '@sveltejs/kit';
import { issuerJwks } from '$lib/server/certificates/credential';
import type { RequestHandler } from './$types';

/**
 * The province's public signing keys, retired ones included so that credentials they signed
 * still verify. Cached for an hour: a verifier that meets a kid it has not seen fetches again.
 * Any site may read it (wallets and verifiers run in browsers too).
 */
export const GET: RequestHandler = ({ url }) =>
	json(issuerJwks(url.origin), {
		headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }
	});
