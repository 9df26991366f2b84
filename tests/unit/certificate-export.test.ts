import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Grant } from '../../src/lib/server/auth/scope';
import { certificatesForExport, exportFile, exportFor, exportableUnits, parseExportForm, startCertificateExport } from '../../src/lib/server/certificates/bulk';
import { formatCertificateCode } from '../../src/lib/server/certificates/codes';
import type { CatalogCourse } from '../../src/lib/server/content/catalog';
import { courseSchema } from '../../src/lib/server/content/schema';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { certificates, lessonProgress } from '../../src/lib/server/db/schema';
import { anonymisePerson } from '../../src/lib/server/people/privacy';
import { recordCompletionIfMet } from '../../src/lib/server/progress/completion';
import { learnerUnits } from '../../src/lib/server/progress/learner';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const exportsDir = mkdtempSync(path.join(os.tmpdir(), 'exports-'));
process.env.EXPORTS_DIR = exportsDir;
afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));

const course: CatalogCourse = {
	...courseSchema.parse({
		id: 'khoa-xuat',
		version: 1,
		order: 1,
		status: 'published',
		audience: 'all',
		minutes: 5,
		competencies: ['4.2'],
		lessonsInOrder: false,
		completion: 'all-lessons',
		title: { vi: 'Khóa xuất', en: 'Export course' },
		summary: { vi: 'Tóm tắt', en: 'Summary' }
	}),
	folder: '01-x',
	lessons: [{ id: 'bai', slug: '01-bai', title: { vi: 'Bài', en: null }, minutes: 3, hasEnglish: false, practiceIds: [], glossary: { vi: [], en: [] } }],
	practice: new Map(),
	finalQuiz: null
};

let db: AppDatabase;
let provinceId: number;
let communeA: number;
let communeB: number;
let agencyA: number;

function complete(personId: number, at: Date) {
	db.insert(lessonProgress).values({ personId, courseId: course.id, lessonId: 'bai', firstSeenAt: at, completedAt: at }).run();
	db.transaction((tx) => recordCompletionIfMet(tx, learnerUnits(tx, personId), course, at));
}

const grant = (role: Grant['role'], unit: Partial<Grant> = {}): Grant => ({ role, provinceId, communeId: null, agencyId: null, ...unit });

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeA = makeCommune(db, provinceId, { name: 'Xã A' }).id;
	communeB = makeCommune(db, provinceId, { name: 'Xã B' }).id;
	agencyA = makeAgency(db, provinceId, { name: 'UBND xã A', level: 'commune', communeId: communeA }).id;
});

describe('what a manager may download', () => {
	it('is their unit: residents under their commune, civil servants under their agency, never another commune', () => {
		const residentA = makePerson(db, provinceId, { fullName: 'Cư Dân A', communeId: communeA }).id;
		const residentB = makePerson(db, provinceId, { fullName: 'Cư Dân B', communeId: communeB }).id;
		const clerk = makePerson(db, provinceId, { fullName: 'Công Chức A', communeId: communeB, agencyId: agencyA }).id;
		for (const person of [residentA, residentB, clerk]) complete(person, new Date('2026-10-10T03:00:00Z'));
		const manager = { personId: makePerson(db, provinceId).id, grants: [grant('unit_manager', { communeId: communeA })] };
		const names = (unit: { kind: 'province' | 'commune' | 'agency'; id: number }) =>
			certificatesForExport(db, manager, { unit, courseId: null, from: null, to: null })?.map((row) => row.holderName).sort() ?? null;
		expect(names({ kind: 'commune', id: communeA })).toEqual(['Công Chức A', 'Cư Dân A']);
		expect(names({ kind: 'agency', id: agencyA })).toEqual(['Công Chức A']);
		expect(names({ kind: 'commune', id: communeB })).toBeNull();
		expect(names({ kind: 'province', id: provinceId })).toBeNull();
		expect(exportableUnits(db, manager).map((u) => u.label)).toEqual(['Xã A', 'UBND xã A']);
		const province = { personId: manager.personId, grants: [grant('province_admin')] };
		expect(certificatesForExport(db, province, { unit: { kind: 'province', id: provinceId }, courseId: null, from: null, to: null })).toHaveLength(3);
	});

	it('filters by course and by inclusive days in Vietnam', () => {
		const person = makePerson(db, provinceId, { communeId: communeA }).id;
		// 23:30 on 31 October in Vietnam is 16:30 UTC the same day.
		complete(person, new Date('2026-10-31T16:30:00Z'));
		const admin = { personId: person, grants: [grant('province_admin')] };
		const count = (from: string | null, to: string | null, courseId: string | null = null) =>
			certificatesForExport(db, admin, { unit: { kind: 'province', id: provinceId }, courseId, from, to })!.length;
		expect(count('2026-10-31', '2026-10-31')).toBe(1);
		expect(count('2026-11-01', null)).toBe(0);
		expect(count(null, '2026-10-30')).toBe(0);
		expect(count(null, null, 'another-course')).toBe(0);
	});

	it('refuses bad form input with a message per field', () => {
		const say = { unit: 'unit?', course: 'course?', day: 'day?', order: 'order?' };
		const fields = (values: Record<string, string>) => ({ text: (name: string) => values[name] ?? '' });
		expect(parseExportForm(fields({ unit: 'commune:12', course: 'khoa-xuat', from: '2026-01-01', to: '2026-12-31' }), ['khoa-xuat'], say)).toEqual({
			ok: true,
			filters: { unit: { kind: 'commune', id: 12 }, courseId: 'khoa-xuat', from: '2026-01-01', to: '2026-12-31' }
		});
		expect(parseExportForm(fields({ unit: 'person:1', course: 'nope', from: '2026-02-30', to: 'x' }), ['khoa-xuat'], say)).toEqual({
			ok: false,
			errors: { unit: 'unit?', course: 'course?', from: 'day?', to: 'day?' }
		});
		expect(parseExportForm(fields({ unit: 'province:1', from: '2026-05-02', to: '2026-05-01' }), [], say)).toEqual({ ok: false, errors: { to: 'order?' } });
	});
});

describe('the ZIP', () => {
	it('holds one PDF per certificate and an Excel and CSV list with every code, for the person who asked only', async () => {
		const people = Array.from({ length: 30 }, (_, i) => makePerson(db, provinceId, { fullName: `Nguyễn Văn Số ${i + 1}`, communeId: communeA }).id);
		people.forEach((person, i) => complete(person, new Date(Date.UTC(2026, 9, 1 + i))));
		const asker = makePerson(db, provinceId).id;
		const admin = { personId: asker, grants: [grant('province_admin')] };
		const started = startCertificateExport(db, admin, { unit: { kind: 'commune', id: communeA }, courseId: null, from: null, to: null }, 'https://hvs.example', new Date());
		expect(started.status).toBe('started');
		const publicId = (started as { publicId: string }).publicId;
		await expect.poll(() => exportFor(db, asker, publicId)?.status, { timeout: 60_000 }).toBe('done');
		expect(exportFor(db, makePerson(db, provinceId).id, publicId)).toBeNull();
		const files = unzipSync(readFileSync(exportFile(publicId)));
		const codes = db.select({ code: certificates.code }).from(certificates).all().map((row) => formatCertificateCode(row.code));
		expect(Object.keys(files).filter((name) => name.endsWith('.pdf')).sort()).toEqual(codes.map((code) => `${code}.pdf`).sort());
		const csv = new TextDecoder().decode(files['danh-sach.csv']);
		for (const code of codes) expect(csv).toContain(code);
		expect(csv).toContain('Nguyễn Văn Số 30');
		expect(files['danh-sach.xlsx']!.length).toBeGreaterThan(1000);
	}, 90_000);

	it('leaves out the certificates of people anonymised on their request, and keeps the others', async () => {
		const kept = makePerson(db, provinceId, { fullName: 'Người Ở Lại', communeId: communeA }).id;
		const removed = makePerson(db, provinceId, { fullName: 'Người Xin Xóa', communeId: communeA }).id;
		for (const person of [kept, removed]) complete(person, new Date('2026-10-10T03:00:00Z'));
		db.transaction((tx) => anonymisePerson(tx, removed, new Date('2026-10-20T03:00:00Z')));
		const code = (personId: number) => db.select({ code: certificates.code }).from(certificates).where(eq(certificates.personId, personId)).get()!.code;
		const asker = makePerson(db, provinceId).id;
		const manager = { personId: asker, grants: [grant('unit_manager', { communeId: communeA })] };
		const filters = { unit: { kind: 'commune' as const, id: communeA }, courseId: null, from: null, to: null };
		expect(certificatesForExport(db, manager, filters)?.map((row) => row.code)).toEqual([code(kept)]);

		const started = startCertificateExport(db, manager, filters, 'https://hvs.example', new Date());
		if (started.status !== 'started') throw new Error(started.status);
		await expect.poll(() => exportFor(db, asker, started.publicId)?.status, { timeout: 60_000 }).toBe('done');
		const files = unzipSync(readFileSync(exportFile(started.publicId)));
		expect(Object.keys(files).filter((name) => name.endsWith('.pdf'))).toEqual([`${formatCertificateCode(code(kept))}.pdf`]);
		const csv = new TextDecoder().decode(files['danh-sach.csv']);
		expect(csv).toContain('Người Ở Lại');
		expect(csv).not.toContain(formatCertificateCode(code(removed)));
		expect(csv).not.toContain('Người dùng đã xóa');
	}, 90_000);

	it('is not started for nothing, or for a unit outside the viewer’s scope', () => {
		const manager = { personId: makePerson(db, provinceId).id, grants: [grant('unit_manager', { communeId: communeA })] };
		expect(startCertificateExport(db, manager, { unit: { kind: 'commune', id: communeA }, courseId: null, from: null, to: null }, 'https://x', new Date())).toEqual({ status: 'empty' });
		expect(startCertificateExport(db, manager, { unit: { kind: 'commune', id: communeB }, courseId: null, from: null, to: null }, 'https://x', new Date())).toEqual({ status: 'forbidden' });
		expect(startCertificateExport(db, manager, { unit: { kind: 'commune', id: 999999 }, courseId: null, from: null, to: null }, 'https://x', new Date())).toEqual({ status: 'forbidden' });
	});
});
