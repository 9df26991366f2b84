import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GrantScope } from '../../src/lib/schemas/admin';
import { grantRole, grantableRoles, revokeRole } from '../../src/lib/server/admin';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/session';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { type Role, agencies, roleGrants } from '../../src/lib/server/db/schema';
import { agencyId, auditRowsFor, communeId, demoDatabase, personWithRole, provinceId, viewerOf } from '../helpers/admin';
import { makePerson } from '../helpers/fixtures';

let db: AppDatabase;
let phuTho: number;
let admin: ReturnType<typeof personWithRole>;
let system: ReturnType<typeof personWithRole>;
let person: number;
let hyCuong: number;
let office: number;

beforeEach(async () => {
	db = await demoDatabase();
	phuTho = provinceId(db, '25');
	admin = personWithRole(db, phuTho, 'province_admin');
	system = personWithRole(db, phuTho, 'system_admin');
	person = makePerson(db, phuTho).id;
	hyCuong = communeId(db, '08515');
	office = agencyId(db, 'SKHCN-VP');
});

const grantsOf = (personId: number) => db.select().from(roleGrants).where(eq(roleGrants.personId, personId)).all();

describe('which unit each role is granted for', () => {
	const commune: () => GrantScope = () => ({ commune: hyCuong });
	const agency: () => GrantScope = () => ({ agency: office });
	const province: () => GrantScope = () => 'province';
	const cases: [Role, () => GrantScope, boolean][] = [
		['learner', commune, true],
		['learner', agency, false],
		['learner', province, false],
		['civil_servant', agency, true],
		['civil_servant', commune, false],
		['civil_servant', province, false],
		['facilitator', commune, true],
		['facilitator', agency, false],
		['facilitator', province, false],
		['unit_manager', commune, true],
		['unit_manager', agency, true],
		['unit_manager', province, true],
		['province_admin', province, true],
		['province_admin', commune, false],
		['system_admin', province, true],
		['system_admin', agency, false]
	];

	it.each(cases)('%s for %s: %s', (role, scope, allowed) => {
		const result = grantRole(db, system.viewer, person, role, scope());
		expect(result.status).toBe(allowed ? 'done' : 'invalid');
		expect(grantsOf(person)).toHaveLength(allowed ? 1 : 0);
	});

	it('says beside which picker the unit is wrong', () => {
		expect(grantRole(db, admin.viewer, person, 'learner', { agency: office })).toEqual({ status: 'invalid', errors: { scopeCommune: 'Vai trò này cần chọn một xã, phường.' } });
		expect(grantRole(db, admin.viewer, person, 'civil_servant', 'province')).toEqual({ status: 'invalid', errors: { scopeAgency: 'Vai trò này cần chọn một cơ quan.' } });
		expect(grantRole(db, system.viewer, person, 'province_admin', { commune: hyCuong })).toEqual({
			status: 'invalid',
			errors: { scopeCommune: 'Vai trò này dành cho cả tỉnh: không chọn xã hay cơ quan.' }
		});
	});

	it('offers a province admin every role but the admin roles', () => {
		expect(grantableRoles(admin.viewer).map((r) => r.role)).toEqual(['learner', 'civil_servant', 'facilitator', 'unit_manager']);
		expect(grantableRoles(system.viewer).map((r) => r.role)).toContain('system_admin');
		expect(grantableRoles(personWithRole(db, phuTho, 'unit_manager').viewer)).toEqual([]);
	});
});

describe('granting a role', () => {
	it('writes the grant and an audit row', () => {
		const result = grantRole(db, admin.viewer, person, 'facilitator', { commune: hyCuong });
		expect(result).toMatchObject({ status: 'done', endedSessions: 0 });
		expect(grantsOf(person)).toMatchObject([{ role: 'facilitator', communeId: hyCuong, agencyId: null, provinceId: phuTho, grantedById: admin.id, revokedAt: null }]);
		expect(auditRowsFor(db, 'role.grant')).toMatchObject([
			{ actorId: admin.id, targetType: 'person', targetId: String(person), provinceId: phuTho, communeId: hyCuong, details: { role: 'facilitator', unit: 'Xã Hy Cương' } }
		]);
	});

	it('leaves admin roles to a system admin', () => {
		for (const role of ['province_admin', 'system_admin'] as const) {
			expect(grantRole(db, admin.viewer, person, role, 'province')).toEqual({
				status: 'invalid',
				errors: { role: 'Chỉ quản trị hệ thống mới được cấp hoặc thu hồi vai trò quản trị.' }
			});
			expect(grantRole(db, system.viewer, person, role, 'province').status).toBe('done');
		}
	});

	it('refuses a second active grant of the same role for the same unit', () => {
		expect(grantRole(db, admin.viewer, person, 'unit_manager', 'province').status).toBe('done');
		expect(grantRole(db, admin.viewer, person, 'unit_manager', 'province')).toEqual({ status: 'invalid', errors: { role: 'Người này đã có vai trò này ở đơn vị này.' } });
		expect(grantRole(db, admin.viewer, person, 'unit_manager', { commune: hyCuong }).status).toBe('done');
	});

	it('grants again what was revoked', () => {
		const granted = grantRole(db, admin.viewer, person, 'learner', { commune: hyCuong });
		if (granted.status !== 'done') throw new Error('not granted');
		expect(revokeRole(db, admin.viewer, granted.grantId).status).toBe('done');
		expect(grantRole(db, admin.viewer, person, 'learner', { commune: hyCuong }).status).toBe('done');
		expect(grantsOf(person)).toHaveLength(2);
	});

	it('refuses units of another province, unknown units and closed agencies', () => {
		const hoanKiem = communeId(db, '00070');
		expect(grantRole(db, admin.viewer, person, 'learner', { commune: hoanKiem })).toEqual({ status: 'invalid', errors: { scopeCommune: 'Không tìm thấy đơn vị này trong tỉnh.' } });
		expect(grantRole(db, admin.viewer, person, 'civil_servant', { agency: 999_999 })).toEqual({ status: 'invalid', errors: { scopeAgency: 'Không tìm thấy đơn vị này trong tỉnh.' } });
		db.update(agencies).set({ disabledAt: new Date() }).where(eq(agencies.id, office)).run();
		expect(grantRole(db, admin.viewer, person, 'civil_servant', { agency: office }).status).toBe('invalid');
		expect(grantsOf(person)).toEqual([]);
		expect(auditRowsFor(db, 'role.grant')).toEqual([]);
	});

	it("cannot reach a person of another province, or a person who does not exist", () => {
		const hanoi = provinceId(db, '01');
		const elsewhere = makePerson(db, hanoi).id;
		expect(grantRole(db, admin.viewer, elsewhere, 'learner', { commune: hyCuong })).toEqual({ status: 'not_found' });
		expect(grantRole(db, admin.viewer, 987_654, 'learner', { commune: hyCuong })).toEqual({ status: 'not_found' });
		// A Hà Nội admin cannot hand out a Phú Thọ unit either.
		const hanoiAdmin = personWithRole(db, hanoi, 'province_admin');
		expect(grantRole(db, hanoiAdmin.viewer, person, 'learner', { commune: hyCuong })).toEqual({ status: 'not_found' });
		expect(grantRole(db, hanoiAdmin.viewer, elsewhere, 'learner', { commune: hyCuong }).status).toBe('invalid');
	});

	it('refuses anyone who is not an admin', () => {
		const manager = personWithRole(db, phuTho, 'unit_manager');
		expect(grantRole(db, manager.viewer, person, 'learner', { commune: hyCuong })).toEqual({ status: 'not_found' });
	});

	it('signs out a person given their first staff role, whose sessions never passed a second factor', () => {
		const resident = personWithRole(db, phuTho, 'learner', { communeId: hyCuong });
		const token = generateSessionToken();
		createSession(db, token, resident.id, { sharedDevice: false, twoFactorVerified: true });
		expect(grantRole(db, admin.viewer, resident.id, 'facilitator', { commune: hyCuong })).toMatchObject({ status: 'done', endedSessions: 1 });
		expect(validateSessionToken(db, token)).toBeNull();
		expect(auditRowsFor(db, 'role.grant')[0]?.details).toMatchObject({ endedSessions: 1 });

		// A second staff role changes nothing about sessions that passed the second factor.
		const again = generateSessionToken();
		createSession(db, again, resident.id, { sharedDevice: false, twoFactorVerified: true });
		expect(grantRole(db, admin.viewer, resident.id, 'unit_manager', { commune: hyCuong })).toMatchObject({ status: 'done', endedSessions: 0 });
		expect(validateSessionToken(db, again)).not.toBeNull();
	});
});

describe('revoking a role', () => {
	it('keeps the row, marked with who revoked it and when, and writes an audit row', () => {
		const granted = grantRole(db, admin.viewer, person, 'facilitator', { commune: hyCuong });
		if (granted.status !== 'done') throw new Error('not granted');
		expect(revokeRole(db, admin.viewer, granted.grantId)).toEqual({ status: 'done', personId: person });
		const [row] = grantsOf(person);
		expect(row).toMatchObject({ id: granted.grantId, role: 'facilitator', revokedById: admin.id });
		expect(row?.revokedAt).toBeInstanceOf(Date);
		expect(auditRowsFor(db, 'role.revoke')).toMatchObject([{ actorId: admin.id, targetId: String(person), communeId: hyCuong, details: { grantId: granted.grantId, role: 'facilitator', unit: 'Xã Hy Cương' } }]);
		expect(revokeRole(db, admin.viewer, granted.grantId)).toEqual({ status: 'invalid', errors: { form: 'Vai trò này đã được thu hồi trước đó.' } });
	});

	it("leaves admin roles to a system admin", () => {
		const peer = personWithRole(db, phuTho, 'province_admin');
		const [grant] = grantsOf(peer.id);
		expect(revokeRole(db, admin.viewer, grant!.id)).toEqual({ status: 'invalid', errors: { form: 'Chỉ quản trị hệ thống mới được cấp hoặc thu hồi vai trò quản trị.' } });
		expect(revokeRole(db, system.viewer, grant!.id).status).toBe('done');
	});

	it('does not let an admin revoke their own last admin role', () => {
		const [own] = grantsOf(system.id);
		expect(revokeRole(db, system.viewer, own!.id)).toEqual({ status: 'invalid', errors: { form: 'Bạn không thể tự thu hồi vai trò quản trị cuối cùng của mình.' } });
		expect(grantRole(db, system.viewer, system.id, 'province_admin', 'province').status).toBe('done');
		expect(revokeRole(db, viewerOf(db, system.id), own!.id).status).toBe('done');
		const [, remaining] = grantsOf(system.id);
		expect(revokeRole(db, viewerOf(db, system.id), remaining!.id)).toMatchObject({ status: 'invalid' });
	});

	it("lets an admin revoke their own staff roles", () => {
		const granted = grantRole(db, admin.viewer, admin.id, 'facilitator', { commune: hyCuong });
		if (granted.status !== 'done') throw new Error('not granted');
		expect(revokeRole(db, viewerOf(db, admin.id), granted.grantId).status).toBe('done');
	});

	it("cannot reach another province's grants, or grants that do not exist", () => {
		const hanoi = provinceId(db, '01');
		const elsewhere = personWithRole(db, hanoi, 'learner', { communeId: communeId(db, '00070') });
		const [grant] = grantsOf(elsewhere.id);
		expect(revokeRole(db, admin.viewer, grant!.id)).toEqual({ status: 'not_found' });
		expect(revokeRole(db, admin.viewer, 987_654)).toEqual({ status: 'not_found' });
		expect(grantsOf(elsewhere.id)[0]?.revokedAt).toBeNull();
	});
});
