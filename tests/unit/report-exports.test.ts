import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/lib/server/auth/scope';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { auditLog, reportExports } from '../../src/lib/server/db/schema';
import { exportReport } from '../../src/lib/server/reports/export-run';
import { reportJobFile } from '../../src/lib/server/reports/jobs';
import { testDatabase } from '../helpers/db';
import { makeCommune, makePerson, makeProvince } from '../helpers/fixtures';
import { complete, live, makeCatalog, makeCourse, makeCriterion, reportQuery } from '../helpers/reports';

const exportsDir = mkdtempSync(path.join(os.tmpdir(), 'report-exports-'));
process.env.EXPORTS_DIR = exportsDir;
afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));

const RESIDENTS = makeCriterion({
	id: 'nguoi-dan-2026',
	title: { vi: 'Người dân dùng dịch vụ công trực tuyến năm 2026', en: 'Residents use online public services in 2026' },
	basis: [{ group: 'residents', text: { vi: 'Kế hoạch thử', en: 'Test plan' } }],
	appliesTo: { people: 'residents', communes: 'all' },
	deadline: '2026-12-31',
	met: { rule: 'any', count: 1, courses: ['khoa-dan'] },
	target: { percent: 50, denominator: 'counted' }
});
const catalog = makeCatalog([makeCourse('khoa-dan', 2, false)], [RESIDENTS]);
const NOW = new Date('2026-11-23T05:00:00Z');
const actor = { name: 'Bùi Thị Ngọc', requestId: null, origin: 'https://hocvuso.example' };

let db: AppDatabase;
let provinceId: number;
let hyCuong: number;
let vietTri: number;
let admin: Viewer;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	hyCuong = makeCommune(db, provinceId, { name: 'Xã Hy Cương', type: 'xa' }).id;
	vietTri = makeCommune(db, provinceId, { name: 'Phường Việt Trì', type: 'phuong' }).id;
	admin = { personId: makePerson(db, provinceId, { fullName: 'Bùi Thị Ngọc' }).id, grants: [{ role: 'province_admin', provinceId, communeId: null, agencyId: null }] };
	for (const [name, communeId, done] of [['Nguyễn Thị Lan', hyCuong, true], ['Đỗ Văn Ước', hyCuong, false], ['Trần Thị Ánh', vietTri, true]] as const) {
		const person = makePerson(db, provinceId, { fullName: name, communeId, birthYear: 1980 });
		live(db, person.id, communeId, '2025-07-01T00:00:00Z');
		if (done) complete(db, person, 'khoa-dan', '2026-03-02T03:00:00Z', { communeId });
	}
});

async function bytesOf(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Buffer> {
	return body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(await new Response(body).arrayBuffer());
}

describe('report exports', () => {
	it('writes a workbook with the summary and every person, headers and names in Vietnamese, and audits it', async () => {
		const result = await exportReport(db, catalog, admin, provinceId, reportQuery(RESIDENTS.id), 'xlsx', actor, NOW);
		if (result.status !== 'file') throw new Error(result.status);
		expect(result.fileName).toBe('bao-cao-nguoi-dan-2026-tinh-2026-11-23.xlsx');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await bytesOf(result.body)) as unknown as ArrayBuffer);
		const [summary, people] = workbook.worksheets;
		expect(summary!.name).toBe('Tổng hợp');
		expect(summary!.getCell('A1').value).toBe('Người dân dùng dịch vụ công trực tuyến năm 2026');
		expect(summary!.getCell('A2').value).toBe('Đơn vị: Tỉnh Phú Thọ');
		const header = 8;
		expect(summary!.getRow(header).getCell(1).value).toBe('Đơn vị');
		expect([1, 2, 3].map((i) => summary!.getRow(header + i).getCell(1).value)).toEqual(['Tỉnh Phú Thọ', 'Phường Việt Trì', 'Xã Hy Cương']);
		expect(summary!.getRow(header + 1).getCell(4).value).toBe(2);
		expect(people!.name).toBe('Danh sách');
		const rows = [1, 2, 3].map((i) => [people!.getRow(header + i).getCell(1).value, people!.getRow(header + i).getCell(2).value, people!.getRow(header + i).getCell(4).value]);
		expect(rows).toEqual([
			['Đỗ Văn Ước', 'Xã Hy Cương', 'Chưa bắt đầu'],
			['Nguyễn Thị Lan', 'Xã Hy Cương', 'Đã đạt'],
			['Trần Thị Ánh', 'Phường Việt Trì', 'Đã đạt']
		]);
		const audit = db.select().from(auditLog).where(eq(auditLog.action, 'report.export')).all();
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ criterion: RESIDENTS.id, format: 'xlsx', rows: 3 });
	});

	it('writes the people list as CSV with a byte-order mark, and the units table on its own', async () => {
		const people = await exportReport(db, catalog, admin, provinceId, reportQuery(RESIDENTS.id, { unit: { kind: 'commune', id: hyCuong } }), 'csv-people', actor, NOW);
		if (people.status !== 'file') throw new Error(people.status);
		const bytes = await bytesOf(people.body);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = bytes.toString('utf8');
		expect(text).toContain('Họ và tên,Đơn vị,Nhóm,Trạng thái');
		expect(text).toContain('Nguyễn Thị Lan,Xã Hy Cương');
		expect(text).not.toContain('Trần Thị Ánh');
		const units = await exportReport(db, catalog, admin, provinceId, reportQuery(RESIDENTS.id), 'csv-units', actor, NOW);
		if (units.status !== 'file') throw new Error(units.status);
		expect((await bytesOf(units.body)).toString('utf8')).toContain('Xã Hy Cương,2,2,1,50.0,1,');
	});

	it('prepares a large list in the background, for the one who asked', async () => {
		const result = await exportReport(db, catalog, admin, provinceId, reportQuery(RESIDENTS.id), 'xlsx', actor, NOW, 2);
		if (result.status !== 'job') throw new Error(result.status);
		for (let i = 0; i < 100; i++) {
			const job = db.select().from(reportExports).where(eq(reportExports.publicId, result.publicId)).get()!;
			if (job.status === 'done' || job.status === 'failed') break;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const job = db.select().from(reportExports).where(eq(reportExports.publicId, result.publicId)).get()!;
		expect(job).toMatchObject({ status: 'done', kind: 'report-xlsx', total: 3, requestedById: admin.personId });
		const workbook = await new ExcelJS.Workbook().xlsx.readFile(reportJobFile(result.publicId));
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tổng hợp', 'Danh sách']);
	});

	it('refuses another commune’s export, and writes nothing to the audit log for it', async () => {
		const manager: Viewer = { personId: admin.personId, grants: [{ role: 'unit_manager', provinceId, communeId: hyCuong, agencyId: null }] };
		const result = await exportReport(db, catalog, manager, provinceId, reportQuery(RESIDENTS.id, { unit: { kind: 'commune', id: vietTri } }), 'csv-people', actor, NOW);
		expect(result.status).toBe('forbidden');
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'report.export')).all()).toEqual([]);
	});
});
