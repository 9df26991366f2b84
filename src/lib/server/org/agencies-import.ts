import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type AgencyLevel, agencies, communes, provinces } from '../db/schema';
import { type Problem, ProblemLog } from './problems';
import { type Choice, TableCheck, findChoice, isDigits } from './table-check';
import { type Table, type TableRow, type TableSource, readTable } from './tabular';
import { type ImportCounts, countsOf, hasChanges, planUpsert, requireId } from './upsert';

export type AgenciesImportResult = ({ ok: true } & ImportCounts) | { ok: false; problems: Problem[] };

const COMMUNE_CODE_DIGITS = 5;

const AGENCY_LEVELS: Choice<AgencyLevel>[] = [
	{ value: 'province', words: ['cấp tỉnh', 'tỉnh', 'province'] },
	{ value: 'commune', words: ['cấp xã', 'xã', 'commune'] }
];

const AGENCY_COLUMNS = {
	code: { names: ['code', 'agency_code', 'mã', 'mã cơ quan', 'mã đơn vị'] },
	name: { names: ['name', 'agency_name', 'tên', 'tên cơ quan', 'tên đơn vị'] },
	level: { names: ['level', 'cấp'] },
	communeCode: { names: ['commune_code', 'mã xã'], optional: true },
	parentCode: { names: ['parent_code', 'mã cấp trên', 'mã cơ quan cấp trên'], optional: true }
};

type AgencyColumn = keyof typeof AGENCY_COLUMNS;

interface AgencyRow {
	code: string;
	name: string;
	level: AgencyLevel;
	communeCode: string | undefined;
	parentCode: string | undefined;
}

interface Province {
	id: number;
	code: string;
	name: string;
}

interface StoredAgency {
	id: number;
	code: string;
	name: string;
	level: AgencyLevel;
	communeId: number | null;
	parentCode: string | undefined;
}

/**
 * Checks every row first and changes nothing if any problem is found; otherwise creates and
 * updates the province's agencies by code in one transaction. Agencies missing from the file
 * are left as they are.
 */
export async function importAgencies(
	db: AppDatabase,
	source: TableSource,
	options: { provinceCode: string }
): Promise<AgenciesImportResult> {
	const log = new ProblemLog();
	const table = await readTable(source, AGENCY_COLUMNS, log);
	const check = table && new TableCheck(table, log);
	const rows = check ? checkRows(check) : [];
	return db.transaction(
		(tx) => {
			const province = findProvince(tx, options.provinceCode);
			if (!province) log.add({ file: source.name }, 'province_not_in_system', { code: options.provinceCode });
			const references = province && check ? checkReferences(tx, check, province) : undefined;
			if (!province || !references || !log.isEmpty) return { ok: false as const, problems: log.problems };
			return { ok: true as const, ...writeAgencies(tx, { province, rows, file: source.name, ...references }) };
		},
		{ behavior: 'immediate' }
	);
}

function findProvince(tx: DbOrTx, code: string): Province | undefined {
	return tx
		.select({ id: provinces.id, code: provinces.code, name: provinces.name })
		.from(provinces)
		.where(eq(provinces.code, code))
		.get();
}

function checkRows(check: TableCheck<AgencyColumn>): AgencyRow[] {
	return check.table.rows.flatMap((row) => {
		const code = check.required(row, 'code');
		const name = check.required(row, 'name');
		const level = check.choice(row, 'level', AGENCY_LEVELS);
		const commune = level && checkCommuneCode(check, row, level);
		const parentCode = row.values.parentCode || undefined;
		if (code === undefined || !check.unique(row, 'code', code) || name === undefined || !level || !commune?.ok) {
			return [];
		}
		return [{ code, name, level, communeCode: commune.code, parentCode }];
	});
}

/** A commune-level agency names its commune; a province-level one must not. */
function checkCommuneCode(
	check: TableCheck<AgencyColumn>,
	row: TableRow<AgencyColumn>,
	level: AgencyLevel
): { ok: boolean; code?: string } {
	const written = row.values.communeCode;
	if (level === 'province') {
		if (written) check.report(row, 'communeCode', 'commune_for_province_level', {});
		return { ok: !written };
	}
	if (!written) {
		check.report(row, 'communeCode', 'commune_required', {});
		return { ok: false };
	}
	const code = check.digits(row, 'communeCode', COMMUNE_CODE_DIGITS);
	return { ok: code !== undefined, code };
}

/** Checks what the rows refer to: communes of the province, and parents without loops. */
function checkReferences(tx: DbOrTx, check: TableCheck<AgencyColumn>, province: Province) {
	const stored = storedAgencies(tx, province);
	checkParents(check, stored);
	return { stored, communeIds: checkCommunes(tx, check, province) };
}

function storedAgencies(tx: DbOrTx, province: Province): StoredAgency[] {
	const rows = tx
		.select({
			id: agencies.id,
			code: agencies.code,
			name: agencies.name,
			level: agencies.level,
			communeId: agencies.communeId,
			parentAgencyId: agencies.parentAgencyId
		})
		.from(agencies)
		.where(eq(agencies.provinceId, province.id))
		.all();
	const codeOfId = new Map(rows.map((agency) => [agency.id, agency.code]));
	return rows.map(({ parentAgencyId, ...agency }) => ({
		...agency,
		parentCode: parentAgencyId === null ? undefined : codeOfId.get(parentAgencyId)
	}));
}

/** Reports communes that are unknown or in another province; returns the ids of the rest by code. */
function checkCommunes(tx: DbOrTx, check: TableCheck<AgencyColumn>, province: Province): Map<string, number> {
	const stored = tx
		.select({ id: communes.id, code: communes.code, name: communes.name, provinceId: communes.provinceId })
		.from(communes)
		.all();
	const byCode = new Map(stored.map((commune) => [commune.code, commune]));
	const ids = new Map<string, number>();
	for (const row of check.table.rows) {
		const code = row.values.communeCode;
		if (findChoice(AGENCY_LEVELS, row.values.level) !== 'commune' || !isDigits(code, COMMUNE_CODE_DIGITS)) continue;
		const commune = byCode.get(code);
		if (!commune) check.report(row, 'communeCode', 'unknown_commune', { code });
		else if (commune.provinceId !== province.id) {
			check.report(row, 'communeCode', 'commune_other_province', { code, commune: commune.name, province: province.name });
		} else ids.set(code, commune.id);
	}
	return ids;
}

/**
 * A parent must be an agency of the file or of the province, and following parents upwards must
 * end: the file's rows are laid over the stored agencies, so a loop through both is found too.
 */
function checkParents(check: TableCheck<AgencyColumn>, stored: StoredAgency[]): void {
	const rowOfCode = firstRowOfEachCode(check.table);
	const parentOf = new Map(stored.map((agency) => [agency.code, agency.parentCode]));
	for (const [code, row] of rowOfCode) parentOf.set(code, row.values.parentCode || undefined);
	for (const row of check.table.rows) {
		const parentCode = row.values.parentCode;
		if (parentCode && !parentOf.has(parentCode)) check.report(row, 'parentCode', 'unknown_parent', { code: parentCode });
	}
	for (const cycle of findCycles(parentOf, [...rowOfCode.keys()])) {
		// A loop among stored agencies alone was not made by this file.
		const [first] = cycle.flatMap((code) => rowOfCode.get(code) ?? []).sort((a, b) => a.line - b.line);
		if (!first) continue;
		const start = cycle.indexOf(first.values.code);
		const chain = [...cycle.slice(start), ...cycle.slice(0, start), first.values.code].join(' → ');
		check.report(first, 'parentCode', 'parent_cycle', { chain });
	}
}

function firstRowOfEachCode(table: Table<AgencyColumn>): Map<string, TableRow<AgencyColumn>> {
	const rows = new Map<string, TableRow<AgencyColumn>>();
	for (const row of table.rows) {
		if (row.values.code && !rows.has(row.values.code)) rows.set(row.values.code, row);
	}
	return rows;
}

/** Each loop reachable from `starts`, once, as the codes along it. */
function findCycles(parentOf: ReadonlyMap<string, string | undefined>, starts: string[]): string[][] {
	const settled = new Set<string>();
	const cycles: string[][] = [];
	for (const start of starts) {
		const path: string[] = [];
		const onPath = new Set<string>();
		let code: string | undefined = start;
		while (code !== undefined && !settled.has(code) && !onPath.has(code)) {
			path.push(code);
			onPath.add(code);
			code = parentOf.get(code);
		}
		if (code !== undefined && onPath.has(code)) cycles.push(path.slice(path.indexOf(code)));
		for (const visited of path) settled.add(visited);
	}
	return cycles;
}

function writeAgencies(
	tx: DbOrTx,
	input: {
		province: Province;
		rows: AgencyRow[];
		stored: StoredAgency[];
		communeIds: ReadonlyMap<string, number>;
		file: string;
	}
): ImportCounts {
	const { province, stored, communeIds } = input;
	const communeIdOf = (row: AgencyRow) => (row.communeCode ? requireId(communeIds, row.communeCode) : null);
	const plan = planUpsert(
		input.rows,
		stored,
		(row, current) =>
			row.name === current.name &&
			row.level === current.level &&
			communeIdOf(row) === current.communeId &&
			row.parentCode === current.parentCode
	);
	const now = new Date();
	const ids = new Map(stored.map((agency) => [agency.code, agency.id]));
	const storedIdOf = new Map(plan.updated.map(({ id, row }) => [row, id]));
	for (const row of parentsFirst([...plan.created, ...storedIdOf.keys()])) {
		const values = {
			name: row.name,
			level: row.level,
			communeId: communeIdOf(row),
			parentAgencyId: row.parentCode ? requireId(ids, row.parentCode) : null
		};
		const storedId = storedIdOf.get(row);
		if (storedId === undefined) {
			const created = tx
				.insert(agencies)
				.values({ ...values, provinceId: province.id, code: row.code })
				.returning({ id: agencies.id })
				.get();
			ids.set(row.code, created.id);
		} else {
			tx.update(agencies)
				.set({ ...values, updatedAt: now })
				.where(eq(agencies.id, storedId))
				.run();
		}
	}
	const counts = countsOf(plan);
	if (hasChanges(counts)) {
		recordAudit(tx, {
			actorId: null,
			action: 'agencies.import',
			at: now,
			unit: { provinceId: province.id },
			details: { file: input.file, ...counts }
		});
	}
	return counts;
}

/** Orders the rows to write so that a parent this import creates exists before a child refers to it. */
function parentsFirst(rows: AgencyRow[]): AgencyRow[] {
	const byCode = new Map(rows.map((row) => [row.code, row]));
	const ordered: AgencyRow[] = [];
	const placed = new Set<string>();
	const place = (row: AgencyRow) => {
		if (placed.has(row.code)) return;
		placed.add(row.code);
		const parent = row.parentCode === undefined ? undefined : byCode.get(row.parentCode);
		if (parent) place(parent);
		ordered.push(row);
	};
	rows.forEach(place);
	return ordered;
}
