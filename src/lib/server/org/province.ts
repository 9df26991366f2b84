import { eq, sql } from 'drizzle-orm';
import { activeProvinceCode } from '../config';
import { type DbOrTx, builtOnce } from '../db/client';
import { provinceSettings, provinces } from '../db/schema';

/** Every page's header reads it: built once. */
const provinceNames = builtOnce((db) =>
	db
		.select({ displayName: provinceSettings.displayName, name: provinces.name })
		.from(provinces)
		.leftJoin(provinceSettings, eq(provinceSettings.provinceId, provinces.id))
		.where(eq(provinces.code, sql.placeholder('code')))
		.prepare()
);

/**
 * The name the deployment's province shows in the page header: its chosen display name, else its
 * official name, else null while the administrative map has not been loaded.
 */
export function activeProvinceDisplayName(db: DbOrTx): string | null {
	const row = provinceNames(db).get({ code: activeProvinceCode() });
	return row?.displayName?.trim() || row?.name || null;
}
