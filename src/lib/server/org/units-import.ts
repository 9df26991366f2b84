import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type CommuneType, type ProvinceType, communes, provinces } from '../db/schema';
import { type Problem, ProblemLog, type ProblemPlace } from './problems';
import { type Choice, TableCheck, isDigits } from './table-check';
import { type Grid, type TableRow, type TableSource, readGrid, tableFromGrid } from './tabular';
import {
	type ImportCounts,
	addCounts,
	countsOf,
	hasChanges,
	insertRows,
	planUpsert,
	requireId
} from './upsert';

/** The two files of the shipped dataset, or one export from the General Statistics Office. */
export type AdministrativeUnitsInput =
	| { provinces: TableSource; communes: TableSource }
	| { gsoExport: TableSource };

/** The same files once read, for the synchronous part of an import. */
export type AdministrativeUnitsGrids =
	| { provinces: Grid | undefined; communes: Grid | undefined }
	| { gsoExport: Grid | undefined };

export type UnitsImportCounts = ImportCounts & { provinces: ImportCounts; communes: ImportCounts };

export type UnitsImportResult = ({ ok: true } & UnitsImportCounts) | { ok: false; problems: Problem[] };

const PROVINCE_CODE_DIGITS = 2;
const COMMUNE_CODE_DIGITS = 5;

const PROVINCE_TYPES: Choice<ProvinceType>[] = [
	{ value: 'tinh', words: ['Tỉnh', 'tinh', 'province'] },
	{ value: 'thanh_pho', words: ['Thành phố', 'Thành phố Trung ương', 'thanh_pho', 'city'] }
];

const COMMUNE_TYPES: Choice<CommuneType>[] = [
	{ value: 'xa', words: ['Xã', 'xa', 'commune'] },
	{ value: 'phuong', words: ['Phường', 'phuong', 'ward'] },
	{ value: 'dac_khu', words: ['Đặc khu', 'dac_khu', 'special zone'] }
];

type UnitLevel = { kind: 'province'; type: ProvinceType } | { kind: 'commune'; type: CommuneType };

const UNIT_LEVELS: Choice<UnitLevel>[] = [
	...PROVINCE_TYPES.map(({ value, words }) => ({ value: { kind: 'province' as const, type: value }, words })),
	...COMMUNE_TYPES.map(({ value, words }) => ({ value: { kind: 'commune' as const, type: value }, words }))
];

const CODE = { names: ['code', 'mã', 'mã số'] };
const NAME = { names: ['name', 'tên', 'tên đơn vị'] };
const TYPE = { names: ['type', 'loại', 'cấp', 'level'] };

const PROVINCE_COLUMNS = {
	code: { names: ['province_code', 'mã tỉnh', ...CODE.names] },
	name: { names: ['province_name', 'tên tỉnh', ...NAME.names] },
	type: TYPE
};

const COMMUNE_COLUMNS = {
	code: { names: ['commune_code', 'mã xã', ...CODE.names] },
	name: { names: ['commune_name', 'tên xã', ...NAME.names] },
	type: TYPE,
	provinceCode: { names: ['province_code', 'mã tỉnh', 'mã TP'] }
};

/** One row per unit: provinces have no parent, communes name their province as parent. */
const GSO_COLUMNS = {
	code: CODE,
	name: NAME,
	type: { names: ['level', 'cấp', 'type', 'loại'] },
	provinceCode: { names: ['parent_code', 'mã cấp trên', 'mã TP', 'mã tỉnh', 'province_code'] }
};

interface ProvinceRow {
	code: string;
	name: string;
	type: ProvinceType;
}

interface CommuneRow {
	code: string;
	name: string;
	type: CommuneType;
	provinceCode: string;
}

/** What the files say, checked on their own; what they refer to is checked against the database. */
interface UnitsFromFiles {
	files: string[];
	provinces: ProvinceRow[];
	communes: CommuneRow[];
	/**
	 * Well-formed province codes written in the files, even on rows with other problems, so that
	 * communes are not blamed for their province's mistake. Undefined when the provinces could not
	 * be read at all, and references cannot be judged.
	 */
	provinceCodes: Set<string> | undefined;
	provinceReferences: { code: string; place: ProblemPlace }[];
}

/**
 * Checks every row of the files first and changes nothing if any problem is found; otherwise
 * creates and updates provinces and communes by code in one transaction. Units missing from
 * the files are left as they are: people and agencies may still refer to them.
 */
export async function importAdministrativeUnits(
	db: AppDatabase,
	input: AdministrativeUnitsInput
): Promise<UnitsImportResult> {
	const log = new ProblemLog();
	const grids =
		'gsoExport' in input
			? { gsoExport: await readGrid(input.gsoExport, log) }
			: { provinces: await readGrid(input.provinces, log), communes: await readGrid(input.communes, log) };
	return importAdministrativeUnitGrids(db, grids, log);
}

/** `importAdministrativeUnits` for files already read, whose reading problems are in `log`. */
export function importAdministrativeUnitGrids(
	db: AppDatabase,
	grids: AdministrativeUnitsGrids,
	log: ProblemLog
): UnitsImportResult {
	const units = 'gsoExport' in grids ? unitsFromGsoExport(grids.gsoExport, log) : unitsFromTwoFiles(grids, log);
	return db.transaction(
		(tx) => {
			reportUnknownProvinces(tx, units, log);
			if (!log.isEmpty) return { ok: false as const, problems: log.problems };
			return { ok: true as const, ...writeUnits(tx, units) };
		},
		{ behavior: 'immediate' }
	);
}

function unitsFromTwoFiles(
	grids: { provinces: Grid | undefined; communes: Grid | undefined },
	log: ProblemLog
): UnitsFromFiles {
	const units = emptyUnits([grids.provinces, grids.communes]);
	const provinceTable = grids.provinces && tableFromGrid(grids.provinces, PROVINCE_COLUMNS, log);
	const communeTable = grids.communes && tableFromGrid(grids.communes, COMMUNE_COLUMNS, log);
	if (provinceTable) {
		const check = new TableCheck(provinceTable, log);
		units.provinceCodes = wellFormedProvinceCodes(provinceTable.rows);
		for (const row of provinceTable.rows) {
			collectProvince(check, row, check.choice(row, 'type', PROVINCE_TYPES), units);
		}
	}
	if (communeTable) {
		const check = new TableCheck(communeTable, log);
		for (const row of communeTable.rows) {
			collectCommune(check, row, check.choice(row, 'type', COMMUNE_TYPES), units);
		}
	}
	return units;
}

function unitsFromGsoExport(grid: Grid | undefined, log: ProblemLog): UnitsFromFiles {
	const units = emptyUnits([grid]);
	const table = grid && tableFromGrid(grid, GSO_COLUMNS, log);
	if (!table) return units;
	const check = new TableCheck(table, log);
	// Commune codes have five digits, so every two-digit code is meant as a province.
	units.provinceCodes = wellFormedProvinceCodes(table.rows);
	for (const row of table.rows) {
		const level = check.choice(row, 'type', UNIT_LEVELS);
		if (level?.kind === 'province') collectProvince(check, row, level.type, units);
		if (level?.kind === 'commune') collectCommune(check, row, level.type, units);
	}
	return units;
}

function emptyUnits(grids: (Grid | undefined)[]): UnitsFromFiles {
	const files = grids.flatMap((grid) => (grid ? [grid.file] : []));
	return { files, provinces: [], communes: [], provinceCodes: undefined, provinceReferences: [] };
}

function wellFormedProvinceCodes(rows: TableRow<'code'>[]): Set<string> {
	return new Set(rows.map((row) => row.values.code).filter((code) => isDigits(code, PROVINCE_CODE_DIGITS)));
}

function collectProvince(
	check: TableCheck<'code' | 'name'>,
	row: TableRow<'code' | 'name'>,
	type: ProvinceType | undefined,
	units: UnitsFromFiles
): void {
	const code = check.digits(row, 'code', PROVINCE_CODE_DIGITS);
	const name = check.required(row, 'name');
	if (code !== undefined && check.unique(row, 'code', code) && name !== undefined && type !== undefined) {
		units.provinces.push({ code, name, type });
	}
}

function collectCommune(
	check: TableCheck<'code' | 'name' | 'provinceCode'>,
	row: TableRow<'code' | 'name' | 'provinceCode'>,
	type: CommuneType | undefined,
	units: UnitsFromFiles
): void {
	const code = check.digits(row, 'code', COMMUNE_CODE_DIGITS);
	const name = check.required(row, 'name');
	const provinceCode = check.digits(row, 'provinceCode', PROVINCE_CODE_DIGITS);
	if (provinceCode !== undefined) {
		units.provinceReferences.push({ code: provinceCode, place: check.place(row, 'provinceCode') });
	}
	if (
		code !== undefined &&
		check.unique(row, 'code', code) &&
		name !== undefined &&
		type !== undefined &&
		provinceCode !== undefined
	) {
		units.communes.push({ code, name, type, provinceCode });
	}
}

function reportUnknownProvinces(tx: DbOrTx, units: UnitsFromFiles, log: ProblemLog): void {
	if (!units.provinceCodes) return;
	const stored = tx.select({ code: provinces.code }).from(provinces).all();
	const known = new Set([...units.provinceCodes, ...stored.map((province) => province.code)]);
	for (const { code, place } of units.provinceReferences) {
		if (!known.has(code)) log.add(place, 'unknown_province', { code });
	}
}

function writeUnits(tx: DbOrTx, units: UnitsFromFiles): UnitsImportCounts {
	const now = new Date();
	const provinceCounts = writeProvinces(tx, units.provinces, now);
	const communeCounts = writeCommunes(tx, units.communes, now);
	const counts = { ...addCounts(provinceCounts, communeCounts), provinces: provinceCounts, communes: communeCounts };
	if (hasChanges(counts)) {
		recordAudit(tx, {
			actorId: null,
			action: 'units.import',
			at: now,
			details: { files: units.files, provinces: provinceCounts, communes: communeCounts }
		});
	}
	return counts;
}

function writeProvinces(tx: DbOrTx, rows: ProvinceRow[], now: Date): ImportCounts {
	const stored = tx.select().from(provinces).all();
	const plan = planUpsert(rows, stored, (row, current) => row.name === current.name && row.type === current.type);
	insertRows(tx, provinces, plan.created);
	for (const { id, row } of plan.updated) {
		tx.update(provinces)
			.set({ name: row.name, type: row.type, updatedAt: now })
			.where(eq(provinces.id, id))
			.run();
	}
	return countsOf(plan);
}

function writeCommunes(tx: DbOrTx, rows: CommuneRow[], now: Date): ImportCounts {
	const provinceIds = new Map(
		tx.select({ id: provinces.id, code: provinces.code }).from(provinces).all().map((p) => [p.code, p.id])
	);
	const withProvinceId = rows.map(({ provinceCode, ...row }) => ({
		...row,
		provinceId: requireId(provinceIds, provinceCode)
	}));
	const stored = tx.select().from(communes).all();
	const plan = planUpsert(
		withProvinceId,
		stored,
		(row, current) => row.name === current.name && row.type === current.type && row.provinceId === current.provinceId
	);
	insertRows(tx, communes, plan.created);
	for (const { id, row } of plan.updated) {
		tx.update(communes)
			.set({ name: row.name, type: row.type, provinceId: row.provinceId, updatedAt: now })
			.where(eq(communes.id, id))
			.run();
	}
	return countsOf(plan);
}
