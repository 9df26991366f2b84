/**
 * Every certificate is also an Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential
 * 2.0), signed by the province as a VC-JWT, so a wallet or an employer's system can check it
 * without asking us, and ask the status endpoint whether it has been revoked since.
 *
 * Conventions, from OB 3.0 §8.2 (JSON Web Token Proof Format) where it is stricter than VC-JOSE-COSE:
 * - JOSE header: alg "EdDSA" (Ed25519), kid a URI that dereferences to the key (the issuer's key
 *   set at /.well-known/jwks.json, the fragment naming the key), typ "JWT". VC-JOSE-COSE suggests
 *   typ "vc+jwt", but OB 3.0 says typ, if present, MUST be "JWT" and allows no other headers.
 * - Payload: the credential itself (no "vc" claim) plus iss = issuer.id, jti = id,
 *   sub = credentialSubject.id and nbf = validFrom, which OB 3.0 requires.
 * - credentialStatus: OB 3.0's 1EdTechRevocationList method, pointing at one status document per
 *   credential (/credentials/status/<code>).
 *
 * Relative imports only: the verification CLI runs this outside SvelteKit.
 */
import { eq } from 'drizzle-orm';
import { type JSONWebKeySet, SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { CatalogCourse } from '../content/catalog';
import type { DbOrTx } from '../db/client';
import { certificates } from '../db/schema';
import { normaliseCertificateCode } from './codes';
import { currentSigningKey, publicKeys } from './keys';

const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Defines "1EdTechRevocationList" for JSON-LD processors, as the OB 3.0 examples do. */
const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
const STATUS_METHOD = '1EdTechRevocationList';
const JWKS_PATH = '/.well-known/jwks.json';

type CertificateRow = typeof certificates.$inferSelect;
/** What a credential says: copied into the certificate when it was issued, like the PDF. */
export type CredentialSource = Pick<CertificateRow, 'code' | 'holderName' | 'courseId' | 'courseVersion' | 'courseTitleVi' | 'courseTitleEn' | 'completedAt' | 'issuerName' | 'issuedAt'>;

/** What completing the course asked of the learner, when it is known for the certificate's version. */
export interface CompletionCriteria {
	rule: CatalogCourse['completion'];
	lessons: number;
	passMark: number | null;
}

export interface OpenBadgeCredential {
	'@context': string[];
	id: string;
	type: string[];
	name: string;
	issuer: { id: string; type: string[]; name: string };
	validFrom: string;
	credentialSubject: {
		id: string;
		type: string[];
		identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
		activityEndDate: string;
		achievement: {
			id: string;
			type: string[];
			name: string;
			description: string;
			criteria: { narrative: string };
			version: string;
		};
	};
	credentialStatus: { id: string; type: string };
}

/** Where a certificate's credential lives on this site. */
function credentialUrls(origin: string, code: string) {
	const id = `${origin}/verify/${code}`;
	return { id, issuer: `${origin}/`, subject: `${id}#holder`, status: `${origin}/credentials/status/${code}` };
}

/** Whole seconds: nbf is in seconds, and OB 3.0 wants it to equal validFrom exactly. */
const isoSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The completion rule of the certificate's course version, or null when the catalogue now has another version. */
export function completionCriteria(course: CatalogCourse | undefined, version: number): CompletionCriteria | null {
	if (!course || course.version !== version) return null;
	return { rule: course.completion, lessons: course.lessons.length, passMark: course.finalQuiz?.passMark ?? null };
}

/** What completion meant, in plain words, Vietnamese then English. */
function narrative(criteria: CompletionCriteria | null, version: number): string {
	const pass = (vi: boolean) => (criteria?.passMark == null ? '' : vi ? ` (đúng ít nhất ${criteria.passMark}% số câu)` : ` (at least ${criteria.passMark}% of answers right)`);
	switch (criteria?.rule) {
		case 'all-lessons-and-quiz':
			return `Người học đã học hết ${criteria.lessons} bài của khóa học và đạt bài kiểm tra cuối khóa${pass(true)}. — The learner went through all ${criteria.lessons} lessons of the course and passed its final quiz${pass(false)}.`;
		case 'quiz-only':
			return `Người học đã đạt bài kiểm tra cuối khóa${pass(true)}. — The learner passed the course's final quiz${pass(false)}.`;
		case 'all-lessons':
			return `Người học đã học hết ${criteria.lessons} bài của khóa học. — The learner went through all ${criteria.lessons} lessons of the course.`;
		default:
			return `Người học đã đáp ứng yêu cầu hoàn thành của phiên bản ${version} của khóa học (học các bài và/hoặc đạt bài kiểm tra cuối khóa). — The learner met the completion requirements of version ${version} of the course (its lessons and/or its final quiz).`;
	}
}

/**
 * The certificate as an OpenBadgeCredential. The holder appears only by the name printed on the
 * certificate: no phone, birth year, account or commune, and a subject id that means nothing
 * outside this one credential.
 */
export function buildCredential(source: CredentialSource, origin: string, criteria: CompletionCriteria | null): OpenBadgeCredential {
	const urls = credentialUrls(origin, source.code);
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT],
		id: urls.id,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: `Giấy chứng nhận hoàn thành khóa học: ${source.courseTitleVi}`,
		issuer: { id: urls.issuer, type: ['Profile'], name: source.issuerName },
		validFrom: isoSeconds(source.issuedAt),
		credentialSubject: {
			id: urls.subject,
			type: ['AchievementSubject'],
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: source.holderName }],
			activityEndDate: isoSeconds(source.completedAt),
			achievement: {
				id: `${origin}/courses/${source.courseId}#v${source.courseVersion}`,
				type: ['Achievement'],
				name: source.courseTitleVi,
				description: `Khóa học “${source.courseTitleVi}” (${source.courseTitleEn}), phiên bản ${source.courseVersion}, của ${source.issuerName} trên nền tảng Học vụ số, phong trào Bình dân học vụ số.`,
				criteria: { narrative: narrative(criteria, source.courseVersion) },
				version: String(source.courseVersion)
			}
		},
		credentialStatus: { id: urls.status, type: STATUS_METHOD }
	};
}

/** The kid of a key as it appears in JWT headers and the published key set: a URI to the key. */
const keyUri = (origin: string, kid: string) => `${origin}${JWKS_PATH}#${kid}`;

/** The issuer's public keys, current and retired, as published at /.well-known/jwks.json. */
export function issuerJwks(origin: string): JSONWebKeySet {
	return { keys: publicKeys().map((key) => ({ ...key, kid: keyUri(origin, key.kid) })) };
}

/** Signs the credential with the province's current key: a compact JWS (VC-JWT). */
export async function signCredential(credential: OpenBadgeCredential, origin: string): Promise<string> {
	const { kid, key } = currentSigningKey();
	return new SignJWT({ ...credential })
		.setProtectedHeader({ alg: 'EdDSA', kid: keyUri(origin, kid), typ: 'JWT' })
		.setIssuer(credential.issuer.id)
		.setJti(credential.id)
		.setSubject(credential.credentialSubject.id)
		.setNotBefore(Math.floor(Date.parse(credential.validFrom) / 1000))
		.sign(key);
}

/** The file the holder downloads: the signed credential, and the same credential readable. */
export interface CredentialFile {
	jwt: string;
	credential: OpenBadgeCredential;
}

export async function credentialFile(source: CredentialSource, origin: string, criteria: CompletionCriteria | null): Promise<CredentialFile> {
	const credential = buildCredential(source, origin, criteria);
	return { jwt: await signCredential(credential, origin), credential };
}

const JWT_CLAIMS = ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat'];

export type CredentialCheck =
	| { valid: true; credential: Record<string, unknown>; kid: string; issuer: { id: string; name: string | null } }
	| { valid: false; reason: string };

const invalid = (reason: string): CredentialCheck => ({ valid: false, reason });
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Checks a VC-JWT against a key set, as OB 3.0 §8.2.4 describes: the signature by the key the
 * header names, then that iss, jti, sub and nbf agree with the credential inside. Returns the
 * credential (without the JWT claims) or why it is not valid. Revocation is a separate step
 * (credentialStatusUrl, fetchCredentialStatus): it needs the network.
 */
export async function verifyCredentialJwt(jwt: string, jwks: JSONWebKeySet, now = new Date()): Promise<CredentialCheck> {
	if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwt)) return invalid('this is not a signed credential (a compact JWS of three base64url parts)');
	let header;
	try {
		header = decodeProtectedHeader(jwt);
	} catch {
		return invalid('the JOSE header cannot be read');
	}
	if (header.alg !== 'EdDSA') return invalid(`it is signed with ${String(header.alg)}, not EdDSA (Ed25519)`);
	if (header.typ !== undefined && header.typ !== 'JWT') return invalid(`its header says typ "${String(header.typ)}"; Open Badges 3.0 allows only "JWT"`);
	if (typeof header.kid !== 'string') return invalid('its header names no key (kid)');
	let payload;
	try {
		({ payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], currentDate: now }));
	} catch (cause) {
		if (cause instanceof errors.JWKSNoMatchingKey) return invalid(`it was signed with a key that is not in the key set (${header.kid})`);
		if (cause instanceof errors.JWSSignatureVerificationFailed) return invalid('the signature does not match: the credential was changed after it was signed, or signed with another key');
		if (cause instanceof errors.JWTClaimValidationFailed && cause.claim === 'nbf') return invalid('it is not valid yet (nbf is in the future)');
		if (cause instanceof errors.JWTExpired) return invalid('it has expired (exp)');
		return invalid(`it cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`);
	}
	const credential = Object.fromEntries(Object.entries(payload).filter(([claim]) => !JWT_CLAIMS.includes(claim)));
	const issuer = credential.issuer as { id?: unknown; name?: unknown } | string | undefined;
	const issuerId = typeof issuer === 'string' ? issuer : text(issuer?.id);
	const subject = credential.credentialSubject as { id?: unknown } | undefined;
	const types = Array.isArray(credential.type) ? credential.type : [];
	const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [];
	if (contexts[0] !== VC_CONTEXT || !types.includes('VerifiableCredential') || !(types.includes('OpenBadgeCredential') || types.includes('AchievementCredential'))) {
		return invalid('the signed content is not an Open Badges 3.0 credential');
	}
	if (payload.iss === undefined || payload.iss !== issuerId) return invalid('iss does not match the credential\'s issuer');
	if (payload.jti === undefined || payload.jti !== credential.id) return invalid('jti does not match the credential\'s id');
	if (payload.sub === undefined || payload.sub !== text(subject?.id)) return invalid('sub does not match the credential subject\'s id');
	if (payload.nbf === undefined || payload.nbf * 1000 !== Date.parse(String(credential.validFrom))) return invalid('nbf does not match validFrom');
	return { valid: true, credential, kid: header.kid, issuer: { id: issuerId!, name: typeof issuer === 'object' ? text(issuer.name) : null } };
}

/** The signed credential in a JWT, unchecked: to find out which issuer's key set to fetch. */
export function unverifiedClaims(jwt: string): { kid: string | null; iss: string | null } {
	try {
		return { kid: text(decodeProtectedHeader(jwt).kid), iss: text(decodeJwt(jwt).iss) };
	} catch {
		return { kid: null, iss: null };
	}
}

/** The credential's 1EdTechRevocationList status URL, or null when it declares none. */
export function credentialStatusUrl(credential: Record<string, unknown>): string | null {
	const status = credential.credentialStatus as { id?: unknown; type?: unknown } | undefined;
	return status?.type === STATUS_METHOD ? text(status.id) : null;
}

export interface RevokedEntry {
	/** The credential's id. */
	id: string;
	revoked: boolean;
	revokedAt?: string;
	reason?: string;
}

/**
 * The status document of one credential, in the shape of a 1EdTech revocation list: the list's
 * id and issuer, and this credential's entry with revoked true or false (the method reads a
 * missing "revoked" as true, so it is always written). Date and reason are ours, when revoked.
 */
export interface StatusDocument {
	id: string;
	issuer: string;
	revokedCredentials: [RevokedEntry];
}

/** What anyone may learn about a credential's revocation; null when no certificate has that code. */
export function credentialStatusDocument(db: DbOrTx, typed: string, origin: string): StatusDocument | null {
	const code = normaliseCertificateCode(typed);
	if (!code) return null;
	const row = db.select({ code: certificates.code, revokedAt: certificates.revokedAt, revokedReason: certificates.revokedReason }).from(certificates).where(eq(certificates.code, code)).get();
	if (!row) return null;
	const urls = credentialUrls(origin, row.code);
	const entry: RevokedEntry = row.revokedAt ? { id: urls.id, revoked: true, revokedAt: row.revokedAt.toISOString(), reason: row.revokedReason ?? '' } : { id: urls.id, revoked: false };
	return { id: urls.status, issuer: urls.issuer, revokedCredentials: [entry] };
}

export type StatusAnswer = { state: 'valid' } | { state: 'revoked'; revokedAt: string | null; reason: string | null } | { state: 'unknown'; why: string };

/** Asks the status URL whether the credential is revoked, as the 1EdTech revocation list method reads it. */
export async function fetchCredentialStatus(url: string, credentialId: string, fetcher: typeof fetch = fetch): Promise<StatusAnswer> {
	let document: unknown;
	try {
		const response = await fetcher(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
		if (!response.ok) return { state: 'unknown', why: `the status address answered ${response.status}` };
		document = await response.json();
	} catch (cause) {
		return { state: 'unknown', why: `the status address could not be read (${cause instanceof Error ? cause.message : String(cause)})` };
	}
	const entries = (document as { revokedCredentials?: unknown })?.revokedCredentials;
	if (!Array.isArray(entries)) return { state: 'unknown', why: 'the status address did not answer with a revocation list' };
	const entry = entries.find((item: { id?: unknown }) => item?.id === credentialId) as { revoked?: unknown; revokedAt?: unknown; reason?: unknown } | undefined;
	if (!entry || entry.revoked === false) return { state: 'valid' };
	return { state: 'revoked', revokedAt: text(entry.revokedAt), reason: text(entry.reason) };
}
