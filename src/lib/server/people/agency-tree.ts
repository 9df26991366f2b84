import { eq } from 'drizzle-orm';
import type { AgencyTree } from '../auth/scope';
import type { DbOrTx } from '../db/client';
import { agencies } from '../db/schema';

/** A province's agency tree, with the list of its agencies so a query can turn "under X" into ids. */
export interface ProvinceAgencies extends AgencyTree {
	readonly ids: readonly number[];
}

/** The province's agencies, read once per request: a few hundred rows even for a large province. */
export function loadAgencyTree(db: DbOrTx, provinceId: number): ProvinceAgencies {
	const rows = db
		.select({ id: agencies.id, parentId: agencies.parentAgencyId, communeId: agencies.communeId })
		.from(agencies)
		.where(eq(agencies.provinceId, provinceId))
		.all();
	const byId = new Map(rows.map((row) => [row.id, row]));
	return {
		ids: rows.map((row) => row.id),
		parentOf: (id) => byId.get(id)?.parentId ?? null,
		communeOf: (id) => byId.get(id)?.communeId ?? null
	};
}

/** Loads each province's tree once, on first need. */
export function agencyTrees(db: DbOrTx): (provinceId: number) => ProvinceAgencies {
	const cache = new Map<number, ProvinceAgencies>();
	return (provinceId) => {
		let tree = cache.get(provinceId);
		if (!tree) {
			tree = loadAgencyTree(db, provinceId);
			cache.set(provinceId, tree);
		}
		return tree;
	};
}
