import { foldForSearch } from '../../src/lib/search-name';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { agencies, communes, people, provinces } from '../../src/lib/server/db/schema';

let sequence = 0;
const next = () => ++sequence;

export function makeProvince(db: AppDatabase, code = '25', name = 'Tỉnh Phú Thọ') {
	return db.insert(provinces).values({ code, name, type: 'tinh' }).returning().get();
}

export function makeCommune(db: AppDatabase, provinceId: number, overrides: Partial<typeof communes.$inferInsert> = {}) {
	const n = next();
	return db
		.insert(communes)
		.values({ provinceId, code: String(90000 + n), name: `Xã Thử ${n}`, type: 'xa', ...overrides })
		.returning()
		.get();
}

export function makeAgency(db: AppDatabase, provinceId: number, overrides: Partial<typeof agencies.$inferInsert> = {}) {
	const n = next();
	return db
		.insert(agencies)
		.values({ provinceId, code: `AG${n}`, name: `Cơ quan thử ${n}`, level: 'province', ...overrides })
		.returning()
		.get();
}

export function makePerson(db: AppDatabase, provinceId: number, overrides: Partial<typeof people.$inferInsert> = {}) {
	const n = next();
	const fullName = overrides.fullName ?? `Người Thử ${n}`;
	return db
		.insert(people)
		.values({ provinceId, username: `nguoithu${n}`, fullName, searchName: foldForSearch(fullName), ...overrides })
		.returning()
		.get();
}
