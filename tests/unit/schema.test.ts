import { eq, getTableName } from 'drizzle-orm';
import { SQLiteTable, getTableConfig } from 'drizzle-orm/sqlite-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { recordAudit } from '../../src/lib/server/audit';
import { testDatabase } from '../helpers/db';
import { makeAgency, makeCommune, makePerson, makeProvince } from '../helpers/fixtures';

const tables: SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter((value) => value instanceof SQLiteTable);

let db: AppDatabase;
let provinceId: number;
let communeId: number;
let agencyId: number;

beforeEach(() => {
	db = testDatabase();
	provinceId = makeProvince(db).id;
	communeId = makeCommune(db, provinceId).id;
	agencyId = makeAgency(db, provinceId).id;
});

const sqlite = () => db.$client;
const refuses = (statement: () => unknown) => expect(statement).toThrow();

describe('database settings', () => {
	it('enforces foreign keys and uses a busy timeout', () => {
		expect(sqlite().pragma('foreign_keys', { simple: true })).toBe(1);
		expect(sqlite().pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(sqlite().pragma('synchronous', { simple: true })).toBe(2);
	});

	it('has the tables of every schema file after migrating', () => {
		const existing = sqlite().prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
		expect(tables.length).toBeGreaterThanOrEqual(13);
		for (const table of tables) expect(existing).toContain(getTableName(table));
	});
});

describe('learning records are never removed by the database', () => {
	it('has no ON DELETE CASCADE or SET NULL anywhere', () => {
		for (const table of tables) {
			const keys = sqlite().pragma(`foreign_key_list(${getTableName(table)})`) as { on_delete: string; table: string }[];
			for (const key of keys) expect([getTableName(table), key.table, key.on_delete]).toEqual([getTableName(table), key.table, 'RESTRICT']);
		}
	});

	it('refuses to delete a person, even one with no records', () => {
		const person = makePerson(db, provinceId);
		expect(() => db.delete(schema.people).where(eq(schema.people.id, person.id)).run()).toThrow(/never deleted/);
	});

	it('refuses to delete a commune that completions point to', () => {
		const person = makePerson(db, provinceId, { communeId });
		db.insert(schema.completions)
			.values({ personId: person.id, provinceId, courseId: 'c', courseVersion: 1, completedAt: new Date(), communeIdAtCompletion: communeId })
			.run();
		db.update(schema.people).set({ communeId: null }).where(eq(schema.people.id, person.id)).run();
		refuses(() => db.delete(schema.communes).where(eq(schema.communes.id, communeId)).run());
	});
});

describe('completions', () => {
	const completion = (personId: number, snapshot: { communeIdAtCompletion?: number; agencyIdAtCompletion?: number }) =>
		db
			.insert(schema.completions)
			.values({ personId, provinceId, courseId: 'dich-vu-cong', courseVersion: 1, completedAt: new Date(), score: 90, ...snapshot })
			.run();

	it('requires a unit snapshot', () => {
		const person = makePerson(db, provinceId);
		expect(() => completion(person.id, {})).toThrow(/CHECK constraint failed: completions_unit_snapshot/);
	});

	it('keeps both snapshots and stores the time in UTC milliseconds', () => {
		const person = makePerson(db, provinceId);
		const before = Date.now();
		completion(person.id, { communeIdAtCompletion: communeId, agencyIdAtCompletion: agencyId });
		const raw = sqlite().prepare('SELECT completed_at, commune_id_at_completion, agency_id_at_completion FROM completions').get() as Record<string, number>;
		expect(raw.commune_id_at_completion).toBe(communeId);
		expect(raw.agency_id_at_completion).toBe(agencyId);
		expect(raw.completed_at).toBeGreaterThanOrEqual(before);
		expect(raw.completed_at).toBeLessThanOrEqual(Date.now());
	});

	it('counts one completion per person, course and version', () => {
		const person = makePerson(db, provinceId);
		completion(person.id, { communeIdAtCompletion: communeId });
		refuses(() => completion(person.id, { communeIdAtCompletion: communeId }));
	});

	it('refuses a score outside 0 to 100', () => {
		const person = makePerson(db, provinceId);
		refuses(() =>
			db.insert(schema.completions)
				.values({ personId: person.id, provinceId, courseId: 'x', courseVersion: 1, completedAt: new Date(), score: 101, communeIdAtCompletion: communeId })
				.run()
		);
	});
});

describe('units', () => {
	it('keeps codes as text with their leading zeros', () => {
		makeProvince(db, '01', 'Thành phố Hà Nội');
		expect(sqlite().prepare("SELECT code, typeof(code) AS t FROM provinces WHERE code = '01'").get()).toEqual({ code: '01', t: 'text' });
	});

	it('refuses malformed codes, empty names and unknown types', () => {
		refuses(() => makeProvince(db, '1', 'Tỉnh X'));
		refuses(() => makeProvince(db, '99', '  '));
		refuses(() => makeCommune(db, provinceId, { code: '123' }));
		refuses(() => makeCommune(db, provinceId, { type: 'huyen' as 'xa' }));
	});

	it('ties a commune-level agency to its commune and only then', () => {
		refuses(() => makeAgency(db, provinceId, { level: 'commune' }));
		refuses(() => makeAgency(db, provinceId, { level: 'province', communeId }));
		const ubnd = makeAgency(db, provinceId, { level: 'commune', communeId });
		const school = makeAgency(db, provinceId, { parentAgencyId: ubnd.id });
		expect(school.parentAgencyId).toBe(ubnd.id);
	});

	it('allows the same agency code in two provinces but not twice in one', () => {
		const other = makeProvince(db, '01', 'Thành phố Hà Nội');
		makeAgency(db, provinceId, { code: 'SKHCN' });
		makeAgency(db, other.id, { code: 'SKHCN' });
		refuses(() => makeAgency(db, provinceId, { code: 'SKHCN' }));
	});
});

describe('people', () => {
	it('stores phones only in the +84 form and lets families share one', () => {
		refuses(() => makePerson(db, provinceId, { phone: '0912345678' }));
		makePerson(db, provinceId, { phone: '+84912345678' });
		makePerson(db, provinceId, { phone: '+84912345678' });
	});

	it('keeps usernames unique and lower case', () => {
		makePerson(db, provinceId, { username: 'lan.nguyen' });
		refuses(() => makePerson(db, provinceId, { username: 'lan.nguyen' }));
		refuses(() => makePerson(db, provinceId, { username: 'Lan.Nguyen2' }));
	});

	it('refuses unknown staff groups and impossible birth years', () => {
		refuses(() => makePerson(db, provinceId, { staffGroup: 'nhan_vien' as 'can_bo' }));
		refuses(() => makePerson(db, provinceId, { birthYear: 1850 }));
	});

	it('records memberships for exactly one kind of unit', () => {
		const person = makePerson(db, provinceId);
		const membership = (values: Partial<typeof schema.memberships.$inferInsert>) =>
			db.insert(schema.memberships).values({ personId: person.id, kind: 'residence', startedAt: new Date(), ...values }).run();
		membership({ communeId });
		membership({ kind: 'agency', agencyId, staffGroup: 'cong_chuc' });
		refuses(() => membership({ communeId, agencyId }));
		refuses(() => membership({ kind: 'agency', communeId }));
		refuses(() => membership({ communeId, startedAt: new Date(2026, 1, 1), endedAt: new Date(2025, 1, 1) }));
	});

	it('records consent with its wording version and who recorded it', () => {
		const person = makePerson(db, provinceId);
		const facilitator = makePerson(db, provinceId);
		db.insert(schema.consentRecords)
			.values({ personId: person.id, purpose: 'learning', textVersion: '2026-01', givenAt: new Date(), recordedById: facilitator.id })
			.run();
		expect(db.select().from(schema.consentRecords).all()).toHaveLength(1);
	});
});

describe('role grants', () => {
	it('scope a role to one unit at most', () => {
		const person = makePerson(db, provinceId);
		const grant = (values: Partial<typeof schema.roleGrants.$inferInsert>) =>
			db.insert(schema.roleGrants).values({ personId: person.id, role: 'unit_manager', provinceId, grantedAt: new Date(), ...values }).run();
		grant({});
		grant({ communeId });
		grant({ agencyId });
		refuses(() => grant({ communeId, agencyId }));
		refuses(() => grant({ role: 'superuser' as 'learner' }));
	});
});

describe('assignments', () => {
	it('need a deadline after their start and courses by stable id', () => {
		const values = { provinceId, title: 'Kỹ năng số 2026', audience: 'civil_servants' as const, agencyId };
		const assignment = db.insert(schema.assignments).values({ ...values, startsAt: new Date(2026, 0, 1), deadlineAt: new Date(2026, 11, 31) }).returning().get();
		db.insert(schema.assignmentCourses).values({ assignmentId: assignment.id, courseId: 'ky-nang-so-cong-chuc' }).run();
		refuses(() => db.insert(schema.assignmentCourses).values({ assignmentId: assignment.id, courseId: 'ky-nang-so-cong-chuc' }).run());
		refuses(() => db.insert(schema.assignments).values({ ...values, startsAt: new Date(2026, 5, 1), deadlineAt: new Date(2026, 0, 1) }).run());
	});
});

describe('lesson progress', () => {
	it('holds one row per person and lesson', () => {
		const person = makePerson(db, provinceId);
		const row = { personId: person.id, courseId: 'c', lessonId: 'l1', firstSeenAt: new Date() };
		db.insert(schema.lessonProgress).values(row).run();
		refuses(() => db.insert(schema.lessonProgress).values(row).run());
	});
});

describe('audit log', () => {
	it('records actor, action, target, unit, details and request id', () => {
		const actor = makePerson(db, provinceId);
		recordAudit(db, {
			actorId: actor.id,
			action: 'role.grant',
			target: { type: 'person', id: 7 },
			unit: { provinceId, communeId },
			details: { role: 'facilitator' },
			requestId: 'req-1'
		});
		const row = db.select().from(schema.auditLog).get();
		expect(row).toMatchObject({ actorId: actor.id, action: 'role.grant', targetType: 'person', targetId: '7', communeId, requestId: 'req-1', details: { role: 'facilitator' } });
		expect(row?.at).toBeInstanceOf(Date);
	});
});

describe('province settings', () => {
	it('hold one row per province', () => {
		db.insert(schema.provinceSettings).values({ provinceId, displayName: 'Tỉnh Phú Thọ' }).run();
		refuses(() => db.insert(schema.provinceSettings).values({ provinceId, displayName: 'Again' }).run());
	});
});

describe('rows that belong to a province', () => {
	it('carry its id', () => {
		const owned = [schema.communes, schema.agencies, schema.people, schema.roleGrants, schema.assignments, schema.completions, schema.auditLog];
		for (const table of owned) {
			expect(getTableConfig(table).columns.map((c) => c.name)).toContain('province_id');
		}
	});
});

describe('audit rows without a unit', () => {
	it("belong to the actor's province", () => {
		const actor = makePerson(db, provinceId);
		recordAudit(db, { actorId: actor.id, action: 'auth.password_change', target: { type: 'person', id: actor.id } });
		recordAudit(db, { actorId: null, action: 'units.import' });
		expect(db.select({ action: schema.auditLog.action, provinceId: schema.auditLog.provinceId }).from(schema.auditLog).all()).toEqual([
			{ action: 'auth.password_change', provinceId },
			{ action: 'units.import', provinceId: null }
		]);
	});
});
