import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	type CredentialSource,
	buildCredential,
	completionCriteria,
	credentialFile,
	credentialStatusDocument,
	fetchCredentialStatus,
	issuerJwks,
	signCredential,
	verifyCredentialJwt
} from '../../src/lib/server/certificates/credential';
import { currentSigningKey, ensureSigningKeys, loadSigningKeys, rotateSigningKey } from '../../src/lib/server/certificates/keys';
import type { CatalogCourse } from '../../src/lib/server/content/catalog';
import { courseSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { certificates, communes, lessonProgress } from '../../src/lib/server/db/schema';
import { recordCompletionIfMet } from '../../src/lib/server/progress/completion';
import { learnerUnits } from '../../src/lib/server/progress/learner';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const ORIGIN = 'https://hocvuso.example';
const SOURCE: CredentialSource = {
	code: '7KQ2M9XR4T',
	holderName: 'Nguyễn Thị Ánh Tuyết',
	courseId: 'an-toan-thong-tin',
	courseVersion: 2,
	courseTitleVi: 'An toàn thông tin và phòng chống lừa đảo trực tuyến',
	courseTitleEn: 'Online safety and scam prevention',
	completedAt: new Date('2026-11-20T03:00:00.250Z'),
	issuerName: 'Tỉnh Phú Thọ',
	issuedAt: new Date('2026-11-20T03:00:00.250Z')
};
const CRITERIA = { rule: 'all-lessons-and-quiz', lessons: 6, passMark: 80 } as const;

let dir: string;
let keyFile: string;
const previousKeyFile = process.env.SIGNING_KEY_FILE;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'credential-'));
	keyFile = path.join(dir, 'signing-keys.json');
	// The signing functions read SIGNING_KEY_FILE, as the server does; never the real data/ folder here.
	process.env.SIGNING_KEY_FILE = keyFile;
	ensureSigningKeys(keyFile, new Date('2026-11-20T00:00:00Z'));
});

afterAll(() => {
	if (previousKeyFile === undefined) delete process.env.SIGNING_KEY_FILE;
	else process.env.SIGNING_KEY_FILE = previousKeyFile;
	rmSync(dir, { recursive: true, force: true });
});

/** The same token with the character at `index` replaced by another base64url character. */
function changedAt(jwt: string, index: number): string {
	const replacement = jwt[index] === 'A' ? 'B' : 'A';
	return jwt.slice(0, index) + replacement + jwt.slice(index + 1);
}

describe('signing and verifying', () => {
	it('signs a VC-JWT with the OB 3.0 header and claims that verifies against the published key set', async () => {
		const credential = buildCredential(SOURCE, ORIGIN, CRITERIA);
		const jwt = await signCredential(credential, ORIGIN);
		const kid = `${ORIGIN}/.well-known/jwks.json#${loadSigningKeys().current.kid}`;
		expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', kid, typ: 'JWT' });
		expect(decodeJwt(jwt)).toMatchObject({ iss: `${ORIGIN}/`, jti: `${ORIGIN}/verify/7KQ2M9XR4T`, sub: `${ORIGIN}/verify/7KQ2M9XR4T#holder`, nbf: Date.parse('2026-11-20T03:00:00Z') / 1000 });
		expect(await verifyCredentialJwt(jwt, issuerJwks(ORIGIN))).toEqual({ valid: true, credential, kid, issuer: { id: `${ORIGIN}/`, name: 'Tỉnh Phú Thọ' } });
	});

	it('publishes only public keys', () => {
		const jwks = issuerJwks(ORIGIN);
		expect(jwks.keys).toHaveLength(1);
		expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.stringMatching(/^https:\/\/hocvuso\.example\/\.well-known\/jwks\.json#hvs-\d{4}-\d{2}-\d{2}/), alg: 'EdDSA', use: 'sig' });
	});

	it('fails when any one character of the header, payload or signature changes', async () => {
		const jwt = await signCredential(buildCredential(SOURCE, ORIGIN, CRITERIA), ORIGIN);
		const [header, payload] = jwt.split('.') as [string, string, string];
		// The last character of each part carries unused bits in base64url: it is left out.
		const lastOfEachPart = new Set([header.length - 1, header.length + payload.length, jwt.length - 1]);
		const positions = [...Array(jwt.length).keys()].filter((i) => jwt[i] !== '.' && !lastOfEachPart.has(i) && (i % 23 === 0 || i > jwt.length - 86));
		expect(positions.length).toBeGreaterThan(80);
		for (const i of positions) {
			const check = await verifyCredentialJwt(changedAt(jwt, i), issuerJwks(ORIGIN));
			expect(check.valid, `character ${i}`).toBe(false);
		}
		const inPayload = await verifyCredentialJwt(changedAt(jwt, header.length + 1 + Math.floor(payload.length / 2)), issuerJwks(ORIGIN));
		expect(inPayload).toEqual({ valid: false, reason: expect.stringContaining('signature does not match') });
	});

	it('fails with a key that is not in the key set, and with another key under a published kid', async () => {
		const jwt = await signCredential(buildCredential(SOURCE, ORIGIN, CRITERIA), ORIGIN);
		const elsewhere = { keys: issuerJwks(ORIGIN).keys.map((key) => ({ ...key, kid: 'https://other.example/.well-known/jwks.json#k1' })) };
		expect(await verifyCredentialJwt(jwt, elsewhere)).toEqual({ valid: false, reason: expect.stringContaining('not in the key set') });

		const forger = await generateKeyPair('Ed25519');
		const payload = decodeJwt(jwt);
		const forged = await new SignJWT({ ...payload, name: 'Giấy chứng nhận giả' }).setProtectedHeader(decodeProtectedHeader(jwt) as { alg: string }).sign(forger.privateKey);
		expect(await verifyCredentialJwt(forged, issuerJwks(ORIGIN))).toEqual({ valid: false, reason: expect.stringContaining('signature does not match') });
	});

	it('refuses tokens that are not OB 3.0 VC-JWTs, or whose claims disagree with the credential', async () => {
		const { key, kid } = currentSigningKey();
		const header = { alg: 'EdDSA', kid: `${ORIGIN}/.well-known/jwks.json#${kid}`, typ: 'JWT' };
		const credential = buildCredential(SOURCE, ORIGIN, CRITERIA);
		const claims = { iss: credential.issuer.id, jti: credential.id, sub: credential.credentialSubject.id, nbf: Date.parse(credential.validFrom) / 1000 };
		const sign = (payload: Record<string, unknown>, protectedHeader: Record<string, unknown> = header) => new SignJWT(payload).setProtectedHeader(protectedHeader as { alg: string }).sign(key);
		const jwks = issuerJwks(ORIGIN);
		expect(await verifyCredentialJwt('not.a.jwt!', jwks)).toMatchObject({ valid: false });
		expect(await verifyCredentialJwt(await sign({ ...credential, ...claims }, { ...header, typ: 'vc+jwt' }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('typ') });
		expect(await verifyCredentialJwt(await sign({ ...credential, ...claims, iss: 'https://other.example/' }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('iss') });
		expect(await verifyCredentialJwt(await sign({ ...credential, ...claims, jti: 'urn:uuid:1' }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('jti') });
		expect(await verifyCredentialJwt(await sign({ ...credential, ...claims, sub: undefined }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('sub') });
		expect(await verifyCredentialJwt(await sign({ ...credential, ...claims, nbf: claims.nbf + 1 }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('nbf') });
		expect(await verifyCredentialJwt(await sign({ ...claims, type: ['VerifiableCredential'] }), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('not an Open Badges') });
		const future = buildCredential({ ...SOURCE, issuedAt: new Date(Date.now() + 86_400_000) }, ORIGIN, CRITERIA);
		expect(await verifyCredentialJwt(await signCredential(future, ORIGIN), jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('not valid yet') });
	});

	it('keeps verifying credentials of a retired key after a rotation, and signs new ones with the new kid', async () => {
		const before = loadSigningKeys().current.kid;
		const old = await signCredential(buildCredential(SOURCE, ORIGIN, CRITERIA), ORIGIN);
		const { kid, retired } = rotateSigningKey(keyFile, new Date('2027-01-15T00:00:00Z'));
		expect({ kid, retired }).toEqual({ kid: 'hvs-2027-01-15', retired: before });

		const jwks = issuerJwks(ORIGIN);
		expect(jwks.keys.map((key) => key.kid)).toEqual([`${ORIGIN}/.well-known/jwks.json#hvs-2027-01-15`, `${ORIGIN}/.well-known/jwks.json#${before}`]);
		expect(await verifyCredentialJwt(old, jwks)).toMatchObject({ valid: true, kid: `${ORIGIN}/.well-known/jwks.json#${before}` });
		const fresh = await signCredential(buildCredential(SOURCE, ORIGIN, CRITERIA), ORIGIN);
		expect(decodeProtectedHeader(fresh).kid).toBe(`${ORIGIN}/.well-known/jwks.json#hvs-2027-01-15`);
		expect(await verifyCredentialJwt(fresh, jwks)).toMatchObject({ valid: true });

		// The retired key can no longer sign: its private part is gone from the file.
		const stored = JSON.parse(readFileSync(keyFile, 'utf8'));
		expect(stored.keys.map((key: { kid: string; status: string; jwk: { d?: string } }) => [key.kid, key.status, Boolean(key.jwk.d)])).toEqual([
			['hvs-2027-01-15', 'current', true],
			[before, 'retired', false]
		]);
		expect(statSync(keyFile).mode & 0o777).toBe(0o600);
		// A second rotation the same day gets a kid of its own.
		expect(rotateSigningKey(keyFile, new Date('2027-01-15T09:00:00Z')).kid).toBe('hvs-2027-01-15-2');
	});
});

describe('the key file', () => {
	it('is created readable by its owner only, with one current Ed25519 key, and kept as it is at the next start', () => {
		const file = path.join(dir, 'nested', 'keys.json');
		const ring = ensureSigningKeys(file, new Date('2026-11-23T10:00:00Z'));
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(ring.keys).toEqual([{ kid: 'hvs-2026-11-23', status: 'current', createdAt: '2026-11-23T10:00:00.000Z', jwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), d: expect.any(String) } }]);
		const written = readFileSync(file, 'utf8');
		ensureSigningKeys(file, new Date('2027-01-01T00:00:00Z'));
		expect(readFileSync(file, 'utf8')).toBe(written);
	});

	it('is refused, saying why, when it is not JSON or does not have exactly one current key', () => {
		const garbage = path.join(dir, 'garbage.json');
		writeFileSync(garbage, 'not json');
		expect(() => loadSigningKeys(garbage)).toThrow(/is not JSON/);
		const twoCurrent = path.join(dir, 'two-current.json');
		const key = JSON.parse(readFileSync(keyFile, 'utf8')).keys[0];
		writeFileSync(twoCurrent, JSON.stringify({ keys: [key, { ...key, kid: 'other' }] }));
		expect(() => loadSigningKeys(twoCurrent)).toThrow(/exactly one key must be current/);
		const mismatched = path.join(dir, 'mismatched.json');
		writeFileSync(mismatched, JSON.stringify({ keys: [{ ...key, kid: 'mismatched', jwk: { ...key.jwk, x: generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x } }] }));
		expect(() => loadSigningKeys(mismatched)).toThrow(/public part does not belong to its private part/);
	});
});

describe('the credential', () => {
	// The official JSON schema of an OB 3.0 AchievementCredential (OpenBadgeCredential), copied
	// unchanged from 1EdTech/openbadges-specification, branch gh-pages, docs/schema/achievementcredential.json
	// (commit a4e4e709665ced019c271173b180fcafe35f6f2a), which is published as
	// https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json
	const schema = JSON.parse(readFileSync('tests/fixtures/open-badges/ob_v3p0_achievementcredential_schema.json', 'utf8'));
	// The schema's @context is a two-item tuple followed by more: valid 2019-09 that Ajv's strict mode only warns about.
	const ajv = new Ajv2019({ allErrors: true, strictTuples: false });
	addFormats(ajv);
	const validate = ajv.compile(schema);

	it('has every field OB 3.0 requires, as the official JSON schema checks it, signed and unsigned', async () => {
		const { jwt, credential } = await credentialFile(SOURCE, ORIGIN, CRITERIA);
		expect(validate(credential), JSON.stringify(validate.errors)).toBe(true);
		expect(validate(decodeJwt(jwt)), JSON.stringify(validate.errors)).toBe(true);
		expect(validate({ ...credential, credentialStatus: undefined, issuer: { name: 'x' } })).toBe(false);
		expect(credential).toMatchObject({
			'@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
			type: ['VerifiableCredential', 'OpenBadgeCredential'],
			issuer: { id: `${ORIGIN}/`, type: ['Profile'], name: 'Tỉnh Phú Thọ' },
			validFrom: '2026-11-20T03:00:00Z',
			credentialSubject: {
				type: ['AchievementSubject'],
				achievement: { id: `${ORIGIN}/courses/an-toan-thong-tin#v2`, type: ['Achievement'], name: 'An toàn thông tin và phòng chống lừa đảo trực tuyến' }
			},
			credentialStatus: { id: `${ORIGIN}/credentials/status/7KQ2M9XR4T`, type: '1EdTechRevocationList' }
		});
	});

	it('says in plain words what completing the course meant, and stays general when the course has changed since', () => {
		const narrative = (criteria: Parameters<typeof buildCredential>[2]) => buildCredential(SOURCE, ORIGIN, criteria).credentialSubject.achievement.criteria.narrative;
		expect(narrative(CRITERIA)).toContain('học hết 6 bài của khóa học và đạt bài kiểm tra cuối khóa (đúng ít nhất 80% số câu)');
		expect(narrative(CRITERIA)).toContain('all 6 lessons');
		expect(narrative({ rule: 'quiz-only', lessons: 1, passMark: 90 })).toMatch(/^Người học đã đạt bài kiểm tra cuối khóa \(đúng ít nhất 90% số câu\)/);
		expect(narrative({ rule: 'all-lessons', lessons: 3, passMark: null })).toMatch(/^Người học đã học hết 3 bài của khóa học\./);
		expect(narrative(null)).toContain('phiên bản 2');

		const course = { ...courseSchema.parse({ id: 'an-toan-thong-tin', version: 2, order: 1, status: 'published', audience: 'all', minutes: 10, competencies: ['4.2'], lessonsInOrder: false, completion: 'all-lessons', title: { vi: 'A', en: 'A' }, summary: { vi: 'S', en: 'S' } }), folder: 'x', lessons: [], practice: new Map(), finalQuiz: null } satisfies CatalogCourse;
		expect(completionCriteria(course, 2)).toEqual({ rule: 'all-lessons', lessons: 0, passMark: null });
		expect(completionCriteria(course, 1)).toBeNull();
		expect(completionCriteria(undefined, 2)).toBeNull();
	});
});

describe('with a certificate in the database', () => {
	let db: AppDatabase;
	let code: string;

	const course = {
		...courseSchema.parse({ id: 'khoa-chung-nhan', version: 1, order: 1, status: 'published', audience: 'all', minutes: 10, competencies: ['4.2'], lessonsInOrder: false, completion: 'all-lessons', title: { vi: 'Khóa chứng nhận', en: 'Certificate course' }, summary: { vi: 'S', en: 'S' } }),
		folder: '01-khoa',
		lessons: [{ id: 'bai-mot', slug: '01-bai-mot', title: { vi: 'Bài một', en: null }, minutes: 3, hasEnglish: false, practiceIds: [], glossary: { vi: [], en: [] } }],
		practice: new Map(),
		finalQuiz: null
	} satisfies CatalogCourse;

	beforeEach(() => {
		db = testDatabase();
		const provinceId = makeProvince(db).id;
		const communeId = makeCommune(db, provinceId, { name: 'Xã Hy Cương' }).id;
		const person = makePerson(db, provinceId, { fullName: 'Lê Văn Bình', username: 'levanbinh1968', communeId, birthYear: 1968, phone: '+84912345678' }).id;
		const at = new Date('2026-11-20T03:00:00Z');
		db.insert(lessonProgress).values({ personId: person, courseId: course.id, lessonId: 'bai-mot', firstSeenAt: at, completedAt: at, communeIdAtCompletion: communeId }).run();
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course, at));
		code = db.select({ code: certificates.code }).from(certificates).get()!.code;
	});

	it('puts the printed name in the credential and nothing else about the holder', async () => {
		const row = db.select().from(certificates).get()!;
		const { jwt, credential } = await credentialFile(row, ORIGIN, completionCriteria(course, row.courseVersion));
		const everything = JSON.stringify([credential, decodeJwt(jwt), decodeProtectedHeader(jwt)]);
		expect(everything).toContain('Lê Văn Bình');
		const commune = db.select({ name: communes.name }).from(communes).get()!.name;
		for (const secret of ['1968', '912345678', '5678', 'levanbinh', commune]) expect(everything, secret).not.toMatch(new RegExp(`(?<![\\d])${secret}(?![\\d])`));
	});

	it('has a status document: not revoked, then revoked with date and reason; unknown or malformed codes have none', async () => {
		const statusUrl = `${ORIGIN}/credentials/status/${code}`;
		expect(credentialStatusDocument(db, code.toLowerCase(), ORIGIN)).toEqual({ id: statusUrl, issuer: `${ORIGIN}/`, revokedCredentials: [{ id: `${ORIGIN}/verify/${code}`, revoked: false }] });
		const answer = (document: unknown, status = 200) => () => Promise.resolve(new Response(JSON.stringify(document), { status }));
		expect(await fetchCredentialStatus(statusUrl, `${ORIGIN}/verify/${code}`, answer(credentialStatusDocument(db, code, ORIGIN)))).toEqual({ state: 'valid' });

		db.update(certificates).set({ revokedAt: new Date('2026-12-01T08:00:00Z'), revokedReason: 'Cấp nhầm người' }).where(eq(certificates.code, code)).run();
		const revoked = credentialStatusDocument(db, code, ORIGIN);
		expect(revoked?.revokedCredentials).toEqual([{ id: `${ORIGIN}/verify/${code}`, revoked: true, revokedAt: '2026-12-01T08:00:00.000Z', reason: 'Cấp nhầm người' }]);
		expect(await fetchCredentialStatus(statusUrl, `${ORIGIN}/verify/${code}`, answer(revoked))).toEqual({ state: 'revoked', revokedAt: '2026-12-01T08:00:00.000Z', reason: 'Cấp nhầm người' });

		for (const unknown of ['0000000000', 'not-a-code', '', "' OR 1=1 --", 'x'.repeat(40)]) expect(credentialStatusDocument(db, unknown, ORIGIN), unknown).toBeNull();
		expect(await fetchCredentialStatus(statusUrl, `${ORIGIN}/verify/${code}`, answer({ error: 'not_found' }, 404))).toEqual({ state: 'unknown', why: expect.stringContaining('404') });
		expect(await fetchCredentialStatus(statusUrl, `${ORIGIN}/verify/${code}`, answer({ hello: 'world' }))).toMatchObject({ state: 'unknown' });
	});
});

describe('the verify-credential command', () => {
	const run = (...args: string[]) => spawnSync('node_modules/.bin/tsx', ['scripts/verify-credential.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

	it('says valid (0) for a downloaded credential and its key set, invalid (1) once tampered with, and shows usage (2) without arguments', async () => {
		const file = await credentialFile(SOURCE, ORIGIN, CRITERIA);
		const credentialPath = path.join(dir, 'credential.json');
		const jwksPath = path.join(dir, 'jwks.json');
		writeFileSync(credentialPath, JSON.stringify(file, null, 2));
		writeFileSync(jwksPath, JSON.stringify(issuerJwks(ORIGIN)));

		const valid = run(credentialPath, '--jwks', jwksPath);
		expect(valid.stderr).toBe('');
		expect(valid.status).toBe(0);
		expect(valid.stdout).toContain('VALID: signed by Tỉnh Phú Thọ');
		expect(valid.stdout).toContain('Holder: Nguyễn Thị Ánh Tuyết');
		expect(valid.stdout).toContain(`Revocation status: not checked offline (run with --online to ask ${ORIGIN}/credentials/status/7KQ2M9XR4T)`);

		const [header, payload] = file.jwt.split('.') as [string, string, string];
		const tamperedPath = path.join(dir, 'tampered.json');
		writeFileSync(tamperedPath, JSON.stringify({ ...file, jwt: changedAt(file.jwt, header.length + 1 + Math.floor(payload.length / 2)) }));
		const tampered = run(tamperedPath, '--jwks', jwksPath);
		expect(tampered.status).toBe(1);
		expect(tampered.stdout).toContain('INVALID: the signature does not match');

		// The readable copy is checked too: it must say what the signature covers.
		writeFileSync(tamperedPath, JSON.stringify({ ...file, credential: { ...file.credential, name: 'Bằng thạc sĩ' } }));
		expect(run(tamperedPath, '--jwks', jwksPath).status).toBe(1);

		const usage = run();
		expect(usage.status).toBe(2);
		expect(usage.stderr).toContain('Usage: npm run verify-credential');
		// Without a key set there is nothing to check against: a usage error, not a verdict.
		expect(run(credentialPath).status).toBe(2);
		expect(run(path.join(dir, 'missing.json'), '--jwks', jwksPath).status).toBe(2);
	});

	it('with --online, fetches the key set from the issuer\'s site and asks the status: not revoked (0), revoked (1)', async () => {
		let revoked = false;
		const server = createServer((request, response) => {
			const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
			const body =
				request.url === '/.well-known/jwks.json'
					? issuerJwks(origin)
					: request.url === '/credentials/status/7KQ2M9XR4T'
						? { id: `${origin}${request.url}`, issuer: `${origin}/`, revokedCredentials: [revoked ? { id: `${origin}/verify/7KQ2M9XR4T`, revoked: true, revokedAt: '2026-12-01T08:00:00.000Z', reason: 'Cấp nhầm người' } : { id: `${origin}/verify/7KQ2M9XR4T`, revoked: false }] }
						: null;
			response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		});
		await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
		// The server answers while the command runs, so the command must not block this process.
		const runAsync = (...args: string[]) =>
			new Promise<{ status: number | null; stdout: string }>((resolve) => {
				const child = spawn('node_modules/.bin/tsx', ['scripts/verify-credential.ts', ...args]);
				let stdout = '';
				child.stdout.on('data', (chunk) => (stdout += chunk));
				child.on('close', (status) => resolve({ status, stdout }));
			});
		try {
			const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
			const credentialPath = path.join(dir, 'online.json');
			writeFileSync(credentialPath, JSON.stringify(await credentialFile(SOURCE, origin, CRITERIA)));
			const valid = await runAsync(credentialPath, '--online');
			expect(valid.stdout).toContain(`Key set: ${origin}/.well-known/jwks.json`);
			expect(valid.stdout).toContain(`Revocation status: not revoked (${origin}/credentials/status/7KQ2M9XR4T)`);
			expect(valid.status).toBe(0);
			revoked = true;
			const gone = await runAsync(credentialPath, '--online');
			expect(gone.stdout).toContain('REVOKED on 2026-12-01T08:00:00.000Z: Cấp nhầm người');
			expect(gone.status).toBe(1);
		} finally {
			server.close();
		}
	});
});
