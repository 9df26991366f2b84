import { and, eq, isNull } from 'drizzle-orm';
import type { GrantScope } from '../../schemas/admin';
import type { DbOrTx } from '../db/client';
import { agencies, communes, provinces } from '../db/schema';
import { type AdminViewer, adminScope, administers } from './scope';

export interface UnitChoice {
	id: number;
	name: string;
}

export interface UnitChoices {
	communes: UnitChoice[];
	agencies: UnitChoice[];
}

const collator = new Intl.Collator('vi');
const byName = (a: UnitChoice, b: UnitChoice) => collator.compare(a.name, b.name);

/**
 * The communes and working agencies of a province, by name, for the unit pickers. Without a
 * province: the admin's own. Empty for a province the viewer does not administer.
 */
export function unitChoices(db: DbOrTx, viewer: AdminViewer, provinceId?: number): UnitChoices {
	const scope = adminScope(viewer);
	const province = provinceId ?? scope?.provinceId;
	if (!scope || province === undefined || !administers(scope, province)) return { communes: [], agencies: [] };
	return {
		communes: db.select({ id: communes.id, name: communes.name }).from(communes).where(eq(communes.provinceId, province)).all().sort(byName),
		agencies: db
			.select({ id: agencies.id, name: agencies.name })
			.from(agencies)
			.where(and(eq(agencies.provinceId, province), isNull(agencies.disabledAt)))
			.all()
			.sort(byName)
	};
}

export function communeInProvince(db: DbOrTx, provinceId: number, communeId: number): UnitChoice | undefined {
	return db
		.select({ id: communes.id, name: communes.name })
		.from(communes)
		.where(and(eq(communes.id, communeId), eq(communes.provinceId, provinceId)))
		.get();
}

/** Agencies that closed are kept for history but take no new people or roles. */
export function agencyInProvince(db: DbOrTx, provinceId: number, agencyId: number): UnitChoice | undefined {
	return db
		.select({ id: agencies.id, name: agencies.name })
		.from(agencies)
		.where(and(eq(agencies.id, agencyId), eq(agencies.provinceId, provinceId), isNull(agencies.disabledAt)))
		.get();
}

/** The unit a grant is held for, as its row stores it, with the name people read. */
export interface GrantUnit {
	communeId: number | null;
	agencyId: number | null;
	name: string;
}

/** The unit a scope names, if it is in the province. */
export function resolveGrantUnit(db: DbOrTx, provinceId: number, scope: GrantScope): GrantUnit | undefined {
	if (scope === 'province') {
		const province = db.select({ name: provinces.name }).from(provinces).where(eq(provinces.id, provinceId)).get();
		return province && { communeId: null, agencyId: null, name: province.name };
	}
	if ('commune' in scope) {
		const commune = communeInProvince(db, provinceId, scope.commune);
		return commune && { communeId: commune.id, agencyId: null, name: commune.name };
	}
	const agency = agencyInProvince(db, provinceId, scope.agency);
	return agency && { communeId: null, agencyId: agency.id, name: agency.name };
}
