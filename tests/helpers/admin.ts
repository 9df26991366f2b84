import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { type AdminViewer, adminViewer } from '../../src/lib/server/admin';
import { activeGrants } from '../../src/lib/server/auth/accounts';
import type { AppDatabase } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { type Role, agencies, auditLog, communes, provinces, roleGrants } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { importOfficialUnitsIfEmpty } from '../../src/lib/server/org/startup';
import { testDatabase } from './db';
import { makePerson } from './fixtures';

let image: Buffer | undefined;

/**
 * A fresh copy of a database with the official map and the demo province (Phú Thọ, 25). Building
 * it takes half a second, so it is built once and each test gets its own copy of the file image.
 */
export async function demoDatabase(): Promise<AppDatabase> {
	if (!image) {
		const built = testDatabase();
		importOfficialUnitsIfEmpty(built);
		await seedDemo(built, '25');
		image = built.$client.serialize();
		built.$client.close();
	}
	const sqlite = new Database(image);
	sqlite.pragma('foreign_keys = ON');
	return drizzle(sqlite, { schema });
}

export function provinceId(db: AppDatabase, code: string): number {
	const row = db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, code)).get();
	if (!row) throw new Error(`no province ${code}`);
	return row.id;
}

export function communeId(db: AppDatabase, code: string): number {
	const row = db.select({ id: communes.id }).from(communes).where(eq(communes.code, code)).get();
	if (!row) throw new Error(`no commune ${code}`);
	return row.id;
}

export function agencyId(db: AppDatabase, code: string, province = '25'): number {
	const row = db
		.select({ id: agencies.id })
		.from(agencies)
		.where(and(eq(agencies.code, code), eq(agencies.provinceId, provinceId(db, province))))
		.get();
	if (!row) throw new Error(`no agency ${code}`);
	return row.id;
}

/** A new person of the province holding one role (for the whole province unless a unit is given). */
export function personWithRole(
	db: AppDatabase,
	province: number,
	role: Role,
	unit: { communeId?: number; agencyId?: number } = {},
	person: Partial<typeof schema.people.$inferInsert> = {}
): { id: number; viewer: AdminViewer } {
	const { id } = makePerson(db, province, person);
	db.insert(roleGrants)
		.values({ personId: id, role, provinceId: province, communeId: unit.communeId ?? null, agencyId: unit.agencyId ?? null, grantedAt: new Date() })
		.run();
	return { id, viewer: viewerOf(db, id) };
}

/** The person as the pages pass them to the admin domain: their live grants, read again now. */
export function viewerOf(db: AppDatabase, personId: number): AdminViewer {
	return adminViewer({ id: personId, grants: activeGrants(db, personId) }, 'test-request');
}

export function auditRowsFor(db: AppDatabase, action: string) {
	return db.select().from(auditLog).where(eq(auditLog.action, action)).all();
}
