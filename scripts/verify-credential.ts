/**
 * Checks a digital credential (Open Badges 3.0, VC-JWT) as downloaded from "My learning":
 *
 *   npm run verify-credential -- credential.json --jwks jwks.json     signature, offline
 *   npm run verify-credential -- credential.json --online             keys and revocation from the issuer
 *   npm run verify-credential -- credential.json --jwks jwks.json --online
 *
 * The file is the downloaded JSON ({ "jwt", "credential" }) or a bare compact JWS. The key set is
 * the issuer's /.well-known/jwks.json, saved beforehand (--jwks) or fetched from the address the
 * credential's key id names, at its issuer's site (--online). The downloaded file carries no key
 * set on purpose: whoever forged a file would put their own key in it.
 *
 * Exit status: 0 valid, 1 invalid (or revoked, or its status could not be read with --online),
 * 2 the command line is wrong or a file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { credentialStatusUrl, fetchCredentialStatus, unverifiedClaims, verifyCredentialJwt } from '../src/lib/server/certificates/credential';

const USAGE = 'Usage: npm run verify-credential -- <credential.json> [--jwks <jwks.json>] [--online]';

function usage(problem?: string): never {
	if (problem) console.error(problem);
	console.error(USAGE);
	process.exit(2);
}

function invalid(reason: string): never {
	console.log(`INVALID: ${reason}.`);
	process.exit(1);
}

function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (cause) {
		usage(`Cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
	}
}

const isKeySet = (value: unknown): value is JSONWebKeySet => Array.isArray((value as { keys?: unknown } | null)?.keys);

let args;
try {
	args = parseArgs({ args: process.argv.slice(2), options: { jwks: { type: 'string' }, online: { type: 'boolean' } }, allowPositionals: true });
} catch (cause) {
	usage(cause instanceof Error ? cause.message : String(cause));
}
const [file, ...extra] = args.positionals;
if (!file || extra.length > 0) usage();
const { jwks: jwksFile, online = false } = args.values;
if (!jwksFile && !online) usage('Give the issuer\'s key set: --jwks <file> (saved from <issuer>/.well-known/jwks.json), or --online to fetch it.');

// The downloaded JSON file, or the bare compact JWS that Open Badges files may also be.
const content = readText(file).trim();
let jwt: string;
let readable: unknown;
if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(content)) {
	jwt = content;
} else {
	let parsed: { jwt?: unknown; credential?: unknown } | null = null;
	try {
		parsed = JSON.parse(content);
	} catch {
		invalid(`${file} is neither JSON nor a signed credential`);
	}
	if (typeof parsed?.jwt !== 'string') invalid(`${file} holds no signed credential (a "jwt" field)`);
	jwt = parsed.jwt;
	readable = parsed.credential;
}

let jwks: unknown;
if (jwksFile) {
	try {
		jwks = JSON.parse(readText(jwksFile));
	} catch {
		usage(`${jwksFile} is not JSON.`);
	}
	if (!isKeySet(jwks)) usage(`${jwksFile} is not a JSON Web Key Set ({ "keys": [...] }).`);
} else {
	// The key id is a URI to the issuer's key set; it must be at the issuer's own site.
	const { kid, iss } = unverifiedClaims(jwt);
	let keySetUrl: URL;
	try {
		keySetUrl = new URL(kid ?? '');
		if (keySetUrl.origin !== new URL(iss ?? '').origin || !/^https?:$/.test(keySetUrl.protocol)) throw new Error();
	} catch {
		invalid('its key id is not an address at its issuer\'s site, so its key cannot be fetched');
	}
	keySetUrl.hash = '';
	console.log(`Key set: ${keySetUrl.href}`);
	try {
		const response = await fetch(keySetUrl, { headers: { accept: 'application/jwk-set+json, application/json' }, signal: AbortSignal.timeout(10_000) });
		if (!response.ok) throw new Error(`it answered ${response.status}`);
		jwks = await response.json();
	} catch (cause) {
		invalid(`the issuer's key set could not be fetched (${cause instanceof Error ? cause.message : String(cause)})`);
	}
	if (!isKeySet(jwks)) invalid('the issuer\'s key set address did not answer with a key set');
}

const check = await verifyCredentialJwt(jwt, jwks);
if (!check.valid) invalid(check.reason);
// The readable copy is for people; it must not say anything the signature does not cover.
if (readable !== undefined && !isDeepStrictEqual(readable, check.credential)) invalid('the readable "credential" in the file differs from the signed one, so it cannot be trusted');

const credential = check.credential as {
	id: string;
	name?: string;
	validFrom?: string;
	credentialSubject?: { identifier?: { identityType?: string; hashed?: boolean; identityHash?: string }[]; achievement?: { name?: string } };
};
const holder = credential.credentialSubject?.identifier?.find((entry) => entry.identityType === 'name' && entry.hashed === false)?.identityHash;
console.log(`VALID: signed by ${check.issuer.name ?? check.issuer.id} (${check.issuer.id}) with key ${check.kid}.`);
for (const [label, value] of [
	['Credential', credential.name],
	['Holder', holder],
	['Achievement', credential.credentialSubject?.achievement?.name],
	['Valid from', credential.validFrom]
]) {
	if (value) console.log(`  ${label}: ${value}`);
}

const statusUrl = credentialStatusUrl(check.credential);
if (!statusUrl) {
	console.log('Revocation status: the credential declares none.');
} else if (!online) {
	console.log(`Revocation status: not checked offline (run with --online to ask ${statusUrl}).`);
} else {
	const status = await fetchCredentialStatus(statusUrl, credential.id);
	if (status.state === 'unknown') invalid(`its revocation status could not be checked: ${status.why}`);
	if (status.state === 'revoked') {
		console.log(`REVOKED${status.revokedAt ? ` on ${status.revokedAt}` : ''}${status.reason ? `: ${status.reason}` : ''} (${statusUrl}).`);
		process.exit(1);
	}
	console.log(`Revocation status: not revoked (${statusUrl}).`);
}
