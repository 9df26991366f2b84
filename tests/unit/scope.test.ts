import { describe, expect, it } from 'vitest';
import { type AgencyTree, type Grant, type Purpose, type UnitRef, canSee, grantReach, outranks } from '../../src/lib/server/auth/scope';
import type { Role } from '../../src/lib/server/db/schema';

// Province 1 has communes 10 (A) and 20 (B); province 2 has commune 30.
// Agencies: 100 a department, 101 its office, 102 a school under 101; 200 the People's Committee of
// commune A with 201 a unit under it; 300 the People's Committee of commune B; 400 a department of province 2.
const agencies = new Map<number, { parent: number | null; commune: number | null }>([
	[100, { parent: null, commune: null }],
	[101, { parent: 100, commune: null }],
	[102, { parent: 101, commune: null }],
	[200, { parent: null, commune: 10 }],
	[201, { parent: 200, commune: null }],
	[300, { parent: null, commune: 20 }],
	[400, { parent: null, commune: null }]
]);
const tree: AgencyTree = {
	parentOf: (id) => agencies.get(id)?.parent ?? null,
	communeOf: (id) => agencies.get(id)?.commune ?? null
};

const units = {
	province: { kind: 'province', provinceId: 1 },
	otherProvince: { kind: 'province', provinceId: 2 },
	communeA: { kind: 'commune', provinceId: 1, communeId: 10 },
	communeB: { kind: 'commune', provinceId: 1, communeId: 20 },
	communeOtherProvince: { kind: 'commune', provinceId: 2, communeId: 30 },
	department: { kind: 'agency', provinceId: 1, agencyId: 100 },
	school: { kind: 'agency', provinceId: 1, agencyId: 102 },
	committeeA: { kind: 'agency', provinceId: 1, agencyId: 200 },
	unitUnderCommitteeA: { kind: 'agency', provinceId: 1, agencyId: 201 },
	committeeB: { kind: 'agency', provinceId: 1, agencyId: 300 },
	residentA: { kind: 'person', provinceId: 1, personId: 1001, communeId: 10, agencyId: null },
	residentB: { kind: 'person', provinceId: 1, personId: 1002, communeId: 20, agencyId: null },
	teacher: { kind: 'person', provinceId: 1, personId: 1003, communeId: 20, agencyId: 102 },
	clerkA: { kind: 'person', provinceId: 1, personId: 1004, communeId: null, agencyId: 201 },
	otherProvincePerson: { kind: 'person', provinceId: 2, personId: 1005, communeId: 30, agencyId: 400 }
} satisfies Record<string, UnitRef>;
type UnitName = keyof typeof units;
const all = Object.keys(units) as UnitName[];

const grant = (role: Role, scope: { communeId?: number; agencyId?: number; provinceId?: number } = {}): Grant => ({
	role,
	provinceId: scope.provinceId ?? 1,
	communeId: scope.communeId ?? null,
	agencyId: scope.agencyId ?? null
});

function visible(grants: Grant[], purpose: Purpose = 'report'): UnitName[] {
	return all.filter((name) => canSee({ personId: 1, grants }, units[name], tree, purpose));
}

describe('canSee', () => {
	it('a learner or civil servant sees nobody else, whatever their unit', () => {
		expect(visible([grant('learner', { communeId: 10 })])).toEqual([]);
		expect(visible([grant('civil_servant', { agencyId: 102 })])).toEqual([]);
		expect(visible([grant('civil_servant', { agencyId: 102 })], 'assist')).toEqual([]);
	});

	it('anyone sees themselves', () => {
		expect(canSee({ personId: 1001, grants: [] }, units.residentA, tree)).toBe(true);
		expect(canSee({ personId: 1001, grants: [] }, units.residentB, tree)).toBe(false);
	});

	it("a commune manager sees that commune, its People's Committee and units under it, and their people", () => {
		expect(visible([grant('unit_manager', { communeId: 10 })])).toEqual(['communeA', 'committeeA', 'unitUnderCommitteeA', 'residentA', 'clerkA']);
	});

	it('an agency manager sees that agency, everything below it, and its people', () => {
		expect(visible([grant('unit_manager', { agencyId: 100 })])).toEqual(['department', 'school', 'teacher']);
		expect(visible([grant('unit_manager', { agencyId: 102 })])).toEqual(['school', 'teacher']);
	});

	it('a province-wide manager sees the whole province and nothing of another', () => {
		expect(visible([grant('unit_manager')])).toEqual(all.filter((n) => !n.toLowerCase().includes('otherprovince')));
	});

	it('a facilitator assists the residents of their commune only, and reads no reports', () => {
		expect(visible([grant('facilitator', { communeId: 10 })], 'assist')).toEqual(['communeA', 'residentA']);
		expect(visible([grant('facilitator', { communeId: 10 })], 'report')).toEqual([]);
	});

	it('a province admin sees the province for any purpose; a system admin sees everything', () => {
		const province = all.filter((n) => !n.toLowerCase().includes('otherprovince'));
		expect(visible([grant('province_admin')])).toEqual(province);
		expect(visible([grant('province_admin')], 'assist')).toEqual(province);
		expect(visible([grant('system_admin')])).toEqual(all);
	});

	it('several grants add up', () => {
		expect(visible([grant('unit_manager', { communeId: 20 }), grant('unit_manager', { agencyId: 102 })])).toEqual([
			'communeB',
			'school',
			'committeeB',
			'residentB',
			'teacher'
		]);
	});

	it('a manager of commune A in another province sees nothing here', () => {
		expect(visible([grant('unit_manager', { provinceId: 2, communeId: 10 })])).toEqual([]);
	});

	it('survives a cycle in the agency tree', () => {
		const cyclic: AgencyTree = { parentOf: (id) => (id === 1 ? 2 : 1), communeOf: () => null };
		expect(canSee({ personId: 1, grants: [grant('unit_manager', { agencyId: 99 })] }, { kind: 'agency', provinceId: 1, agencyId: 1 }, cyclic)).toBe(false);
	});

	describe('recovering an account', () => {
		const province = all.filter((n) => !n.toLowerCase().includes('otherprovince'));
		const scopes = { 'the province': {}, 'commune A': { communeId: 10 }, 'the office (agency 101)': { agencyId: 101 } } as const;
		const expected: Record<Role, Record<keyof typeof scopes, UnitName[]>> = {
			learner: { 'the province': [], 'commune A': [], 'the office (agency 101)': [] },
			civil_servant: { 'the province': [], 'commune A': [], 'the office (agency 101)': [] },
			// Residents of their commune, never staff elsewhere: a facilitator holds no agency or province.
			facilitator: { 'the province': [], 'commune A': ['communeA', 'residentA'], 'the office (agency 101)': [] },
			// The staff of their unit, never its residents.
			unit_manager: {
				'the province': ['department', 'school', 'committeeA', 'unitUnderCommitteeA', 'committeeB', 'teacher', 'clerkA'],
				'commune A': ['committeeA', 'unitUnderCommitteeA', 'clerkA'],
				'the office (agency 101)': ['school', 'teacher']
			},
			province_admin: {
				'the province': province,
				'commune A': ['communeA', 'committeeA', 'unitUnderCommitteeA', 'residentA', 'clerkA'],
				'the office (agency 101)': ['school', 'teacher']
			},
			system_admin: { 'the province': all, 'commune A': all, 'the office (agency 101)': all }
		};
		const cases = Object.entries(expected).flatMap(([role, byScope]) =>
			Object.entries(byScope).map(([scope, units]) => [role as Role, scope as keyof typeof scopes, units] as const)
		);

		it.each(cases)('a %s of %s recovers %j', (role, scope, units) => {
			expect(visible([grant(role, scopes[scope])], 'recover')).toEqual(units);
		});

		it('nobody recovers their own account, though everyone sees it', () => {
			const residentA = units.residentA;
			expect(canSee({ personId: residentA.personId, grants: [grant('system_admin')] }, residentA, tree, 'recover')).toBe(false);
			expect(canSee({ personId: residentA.personId, grants: [grant('facilitator', { communeId: 10 })] }, residentA, tree, 'recover')).toBe(false);
			expect(canSee({ personId: residentA.personId, grants: [] }, residentA, tree, 'report')).toBe(true);
		});

		it('a grant in another province recovers only that province\'s people', () => {
			expect(visible([grant('unit_manager', { provinceId: 2 })], 'recover')).toEqual(['otherProvincePerson']);
			expect(visible([grant('province_admin', { provinceId: 2, communeId: 10 })], 'recover')).toEqual([]);
		});
	});
});

describe('grantReach', () => {
	it('describes the people a grant covers as units a query can filter on', () => {
		expect(grantReach(grant('facilitator', { communeId: 10 }), 'recover')).toEqual({ unit: 'commune', provinceId: 1, communeId: 10, people: 'residents' });
		expect(grantReach(grant('unit_manager', { communeId: 10 }), 'recover')).toEqual({ unit: 'commune', provinceId: 1, communeId: 10, people: 'staff' });
		expect(grantReach(grant('unit_manager', { communeId: 10 }), 'report')).toEqual({ unit: 'commune', provinceId: 1, communeId: 10, people: 'everyone' });
		expect(grantReach(grant('unit_manager', { agencyId: 101 }), 'recover')).toEqual({ unit: 'agency', provinceId: 1, agencyId: 101 });
		expect(grantReach(grant('unit_manager'), 'recover')).toEqual({ unit: 'province', provinceId: 1, people: 'staff' });
		expect(grantReach(grant('province_admin'), 'recover')).toEqual({ unit: 'province', provinceId: 1, people: 'everyone' });
		expect(grantReach(grant('system_admin'), 'recover')).toEqual({ unit: 'everywhere' });
		expect(grantReach(grant('facilitator'), 'recover')).toBeNull();
		expect(grantReach(grant('facilitator', { communeId: 10 }), 'report')).toBeNull();
		expect(grantReach(grant('learner', { communeId: 10 }), 'recover')).toBeNull();
	});
});

describe('outranks', () => {
	const viewer = (...roles: Role[]) => ({ personId: 1, grants: roles.map((role) => grant(role)) });
	const target = (...roles: Role[]) => roles.map((role) => ({ role }));

	it('lets staff recover learners and civil servants', () => {
		expect(outranks(viewer('facilitator'), target('learner'))).toBe(true);
		expect(outranks(viewer('unit_manager'), target('civil_servant'))).toBe(true);
		expect(outranks(viewer('facilitator'), target())).toBe(true);
	});

	it('never lets anyone take over an account that can do as much or more', () => {
		expect(outranks(viewer('facilitator'), target('learner', 'facilitator'))).toBe(false);
		expect(outranks(viewer('unit_manager'), target('unit_manager'))).toBe(false);
		expect(outranks(viewer('province_admin'), target('province_admin'))).toBe(false);
		expect(outranks(viewer('province_admin'), target('system_admin'))).toBe(false);
		expect(outranks(viewer('system_admin'), target('system_admin'))).toBe(false);
	});

	it('lets admins recover the staff below them', () => {
		expect(outranks(viewer('province_admin'), target('facilitator'))).toBe(true);
		expect(outranks(viewer('system_admin'), target('province_admin'))).toBe(true);
	});
});
