import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { certificateChecks, waitMinutes } from '$lib/server/auth/throttle';
import { credentialStatusDocument } from '$lib/server/certificates/credential';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

// A revocation must show at once, and any site may ask (wallets run in browsers too).
const HEADERS = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };

/**
 * Whether one credential is revoked (the 1EdTechRevocationList status its credential points at).
 * Lookups count against the same per-address limit as the public check page, so this is no way
 * around it for trying code after code.
 */
export const GET: RequestHandler = async (event) => {
	const wait = await certificateChecks.waitSeconds(event, '');
	if (wait > 0) return json({ error: 'too_many_requests', message: m.verify_too_many({ minutes: waitMinutes(wait) }) }, { status: 429, headers: { ...HEADERS, 'retry-after': String(wait) } });
	const status = credentialStatusDocument(db(), event.params.code.slice(0, 40), event.url.origin);
	if (!status) return json({ error: 'not_found', message: m.verify_not_found() }, { status: 404, headers: HEADERS });
	return json(status, { headers: HEADERS });
};
