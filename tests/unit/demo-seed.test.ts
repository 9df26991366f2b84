import { count, eq, inArray, isNotNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/password';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { type Catalog, buildCatalog } from '../../src/lib/server/content/catalog';
import { readContentFiles } from '../../src/lib/server/content/files';
import { agencies, certificates, completions, memberships, people, roleGrants } from '../../src/lib/server/db/schema';
import { seedDemoHistory } from '../../src/lib/server/demo/history';
import { criterionReport } from '../../src/lib/server/reports/report';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	GENERATED_CIVIL_SERVANTS,
	GENERATED_RESIDENTS,
	demoAccountsWithUnits,
	isDemoSeeded,
	seedDemo
} from '../../src/lib/server/demo/seed';
import { importOfficialUnitsIfEmpty } from '../../src/lib/server/org/startup';
import { assignedCourses } from '../../src/lib/server/progress/learning';
import { testDatabase } from '../helpers/db';

let db: AppDatabase;

beforeAll(async () => {
	db = testDatabase();
	importOfficialUnitsIfEmpty(db);
	expect(isDemoSeeded(db)).toBe(false);
	await seedDemo(db, '25');
});

describe('the demo province', () => {
	it('is marked as seeded, so a restart does not seed it again', () => {
		expect(isDemoSeeded(db)).toBe(true);
	});

	it('has one account per role, each with a grant in a named unit and the documented password', async () => {
		const accounts = demoAccountsWithUnits(db);
		expect(new Set(accounts.map((a) => a.role))).toEqual(
			new Set(['learner', 'civil_servant', 'facilitator', 'unit_manager', 'province_admin', 'system_admin'])
		);
		expect(accounts).toContainEqual({ username: 'quanly.hycuong', role: 'unit_manager', unit: 'Xã Hy Cương' });
		expect(accounts).toContainEqual({ username: 'quanly.skhcn', role: 'unit_manager', unit: 'Sở Khoa học và Công nghệ' });
		expect(accounts).toContainEqual({ username: 'quanly.tinh', role: 'unit_manager', unit: 'Tỉnh Phú Thọ' });
		const hash = db.select({ h: people.passwordHash }).from(people).where(eq(people.username, 'hocvien')).get()?.h;
		expect(hash && (await verifyPassword(hash, DEMO_PASSWORD))).toBe(true);
	});

	it('has agencies with a sub-unit, a school under a department, and two commune People’s Committees', () => {
		const rows = db.select().from(agencies).all();
		const byCode = new Map(rows.map((a) => [a.code, a]));
		expect(byCode.get('SKHCN-VP')?.parentAgencyId).toBe(byCode.get('SKHCN')?.id);
		expect(byCode.get('THPT-CHV')?.parentAgencyId).toBe(byCode.get('SGDDT')?.id);
		expect(rows.filter((a) => a.level === 'commune')).toHaveLength(2);
	});

	it('spreads generated learners unevenly over communes', () => {
		const total = db.select({ n: count() }).from(people).get()?.n;
		expect(total).toBe(DEMO_ACCOUNTS.length + GENERATED_RESIDENTS + GENERATED_CIVIL_SERVANTS);
		const perCommune = db
			.select({ communeId: people.communeId, n: count() })
			.from(people)
			.where(isNotNull(people.communeId))
			.groupBy(people.communeId)
			.all()
			.map((r) => r.n)
			.sort((a, b) => b - a);
		expect(perCommune.length).toBeGreaterThan(20);
		expect(perCommune[0]).toBeGreaterThan(5 * (perCommune.at(-1) ?? 0));
	});

	it('records where everyone lives and works as memberships', () => {
		const residents = db.select({ n: count() }).from(memberships).where(eq(memberships.kind, 'residence')).get()?.n;
		const staff = db.select({ n: count() }).from(memberships).where(eq(memberships.kind, 'agency')).get()?.n;
		expect(residents).toBe(db.select({ n: count() }).from(people).where(isNotNull(people.communeId)).get()?.n);
		expect(staff).toBe(db.select({ n: count() }).from(people).where(isNotNull(people.agencyId)).get()?.n);
	});

	it('gives every generated person a learner or civil-servant role in their unit', () => {
		const grants = db.select({ role: roleGrants.role, n: count() }).from(roleGrants).groupBy(roleGrants.role).all();
		const byRole = Object.fromEntries(grants.map((g) => [g.role, g.n]));
		expect(byRole.learner).toBe(GENERATED_RESIDENTS + 1);
		expect(byRole.civil_servant).toBe(GENERATED_CIVIL_SERVANTS + 2);
	});
});

describe('the demo campaigns', () => {
	const personId = (username: string) => db.select({ id: people.id }).from(people).where(eq(people.username, username)).get()!.id;

	it('assign the commune course to Hy Cương residents and the staff courses to civil servants, not the other way round', () => {
		expect(assignedCourses(db, personId('hocvien'), new Date()).map((a) => a.courseId)).toEqual(['dich-vu-cong-truc-tuyen']);
		expect(assignedCourses(db, personId('congchuc'), new Date()).map((a) => a.courseId).sort()).toEqual(['an-toan-thong-tin-phong-chong-lua-dao', 'ky-nang-so-can-bo-cong-chuc']);
		const hyCuong = db.select({ id: people.communeId }).from(people).where(eq(people.username, 'hocvien')).get()!.id!;
		const elsewhere = db
			.select({ id: people.id, communeId: people.communeId, agencyId: people.agencyId })
			.from(people)
			.all()
			.find((p) => p.agencyId === null && p.communeId !== null && p.communeId !== hyCuong)!;
		expect(assignedCourses(db, elsewhere.id, new Date())).toEqual([]);
	});

	it('end at the last millisecond of a day in Vietnam, weeks ahead', () => {
		for (const assignment of assignedCourses(db, personId('congchuc'), new Date())) {
			const vietnam = new Date(assignment.deadlineAt.getTime() + 7 * 3600_000);
			expect([vietnam.getUTCHours(), vietnam.getUTCMinutes(), vietnam.getUTCSeconds(), vietnam.getUTCMilliseconds()]).toEqual([23, 59, 59, 999]);
			expect(assignment.deadlineAt.getTime() - Date.now()).toBeGreaterThan(30 * 24 * 3600_000);
		}
	});
});

describe('the demo’s learning history', () => {
	const now = new Date('2026-11-23T05:00:00Z');
	let catalog: Catalog;
	beforeAll(() => {
		catalog = buildCatalog(readContentFiles('content'));
		seedDemoHistory(db, catalog, now);
	});
	const named = () => db.select({ id: people.id }).from(people).where(inArray(people.username, DEMO_ACCOUNTS.map((a) => a.username))).all().map((p) => p.id);

	it('gives generated people completions with certificates over past weeks, and the named accounts none', () => {
		const rows = db.select().from(completions).all();
		expect(rows.length).toBeGreaterThan(100);
		expect(db.select({ n: count() }).from(certificates).get()?.n).toBe(rows.length);
		expect(rows.filter((row) => named().includes(row.personId))).toEqual([]);
		expect(rows.every((row) => row.completedAt < now && row.completedAt > new Date(+now - 17 * 7 * 24 * 3600_000))).toBe(true);
	});

	it('makes reports worth reading: some communes and agencies ahead of their target, others behind', () => {
		const admin = { personId: 0, grants: [{ role: 'province_admin' as const, provinceId: db.select({ id: people.provinceId }).from(people).get()!.id, communeId: null, agencyId: null }] };
		const query = { unit: { kind: 'province' as const }, asOf: null, courseId: null, staffGroup: null, unitType: null, unitSort: 'name' as const, peopleSort: 'name' as const, descending: false, state: null, page: 1 };
		for (const criterion of catalog.criteria) {
			const outcome = criterionReport(db, catalog, admin, admin.grants[0]!.provinceId, { ...query, criterionId: criterion.id }, now);
			if (outcome.status !== 'ok') throw new Error(outcome.status);
			const rates = outcome.report.units.map((row) => row.percent ?? 0);
			expect(outcome.report.headline.met).toBeGreaterThan(0);
			expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(30);
			expect(outcome.report.units.some((row) => row.behind)).toBe(true);
		}
	});
});
