import { beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_PER_PAGE, grantRole, listAudit } from '../../src/lib/server/admin';
import { vietnamDayStart } from '../../src/lib/vietnam-day';
import { recordAudit } from '../../src/lib/server/audit';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { communeId, demoDatabase, personWithRole, provinceId } from '../helpers/admin';
import { makePerson } from '../helpers/fixtures';

let db: AppDatabase;
let phuTho: number;
let hanoi: number;
let admin: ReturnType<typeof personWithRole>;

beforeEach(async () => {
	db = await demoDatabase();
	phuTho = provinceId(db, '25');
	hanoi = provinceId(db, '01');
	admin = personWithRole(db, phuTho, 'province_admin', {}, { fullName: 'Quản Trị Tỉnh Thử', username: 'quantri.thu' });
});

const actionsOf = (rows: { action: string }[]) => rows.map((r) => r.action);

describe('the audit log', () => {
	it("shows the province's rows newest first, with actor and target names", () => {
		const person = makePerson(db, phuTho, { fullName: 'Bùi Văn Được' });
		grantRole(db, admin.viewer, person.id, 'learner', { commune: communeId(db, '08515') });
		const { rows } = listAudit(db, admin.viewer, {});
		expect(rows[0]).toMatchObject({
			action: 'role.grant',
			actor: { id: admin.id, name: 'Quản Trị Tỉnh Thử', username: 'quantri.thu' },
			target: { type: 'person', id: String(person.id), name: 'Bùi Văn Được' },
			details: { role: 'learner', unit: 'Xã Hy Cương' }
		});
		// The demo seed is the system's own row for the province.
		expect(rows.at(-1)).toMatchObject({ action: 'demo.seed', actor: null });
		const times = rows.map((r) => r.at.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('counts a row without a unit for the province of the person who acted', () => {
		const resident = makePerson(db, phuTho);
		recordAudit(db, { actorId: resident.id, action: 'auth.password_change', target: { type: 'person', id: resident.id } });
		const visitor = makePerson(db, hanoi);
		recordAudit(db, { actorId: visitor.id, action: 'auth.password_change', target: { type: 'person', id: visitor.id } });
		const { rows } = listAudit(db, admin.viewer, { action: 'auth.password_change' });
		expect(rows.map((r) => r.actor?.id)).toEqual([resident.id]);
	});

	it("never shows another province's rows to a province admin; a system admin reads them all", () => {
		recordAudit(db, { actorId: null, action: 'units.import', unit: { provinceId: hanoi } });
		recordAudit(db, { actorId: null, action: 'agencies.import' });
		expect(actionsOf(listAudit(db, admin.viewer, {}).rows)).not.toContain('units.import');
		expect(actionsOf(listAudit(db, admin.viewer, {}).rows)).not.toContain('agencies.import');
		const hanoiAdmin = personWithRole(db, hanoi, 'province_admin');
		expect(actionsOf(listAudit(db, hanoiAdmin.viewer, {}).rows)).toEqual(['units.import']);
		const system = personWithRole(db, phuTho, 'system_admin');
		expect(actionsOf(listAudit(db, system.viewer, {}).rows)).toEqual(expect.arrayContaining(['units.import', 'agencies.import', 'demo.seed']));
	});

	it('shows nothing to someone who is not an admin', () => {
		const manager = personWithRole(db, phuTho, 'unit_manager');
		expect(listAudit(db, manager.viewer, {})).toEqual({ rows: [], page: 1, hasNext: false });
	});

	it('filters by action and by the username of who acted', () => {
		const person = makePerson(db, phuTho);
		grantRole(db, admin.viewer, person.id, 'unit_manager', 'province');
		expect(actionsOf(listAudit(db, admin.viewer, { action: 'role.grant' }).rows)).toEqual(['role.grant']);
		expect(actionsOf(listAudit(db, admin.viewer, { actor: 'QUANTRI.THU' }).rows)).toEqual(['role.grant']);
		expect(listAudit(db, admin.viewer, { actor: 'nobody.here' }).rows).toEqual([]);
		expect(listAudit(db, admin.viewer, { action: 'role.revoke' }).rows).toEqual([]);
	});

	it('takes from and to as whole days in Vietnam time (UTC+7), both included', () => {
		expect(vietnamDayStart('2026-05-01').toISOString()).toBe('2026-04-30T17:00:00.000Z');
		const at = (iso: string) => recordAudit(db, { actorId: admin.id, action: 'test.moment', unit: { provinceId: phuTho }, details: { iso }, at: new Date(iso) });
		// 1 May in Vietnam runs from 30 April 17:00 UTC to 1 May 16:59:59.999 UTC.
		for (const iso of ['2026-04-30T16:59:59.999Z', '2026-04-30T17:00:00.000Z', '2026-05-01T16:59:59.999Z', '2026-05-01T17:00:00.000Z']) at(iso);
		const on = (from: string | null, to: string | null) =>
			listAudit(db, admin.viewer, { action: 'test.moment', from, to }).rows.map((r) => r.details?.iso).sort();
		expect(on('2026-05-01', '2026-05-01')).toEqual(['2026-04-30T17:00:00.000Z', '2026-05-01T16:59:59.999Z']);
		expect(on('2026-05-02', null)).toEqual(['2026-05-01T17:00:00.000Z']);
		expect(on(null, '2026-04-30')).toEqual(['2026-04-30T16:59:59.999Z']);
	});

	it('pages 50 rows at a time and says when more follow', () => {
		for (let i = 0; i < AUDIT_PER_PAGE + 5; i++) recordAudit(db, { actorId: admin.id, action: 'test.many', unit: { provinceId: phuTho }, at: new Date(Date.UTC(2026, 0, 1, 0, i)) });
		const first = listAudit(db, admin.viewer, { action: 'test.many' });
		expect(first.rows).toHaveLength(AUDIT_PER_PAGE);
		expect(first.hasNext).toBe(true);
		const second = listAudit(db, admin.viewer, { action: 'test.many', page: 2 });
		expect(second).toMatchObject({ page: 2, hasNext: false });
		expect(second.rows).toHaveLength(5);
		expect(second.rows[0]!.at.getTime()).toBeLessThan(first.rows.at(-1)!.at.getTime());
	});
});
