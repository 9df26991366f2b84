/**
 * The province's Ed25519 keys for signing digital credentials. They live in a file outside the
 * database (SIGNING_KEY_FILE, default data/signing-keys.json), so a database copy handed to
 * someone for a report never carries the signing key, and the key is backed up on its own terms.
 *
 * The file keeps every key the province ever signed with: exactly one "current" key (with its
 * private part) signs; "retired" keys keep only their public part, so credentials they signed
 * still verify against the published key set. Relative imports only: scripts use this outside SvelteKit.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const DEFAULT_SIGNING_KEY_FILE = 'data/signing-keys.json';

export function signingKeyFile(): string {
	return process.env.SIGNING_KEY_FILE || DEFAULT_SIGNING_KEY_FILE;
}

const base64url = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `${bytes} bytes in base64url`);
const keyFileSchema = z
	.strictObject({
		keys: z
			.array(
				z.strictObject({
					kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id of letters, digits, dots, dashes and underscores'),
					status: z.enum(['current', 'retired']),
					createdAt: z.iso.datetime(),
					retiredAt: z.iso.datetime().optional(),
					jwk: z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url(32), d: base64url(32).optional() })
				})
			)
			.min(1)
	})
	.superRefine(({ keys }, ctx) => {
		const current = keys.filter((key) => key.status === 'current');
		if (current.length !== 1) ctx.addIssue({ code: 'custom', message: `exactly one key must be current, not ${current.length}` });
		if (current.some((key) => !key.jwk.d)) ctx.addIssue({ code: 'custom', message: 'the current key has no private part' });
		if (keys.some((key) => key.status === 'retired' && key.jwk.d)) ctx.addIssue({ code: 'custom', message: 'a retired key still has its private part' });
		if (new Set(keys.map((key) => key.kid)).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'two keys have the same kid' });
	});

type SigningKeyFile = z.infer<typeof keyFileSchema>;
export type StoredKey = SigningKeyFile['keys'][number];

/** A public key as published: what a verifier needs, and never the private part. */
export interface PublicKey {
	kty: 'OKP';
	crv: 'Ed25519';
	x: string;
	kid: string;
	alg: 'EdDSA';
	use: 'sig';
}

export interface KeyRing {
	keys: StoredKey[];
	current: StoredKey;
	/** The current key, ready for signing. */
	signingKey: KeyObject;
}

// Loaded once per process and file; rotating in this process replaces the entry.
const rings = new Map<string, KeyRing>();

function newKey(kid: string, now: Date): StoredKey {
	const { privateKey } = generateKeyPairSync('ed25519');
	const { x, d } = privateKey.export({ format: 'jwk' });
	return { kid, status: 'current', createdAt: now.toISOString(), jwk: { kty: 'OKP', crv: 'Ed25519', x: x!, d: d! } };
}

/** "hvs-2026-11-23", with "-2", "-3"… when a key was already made that day. */
function newKid(now: Date, taken: readonly StoredKey[]): string {
	const base = `hvs-${now.toISOString().slice(0, 10)}`;
	let kid = base;
	for (let n = 2; taken.some((key) => key.kid === kid); n++) kid = `${base}-${n}`;
	return kid;
}

const serialise = (content: SigningKeyFile) => `${JSON.stringify(content, null, '\t')}\n`;

function readKeyFile(file: string): SigningKeyFile {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, 'utf8'));
	} catch (cause) {
		if (cause instanceof SyntaxError) throw new Error(`${file} is not JSON`);
		throw cause;
	}
	const parsed = keyFileSchema.safeParse(json);
	if (!parsed.success) throw new Error(`${file} is not a signing key file: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`).join('; ')}`);
	return parsed.data;
}

function remember(file: string, content: SigningKeyFile): KeyRing {
	const current = content.keys.find((key) => key.status === 'current')!;
	const signingKey = createPrivateKey({ key: current.jwk, format: 'jwk' });
	// Node does not check that x belongs to d; a hand-edited file would sign with a key nobody can verify.
	if (createPublicKey(signingKey).export({ format: 'jwk' }).x !== current.jwk.x) throw new Error(`${file}: the current key's public part does not belong to its private part`);
	const ring: KeyRing = { keys: content.keys, current, signingKey };
	rings.set(path.resolve(file), ring);
	return ring;
}

/** The key file's keys, read and checked once per process. Throws when it is missing or malformed. */
export function loadSigningKeys(file = signingKeyFile()): KeyRing {
	return rings.get(path.resolve(file)) ?? remember(file, readKeyFile(file));
}

/**
 * Creates the key file with one new key when there is none (readable by the server's user only),
 * then loads it. The server calls this at start, so a broken file stops it there and not at the
 * first download.
 */
export function ensureSigningKeys(file = signingKeyFile(), now = new Date()): KeyRing {
	if (!existsSync(file)) {
		mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
		try {
			// "wx": two processes starting at once must not both write a key.
			writeFileSync(file, serialise({ keys: [newKey(newKid(now, []), now)] }), { mode: 0o600, flag: 'wx' });
		} catch (cause) {
			if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
		}
	}
	return loadSigningKeys(file);
}

/** The key new credentials are signed with. */
export function currentSigningKey(file = signingKeyFile()): { kid: string; key: KeyObject } {
	const ring = loadSigningKeys(file);
	return { kid: ring.current.kid, key: ring.signingKey };
}

/** Every key's public part, current and retired, as JWKs with their short kid. */
export function publicKeys(file = signingKeyFile()): PublicKey[] {
	return loadSigningKeys(file).keys.map(({ kid, jwk }) => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: 'EdDSA', use: 'sig' }));
}

/**
 * Adds a new current key and retires the old one, dropping its private part: from now on only the
 * new key signs, and both verify. The file is replaced in one rename, so a crash leaves the old
 * file or the new one, never half of one. A server already running keeps signing with the key it
 * loaded until it restarts.
 */
export function rotateSigningKey(file = signingKeyFile(), now = new Date()): { kid: string; retired: string } {
	const before = readKeyFile(file);
	const old = before.keys.find((key) => key.status === 'current')!;
	const fresh = newKey(newKid(now, before.keys), now);
	const keys = before.keys.map((key): StoredKey => (key === old ? { kid: key.kid, status: 'retired', createdAt: key.createdAt, retiredAt: now.toISOString(), jwk: { kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x } } : key));
	const content: SigningKeyFile = { keys: [fresh, ...keys] };
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, serialise(content), { mode: 0o600, flag: 'wx' });
	renameSync(temporary, file);
	remember(file, content);
	return { kid: fresh.kid, retired: old.kid };
}
