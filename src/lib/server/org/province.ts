import { eq } from 'drizzle-orm';
import { activeProvinceCode } from '../config';
import type { DbOrTx } from '../db/client';
import { provinceSettings, provinces } from '../db/schema';

/**
 * The name the deployment's province shows in the page header: its chosen display name, else its
 * official name, else null while the administrative map has not been loaded.
 */
export function activeProvinceDisplayName(db: DbOrTx): string | null {
	const row = db
		.select({ displayName: provinceSettings.displayName, name: provinces.name })
		.from(provinces)
		.leftJoin(provinceSettings, eq(provinceSettings.provinceId, provinces.id))
		.where(eq(provinces.code, activeProvinceCode()))
		.get();
	return row?.displayName?.trim() || row?.name || null;
}
