import { count, eq } from 'drizzle-orm';
import type { AppDatabase } from '../db/client';
import { communes, provinces } from '../db/schema';
import { importOfficialUnits } from './official-units';

/** A new database gets the official map shipped with the platform; an existing one is left alone. */
export function importOfficialUnitsIfEmpty(db: AppDatabase): { provinces: number; communes: number } | null {
	if ((db.select({ n: count() }).from(provinces).get()?.n ?? 0) > 0) return null;
	importOfficialUnits(db);
	return {
		provinces: db.select({ n: count() }).from(provinces).get()?.n ?? 0,
		communes: db.select({ n: count() }).from(communes).get()?.n ?? 0
	};
}

export function hasProvince(db: AppDatabase, code: string): boolean {
	return db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, code)).get() !== undefined;
}
