import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeGrants, redeemPasswordRecoveryCode } from '../../src/lib/server/auth/accounts';
import { type Purpose, type Viewer, canSee } from '../../src/lib/server/auth/scope';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { agencies, auditLog, communes, oneTimeCodes, people, provinces } from '../../src/lib/server/db/schema';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { importOfficialUnitsIfEmpty } from '../../src/lib/server/org/startup';
import {
	PEOPLE_PAGE_SIZE,
	describeScope,
	issuePasswordRecoveryCode,
	loadAgencyTree,
	parsePersonId,
	personInScope,
	searchPeopleInScope
} from '../../src/lib/server/people';
import { foldForSearch } from '../../src/lib/search-name';
import { testDatabase } from '../helpers/db';

let db: AppDatabase;

const idOf = (username: string) => db.select({ id: people.id }).from(people).where(eq(people.username, username)).get()!.id;
const viewer = (username: string): Viewer => ({ personId: idOf(username), grants: activeGrants(db, idOf(username)) });
const communeId = (code: string) => db.select({ id: communes.id }).from(communes).where(eq(communes.code, code)).get()!.id;
const agencyId = (code: string) => db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)).get()!.id;
const provinceId = (code: string) => db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, code)).get()!.id;

function addPerson(values: { username: string; fullName: string; province?: string; commune?: string; agency?: string; phone?: string; anonymised?: boolean; mergedInto?: number }) {
	return db
		.insert(people)
		.values({
			provinceId: provinceId(values.province ?? '25'),
			username: values.username,
			fullName: values.fullName,
			searchName: foldForSearch(values.fullName),
			communeId: values.commune ? communeId(values.commune) : null,
			agencyId: values.agency ? agencyId(values.agency) : null,
			phone: values.phone ?? null,
			anonymisedAt: values.anonymised ? new Date() : null,
			mergedIntoId: values.mergedInto ?? null
		})
		.returning({ id: people.id })
		.get().id;
}

function everyoneFound(who: Viewer, purpose: Purpose, query = ''): number[] {
	const ids: number[] = [];
	for (let page = 1; ; page++) {
		const result = searchPeopleInScope(db, who, { query, purpose, page });
		expect(result.people.length).toBeLessThanOrEqual(PEOPLE_PAGE_SIZE);
		ids.push(...result.people.map((p) => p.id));
		if (!result.hasNext) return ids;
	}
}

beforeAll(async () => {
	db = testDatabase();
	importOfficialUnitsIfEmpty(db);
	await seedDemo(db, '25');
	// People the rules must leave out, or take in only for some viewers.
	addPerson({ username: 'hanoi.resident', fullName: 'Nguyễn Văn Hà Nội', province: '01', commune: '00004' });
	addPerson({ username: 'anonymised.hycuong', fullName: 'Nguyễn Ẩn Danh', commune: '08515', anonymised: true });
	addPerson({ username: 'merged.hycuong', fullName: 'Nguyễn Đã Gộp', commune: '08515', mergedInto: idOf('hocvien') });
	addPerson({ username: 'teacher.hycuong', fullName: 'Lý Thị Giáo', commune: '08515', agency: 'THPT-CHV' });
	addPerson({ username: 'clerk.hycuong', fullName: 'Mạc Văn Thư', commune: '07900', agency: 'UBND-08515', phone: '+84912345678' });
});

describe('searchPeopleInScope', () => {
	const staff = DEMO_ACCOUNTS.filter((a) => a.role !== 'learner' && a.role !== 'civil_servant').map((a) => a.username);

	it.each(staff.flatMap((username) => (['recover', 'assist', 'report'] as const).map((purpose) => [username, purpose] as const)))(
		'finds for %s (%s) exactly the people canSee allows, in name order',
		(username, purpose) => {
			const who = viewer(username);
			const all = db
				.select({ id: people.id, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId, searchName: people.searchName })
				.from(people)
				.where(and(isNull(people.anonymisedAt), isNull(people.mergedIntoId)))
				.all();
			const expected = all
				.filter((p) => canSee(who, { kind: 'person', personId: p.id, provinceId: p.provinceId, communeId: p.communeId, agencyId: p.agencyId }, loadAgencyTree(db, p.provinceId), purpose))
				.sort((a, b) => (a.searchName < b.searchName ? -1 : a.searchName > b.searchName ? 1 : a.id - b.id))
				.map((p) => p.id);
			expect(everyoneFound(who, purpose)).toEqual(expected);
		}
	);

	it('gives each role the people the rules describe', () => {
		const recoverable = (username: string) => new Set(everyoneFound(viewer(username), 'recover'));
		const facilitator = recoverable('hotro.hycuong');
		expect(facilitator.has(idOf('hocvien'))).toBe(true);
		expect(facilitator.has(idOf('teacher.hycuong'))).toBe(true);
		expect(facilitator.has(idOf('clerk.hycuong'))).toBe(false);
		const manager = recoverable('quanly.hycuong');
		expect(manager.has(idOf('hocvien'))).toBe(false);
		expect(manager.has(idOf('clerk.hycuong'))).toBe(true);
		expect(manager.has(idOf('hotro.hycuong'))).toBe(true);
		expect(manager.has(idOf('quanly.hycuong'))).toBe(false);
		expect(recoverable('quanly.skhcn').has(idOf('congchuc'))).toBe(true);
		expect(recoverable('quanly.tinh').has(idOf('hocvien'))).toBe(false);
		expect(recoverable('quantri.tinh').has(idOf('hanoi.resident'))).toBe(false);
		expect(recoverable('quantri.hethong').has(idOf('hanoi.resident'))).toBe(true);
		for (const username of ['anonymised.hycuong', 'merged.hycuong']) expect(recoverable('quantri.hethong').has(idOf(username))).toBe(false);
	});

	it('finds a name typed without diacritics, in any case, and by username or phone number', () => {
		const facilitator = viewer('hotro.hycuong');
		const find = (query: string, who = facilitator) => searchPeopleInScope(db, who, { query, purpose: 'recover', page: 1 }).people.map((p) => p.username);
		expect(find('nguyen thi lan')).toContain('hocvien');
		expect(find('NGUYỄN THỊ LAN')).toContain('hocvien');
		expect(find('  Nguyễn   Thị Lan ')).toContain('hocvien');
		expect(find('HOCVIEN')).toEqual(['hocvien']);
		expect(find('ly thi giao')).toEqual(['teacher.hycuong']);
		expect(find('0912 345 678', viewer('quanly.hycuong'))).toEqual(['clerk.hycuong']);
		expect(find('0912 345 678')).toEqual([]);
		expect(find('100%')).toEqual([]);
		expect(find('_')).toEqual([]);
	});

	it('pages 25 at a time and names the commune or agency of each person', () => {
		const who = viewer('hotro.hycuong');
		const first = searchPeopleInScope(db, who, { query: '', purpose: 'recover', page: 1 });
		expect(first.people).toHaveLength(PEOPLE_PAGE_SIZE);
		expect(first.hasNext).toBe(true);
		expect(first.people[0]).toMatchObject({ commune: 'Xã Hy Cương', agency: null });
		const second = searchPeopleInScope(db, who, { query: '', purpose: 'recover', page: 2 });
		expect(second.people.map((p) => p.id)).not.toContain(first.people[0]!.id);
		expect(searchPeopleInScope(db, who, { query: '', purpose: 'recover', page: 999 })).toEqual({ people: [], page: 999, hasNext: false });
	});

	it('finds nobody for a learner', () => {
		expect(searchPeopleInScope(db, viewer('hocvien'), { query: '', purpose: 'recover', page: 1 }).people).toEqual([]);
		expect(searchPeopleInScope(db, viewer('congchuc'), { query: 'nguyen', purpose: 'report', page: 1 }).people).toEqual([]);
	});
});

describe('personInScope', () => {
	it('shows the card of a person in scope', () => {
		expect(personInScope(db, viewer('quanly.hycuong'), idOf('clerk.hycuong'), 'recover')).toEqual({
			id: idOf('clerk.hycuong'),
			fullName: 'Mạc Văn Thư',
			username: 'clerk.hycuong',
			birthYear: null,
			phone: '0912 345 678',
			commune: 'Phường Việt Trì',
			hamlet: null,
			agency: 'Ủy ban nhân dân xã Hy Cương',
			position: null,
			disabled: false,
			needsHigherAdmin: false
		});
	});

	it('answers null alike for someone outside the scope, an unknown id, an anonymised person and oneself', () => {
		const facilitator = viewer('hotro.hycuong');
		expect(personInScope(db, facilitator, idOf('clerk.hycuong'), 'recover')).toBeNull();
		expect(personInScope(db, facilitator, 987654321, 'recover')).toBeNull();
		expect(personInScope(db, viewer('quantri.hethong'), idOf('anonymised.hycuong'), 'recover')).toBeNull();
		expect(personInScope(db, facilitator, facilitator.personId, 'recover')).toBeNull();
	});

	it('reads ids from URLs strictly', () => {
		expect(parsePersonId('42')).toBe(42);
		for (const bad of ['0', '-1', '1.5', '1e3', 'abc', '', '012', '9'.repeat(16)]) expect(parsePersonId(bad)).toBeNull();
	});
});

describe('describeScope', () => {
	it('names who each viewer can recover', () => {
		expect(describeScope(db, viewer('hotro.hycuong'), 'recover')).toEqual([{ unit: 'commune', name: 'Xã Hy Cương', people: 'residents' }]);
		expect(describeScope(db, viewer('quanly.hycuong'), 'recover')).toEqual([{ unit: 'commune', name: 'Xã Hy Cương', people: 'staff' }]);
		expect(describeScope(db, viewer('quanly.skhcn'), 'recover')).toEqual([{ unit: 'agency', name: 'Sở Khoa học và Công nghệ', people: 'staff' }]);
		expect(describeScope(db, viewer('quanly.tinh'), 'recover')).toEqual([{ unit: 'province', name: 'Tỉnh Phú Thọ', people: 'staff' }]);
		expect(describeScope(db, viewer('quantri.tinh'), 'recover')).toEqual([{ unit: 'province', name: 'Tỉnh Phú Thọ', people: 'everyone' }]);
		expect(describeScope(db, viewer('quantri.hethong'), 'recover')).toEqual([{ unit: 'everywhere' }]);
		expect(describeScope(db, viewer('hocvien'), 'recover')).toEqual([]);
	});
});

describe('issuePasswordRecoveryCode', () => {
	it('issues a code in groups of four for 24 hours, logs who issued it for whom, and the code sets a new password', async () => {
		const facilitator = viewer('hotro.hycuong');
		const before = Date.now();
		const issued = issuePasswordRecoveryCode(db, facilitator, idOf('hocvien'), 'request-1');
		expect(issued?.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(issued!.expiresAt.getTime() - before).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
		expect(issued!.expiresAt.getTime() - before).toBeLessThanOrEqual(24 * 3600 * 1000 + 1000);
		const audit = db.select().from(auditLog).where(eq(auditLog.requestId, 'request-1')).all();
		expect(audit).toMatchObject([
			{ action: 'auth.recovery_code_issued', actorId: facilitator.personId, targetType: 'person', targetId: String(idOf('hocvien')), communeId: communeId('08515') }
		]);
		expect(JSON.stringify(audit)).not.toContain(issued!.code.replaceAll('-', ''));
		expect(await redeemPasswordRecoveryCode(db, 'hocvien', issued!.code, 'mot cau mat khau moi', 'request-2')).toBe(true);
	});

	it('replaces an unused code with the new one', async () => {
		const facilitator = viewer('hotro.hycuong');
		const first = issuePasswordRecoveryCode(db, facilitator, idOf('hocvien'), null)!;
		const second = issuePasswordRecoveryCode(db, facilitator, idOf('hocvien'), null)!;
		expect(await redeemPasswordRecoveryCode(db, 'hocvien', first.code, 'mot cau mat khau moi', null)).toBe(false);
		expect(await redeemPasswordRecoveryCode(db, 'hocvien', second.code, 'mot cau mat khau moi', null)).toBe(true);
	});

	it('refuses people outside the scope, unknown ids, oneself and disabled accounts, writing nothing', () => {
		const codes = () => db.select().from(oneTimeCodes).all().length;
		const audits = () => db.select().from(auditLog).all().length;
		const [codesBefore, auditsBefore] = [codes(), audits()];
		const disabled = addPerson({ username: 'disabled.hycuong', fullName: 'Nguyễn Bị Khóa', commune: '08515' });
		db.update(people).set({ disabledAt: new Date() }).where(eq(people.id, disabled)).run();
		expect(issuePasswordRecoveryCode(db, viewer('hotro.hycuong'), idOf('clerk.hycuong'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quanly.hycuong'), idOf('hocvien'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quanly.viettri'), idOf('clerk.hycuong'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('hotro.hycuong'), 987654321, null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quantri.hethong'), idOf('quantri.hethong'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('hotro.hycuong'), disabled, null)).toBeNull();
		expect([codes(), audits()]).toEqual([codesBefore, auditsBefore]);
	});

	it('refuses accounts that can do as much as the viewer or more', () => {
		// The Hy Cương manager may recover the commune's staff, but not a fellow manager or facilitator.
		expect(personInScope(db, viewer('quanly.hycuong'), idOf('hotro.hycuong'), 'recover')?.needsHigherAdmin).toBe(true);
		expect(issuePasswordRecoveryCode(db, viewer('quanly.hycuong'), idOf('hotro.hycuong'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quantri.tinh'), idOf('quantri.hethong'), null)).toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quantri.tinh'), idOf('hotro.hycuong'), null)).not.toBeNull();
		expect(issuePasswordRecoveryCode(db, viewer('quanly.hycuong'), idOf('clerk.hycuong'), null)).not.toBeNull();
	});
});
