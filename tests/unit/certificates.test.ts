import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatCertificateCode, newCertificateCode, normaliseCertificateCode } from '../../src/lib/server/certificates/codes';
import { certificatePrint, currentCertificateCode } from '../../src/lib/server/certificates/files';
import { renderCertificatePdf } from '../../src/lib/server/certificates/pdf';
import { certificateForAdmin, setCertificateRevoked } from '../../src/lib/server/certificates/revoke';
import { confirmHolder, maskName, publicCertificate } from '../../src/lib/server/certificates/verify';
import type { CatalogCourse } from '../../src/lib/server/content/catalog';
import { courseSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog, certificates, completions, lessonProgress, provinceSettings } from '../../src/lib/server/db/schema';
import { recordCompletionIfMet } from '../../src/lib/server/progress/completion';
import { learnerUnits } from '../../src/lib/server/progress/learner';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

describe('certificate codes', () => {
	it('are 10 Crockford characters, all different over many draws', () => {
		const codes = Array.from({ length: 2000 }, newCertificateCode);
		expect(codes.every((code) => CROCKFORD.test(code))).toBe(true);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it('are read back whatever the case, spaces, dashes, and the letters that look like digits', () => {
		expect(normaliseCertificateCode('7kq2m-9xr4t')).toBe('7KQ2M9XR4T');
		expect(normaliseCertificateCode(' 7KQ2M 9XR4T ')).toBe('7KQ2M9XR4T');
		expect(normaliseCertificateCode('7KQ2M.9XR4T')).toBe('7KQ2M9XR4T');
		expect(normaliseCertificateCode('O0IL1-ABCDE')).toBe('00111ABCDE');
		expect(formatCertificateCode('7KQ2M9XR4T')).toBe('7KQ2M-9XR4T');
	});

	it('refuse what cannot be a code', () => {
		for (const bad of ['', '7KQ2M9XR4', '7KQ2M9XR4TT', '7KQ2M9XR4U', "' OR 1=1 --", 'ÀÀÀÀÀÀÀÀÀÀ', '７ＫＱ２Ｍ９ＸＲ４Ｔ!']) expect(normaliseCertificateCode(bad), bad).toBeNull();
		// Full-width digits and letters are what a phone keyboard may type: NFKC reads them.
		expect(normaliseCertificateCode('７ＫＱ２Ｍ９ＸＲ４Ｔ')).toBe('7KQ2M9XR4T');
	});
});

describe('masked names', () => {
	it('keep the family name and give initials for the rest', () => {
		expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V. A.');
		expect(maskName('  Trần   thị Ánh  Tuyết ')).toBe('Trần T. Á. T.');
		expect(maskName('Đặng')).toBe('Đặng');
		expect(maskName('')).toBe('');
	});
});

let db: AppDatabase;
let provinceId: number;
let communeId: number;

const course = (completion: 'all-lessons' | 'quiz-only' = 'all-lessons'): CatalogCourse => ({
	...courseSchema.parse({
		id: 'khoa-chung-nhan',
		version: 2,
		order: 1,
		status: 'published',
		audience: 'all',
		minutes: 10,
		competencies: ['4.2'],
		lessonsInOrder: false,
		completion,
		title: { vi: 'An toàn thông tin và phòng chống lừa đảo trực tuyến', en: 'Online safety and scam prevention' },
		summary: { vi: 'Tóm tắt', en: 'Summary' }
	}),
	folder: '01-khoa',
	lessons: [{ id: 'bai-mot', slug: '01-bai-mot', title: { vi: 'Bài một', en: null }, minutes: 3, hasEnglish: false, practiceIds: [], glossary: { vi: [], en: [] } }],
	practice: new Map(),
	finalQuiz: null
});

function finishLessons(personId: number, at: Date) {
	db.insert(lessonProgress).values({ personId, courseId: 'khoa-chung-nhan', lessonId: 'bai-mot', firstSeenAt: at, completedAt: at, communeIdAtCompletion: communeId }).run();
}

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeId = makeCommune(db, provinceId, { name: 'Xã Hy Cương' }).id;
});

describe('issuing', () => {
	it('happens with the completion, copying name, course, score, issuer and signer as they are then', () => {
		db.insert(provinceSettings).values({ provinceId, displayName: 'Tỉnh Phú Thọ', issuingAuthority: 'Sở Khoa học và Công nghệ', signerName: 'Nguyễn Văn Ký', signerTitle: 'Giám đốc' }).run();
		const person = makePerson(db, provinceId, { fullName: 'Nguyễn Thị Ánh Tuyết', communeId }).id;
		finishLessons(person, new Date('2026-11-20T03:00:00Z'));
		const at = new Date('2026-11-20T03:00:00Z');
		const outcome = db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course(), at));
		expect(outcome).toMatchObject({ status: 'completed', certificateCode: expect.stringMatching(CROCKFORD) });
		const row = db.select().from(certificates).get()!;
		expect(row).toMatchObject({
			holderName: 'Nguyễn Thị Ánh Tuyết',
			courseId: 'khoa-chung-nhan',
			courseVersion: 2,
			courseTitleVi: 'An toàn thông tin và phòng chống lừa đảo trực tuyến',
			issuerName: 'Tỉnh Phú Thọ',
			issuingAuthority: 'Sở Khoa học và Công nghệ',
			signerName: 'Nguyễn Văn Ký',
			communeIdAtCompletion: communeId,
			completedAt: at,
			revokedAt: null
		});
		expect(row.completionId).toBe(db.select({ id: completions.id }).from(completions).get()!.id);
		expect(currentCertificateCode(db, person, course())).toBe(row.code);
	});

	it('rolls back with the completion, and never duplicates for the same version', () => {
		const person = makePerson(db, provinceId, { communeId }).id;
		finishLessons(person, new Date());
		expect(() =>
			db.transaction((tx) => {
				recordCompletionIfMet(tx, learnerUnits(tx, person), course(), new Date());
				throw new Error('something later in the same transaction failed');
			})
		).toThrow();
		expect(db.select().from(completions).all()).toEqual([]);
		expect(db.select().from(certificates).all()).toEqual([]);
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course(), new Date()));
		expect(db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course(), new Date()))).toEqual({ status: 'already-completed' });
		expect(db.select().from(certificates).all()).toHaveLength(1);
	});
});

describe('public verification', () => {
	it('tells valid from revoked and unknown, with the name masked until the birth year or phone digits match', () => {
		const person = makePerson(db, provinceId, { fullName: 'Lê Văn Bình', communeId, birthYear: 1968, phone: '+84912345678' }).id;
		finishLessons(person, new Date());
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course(), new Date()));
		const { code } = db.select({ code: certificates.code }).from(certificates).get()!;
		expect(publicCertificate(db, formatCertificateCode(code).toLowerCase())).toMatchObject({ code, status: 'valid', maskedName: 'Lê V. B.', courseVersion: 2 });
		expect(publicCertificate(db, '0000000000')).toBeNull();
		expect(publicCertificate(db, 'not a code')).toBeNull();
		expect(confirmHolder(db, code, '1968')).toBe('Lê Văn Bình');
		expect(confirmHolder(db, code, '5678')).toBe('Lê Văn Bình');
		expect(confirmHolder(db, code, '1969')).toBeNull();
		expect(confirmHolder(db, code, '45678')).toBeNull();
		db.update(certificates).set({ revokedAt: new Date(), revokedReason: 'Cấp nhầm' }).where(eq(certificates.code, code)).run();
		expect(publicCertificate(db, code)).toMatchObject({ status: 'revoked', revokedReason: 'Cấp nhầm' });
	});
});

describe('the PDF', () => {
	const pdftotext = (bytes: Uint8Array) => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cert-'));
		try {
			writeFileSync(path.join(dir, 'c.pdf'), bytes);
			return execFileSync('pdftotext', ['-layout', path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	};

	it('carries name, course, date, score, code and address as selectable Vietnamese text', async () => {
		const person = makePerson(db, provinceId, { fullName: 'Nguyễn Thị Ánh Tuyết', communeId }).id;
		finishLessons(person, new Date('2026-11-20T03:00:00Z'));
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, person), course(), new Date('2026-11-20T03:00:00Z')));
		const row = db.select().from(certificates).get()!;
		const text = pdftotext(await renderCertificatePdf(certificatePrint(db, row, 'https://hocvuso.example')));
		for (const expected of ['GIẤY CHỨNG NHẬN', 'Nguyễn Thị Ánh Tuyết', 'An toàn thông tin và phòng chống lừa đảo trực tuyến', '20/11/2026', 'Xã Hy Cương', formatCertificateCode(row.code), `https://hocvuso.example/verify/${row.code}`]) {
			expect(text.normalize('NFC')).toContain(expected);
		}
		// No national heading without a configured authority and signer.
		expect(text).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	});

	it('prints the national heading only when the province has an issuing authority and a signer', async () => {
		const base = { code: '7KQ2M9XR4T', holderName: 'Lê Văn Bình', courseTitleVi: 'Khóa', courseTitleEn: 'Course', courseVersion: 1, completedOn: '01/01/2026', score: '90%', unitName: null, issuerName: 'Tỉnh Phú Thọ', verifyUrl: 'https://x.example/verify/7KQ2M9XR4T', revoked: false };
		const official = pdftotext(await renderCertificatePdf({ ...base, issuingAuthority: 'Sở Khoa học và Công nghệ', signerName: 'Nguyễn Văn Ký', signerTitle: 'Giám đốc' }));
		expect(official).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(official).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(official).toContain('Nguyễn Văn Ký');
		const authorityOnly = pdftotext(await renderCertificatePdf({ ...base, issuingAuthority: 'Sở Khoa học và Công nghệ', signerName: null, signerTitle: null }));
		expect(authorityOnly).not.toContain('CỘNG HÒA');
		const revoked = pdftotext(await renderCertificatePdf({ ...base, issuingAuthority: null, signerName: null, signerTitle: null, revoked: true }));
		expect(revoked).toContain('ĐÃ THU HỒI');
	});

	it('still renders a name with unusual characters, and a very long one', async () => {
		const base = { code: '7KQ2M9XR4T', courseTitleVi: 'Khóa', courseTitleEn: 'Course', courseVersion: 1, completedOn: '01/01/2026', score: null, unitName: null, issuerName: 'Tỉnh', issuingAuthority: null, signerName: null, signerTitle: null, verifyUrl: 'https://x.example/verify/7KQ2M9XR4T', revoked: false };
		for (const holderName of ["H'Hen Niê", 'Nguyễn Thị Ánh Tuyết (Ngọc)', 'Lò Văn Páo 🙂 王', 'Nguyễn'.repeat(40), 'Nguye\u0302\u0303n Va\u0306n A']) {
			const text = pdftotext(await renderCertificatePdf({ ...base, holderName }));
			expect(text, holderName).toContain('GIẤY CHỨNG NHẬN');
		}
	});
});

describe('revoking and reinstating', () => {
	const scopeFor = (personId: number, province: number, allProvinces = false) => ({ personId, provinceId: province, allProvinces, requestId: null });

	it('needs a reason, happens once, shows on the public check and is in the audit log; reinstating undoes it', () => {
		const holder = makePerson(db, provinceId, { communeId }).id;
		const admin = makePerson(db, provinceId).id;
		finishLessons(holder, new Date());
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, holder), course(), new Date()));
		const { code } = db.select({ code: certificates.code }).from(certificates).get()!;
		const scope = scopeFor(admin, provinceId);
		const at = new Date('2026-11-23T05:00:00Z');

		expect(setCertificateRevoked(db, scope, code, true, '   ', at)).toBe('reason-missing');
		expect(publicCertificate(db, code)?.status).toBe('valid');
		expect(setCertificateRevoked(db, scope, formatCertificateCode(code).toLowerCase(), true, 'Cấp nhầm người', at)).toBe('revoked');
		expect(setCertificateRevoked(db, scope, code, true, 'Lần nữa', at)).toBe('already-revoked');
		expect(publicCertificate(db, code)).toMatchObject({ status: 'revoked', revokedReason: 'Cấp nhầm người', revokedAt: at });
		expect(setCertificateRevoked(db, scope, code, false, 'Đã kiểm tra lại', at)).toBe('reinstated');
		expect(setCertificateRevoked(db, scope, code, false, 'Đã kiểm tra lại', at)).toBe('not-revoked');
		expect(publicCertificate(db, code)?.status).toBe('valid');
		const trail = db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).all();
		expect(trail.filter((row) => row.action.startsWith('certificate.'))).toEqual([
			{ action: 'certificate.revoke', details: expect.objectContaining({ code, reason: 'Cấp nhầm người' }) },
			{ action: 'certificate.reinstate', details: expect.objectContaining({ code, reason: 'Đã kiểm tra lại' }) }
		]);
	});

	it('is refused for another province’s certificate (as if it did not exist), unless the admin runs the platform', () => {
		const holder = makePerson(db, provinceId, { communeId }).id;
		finishLessons(holder, new Date());
		db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, holder), course(), new Date()));
		const { code } = db.select({ code: certificates.code }).from(certificates).get()!;
		const elsewhere = makeProvince(db, '01', 'Thành phố Hà Nội').id;
		const outsider = makePerson(db, elsewhere).id;
		expect(setCertificateRevoked(db, scopeFor(outsider, elsewhere), code, true, 'Không được', new Date())).toBe('not-found');
		expect(certificateForAdmin(db, scopeFor(outsider, elsewhere), code)).toBeNull();
		expect(publicCertificate(db, code)?.status).toBe('valid');
		expect(setCertificateRevoked(db, scopeFor(outsider, elsewhere, true), code, true, 'Quản trị hệ thống', new Date())).toBe('revoked');
	});
});
