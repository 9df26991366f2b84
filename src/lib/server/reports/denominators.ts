import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { agencyUnder } from '../auth/scope';
import type { Criterion } from '../content/schema';
import type { AppDatabase, DbOrTx } from '../db/client';
import { agencies, communes, criterionDenominators, people, provinces } from '../db/schema';
import { type Problem, ProblemLog } from '../org/problems';
import { TableCheck, isDigits } from '../org/table-check';
import { type TableRow, type TableSource, readTable } from '../org/tabular';
import { type ImportCounts, countsOf, planUpsert } from '../org/upsert';
import { loadAgencyTree } from '../people/agency-tree';

/**
 * The numbers a province enters per unit for a criterion whose target counts against them
 * (`target.denominator: entered`): adults of each commune from the population register, staff of
 * each agency from its establishment plan. Imported from CSV or XLSX by a province admin.
 */

/** The most people one unit may count against; the table's check constraint says the same. */
export const MAX_PEOPLE = 100_000_000;

const COMMUNE_CODE_DIGITS = 5;

const DENOMINATOR_COLUMNS = {
	code: { names: ['Mã đơn vị', 'unit code', 'mã', 'code', 'mã xã', 'commune code', 'mã cơ quan', 'agency code'] },
	name: { names: ['Tên đơn vị', 'unit name', 'tên', 'name', 'tên xã', 'tên cơ quan'], optional: true },
	people: { names: ['Số người', 'people', 'number of people', 'mẫu số', 'denominator'] }
};

type DenominatorColumn = keyof typeof DENOMINATOR_COLUMNS;

/** Communes for residents' criteria, agencies for civil servants'. */
export type UnitKind = 'commune' | 'agency';

export type DenominatorsImportResult = ({ ok: true; skipped: number } & ImportCounts) | { ok: false; problems: Problem[] };

export interface EnteredNumber {
	code: string;
	name: string;
	people: number;
	updatedAt: Date;
	/** Who set the number; null when the system did (or the person is gone from the record). */
	updatedBy: string | null;
}

interface Unit {
	id: number;
	code: string;
	name: string;
	disabled: boolean;
}

interface FileRow {
	row: TableRow<DenominatorColumn>;
	code: string;
	/** Null when the cell is empty: the unit's number is left as it is. Undefined when it is no number (reported). */
	people: number | null | undefined;
}

export function unitKindOf(criterion: Criterion): UnitKind {
	return criterion.appliesTo.people === 'civil_servants' ? 'agency' : 'commune';
}

function requireEntered(criterion: Criterion): void {
	if (criterion.target.denominator !== 'entered') {
		throw new Error(`Criterion ${criterion.id} counts its denominator; it takes no entered numbers`);
	}
}

/**
 * Reads a whole number of people: digits, optionally grouped by thousands with dots (Vietnamese),
 * commas (English) or spaces, as spreadsheets show them. Anything else, decimals included, is no
 * number of people.
 */
export function parsePeople(text: string): number | undefined {
	const compact = text.replace(/\s/gu, '');
	const grouped = /^\d{1,3}(\.\d{3})+$/.test(compact) || /^\d{1,3}(,\d{3})+$/.test(compact);
	if (!grouped && !/^\d+$/.test(compact)) return undefined;
	const value = Number(compact.replace(/[.,]/g, ''));
	return Number.isSafeInteger(value) && value <= MAX_PEOPLE ? value : undefined;
}

/**
 * Checks every row first and writes nothing if any problem is found; otherwise sets each row's
 * number for the criterion in the province, in one transaction with one audit entry. Units
 * missing from the file, and rows whose number is left empty, keep the number they had.
 */
export async function importDenominators(
	db: AppDatabase,
	source: TableSource,
	options: { criterion: Criterion; provinceId: number; actorId: number | null; requestId?: string | null; now?: Date }
): Promise<DenominatorsImportResult> {
	const { criterion, provinceId } = options;
	requireEntered(criterion);
	const log = new ProblemLog();
	const table = await readTable(source, DENOMINATOR_COLUMNS, log);
	const check = table && new TableCheck(table, log);
	const rows = check ? checkRows(check) : [];
	return db.transaction(
		(tx) => {
			const province = tx.select({ name: provinces.name }).from(provinces).where(eq(provinces.id, provinceId)).get();
			if (!province) throw new Error(`No province ${provinceId}`);
			const ids = check ? checkUnits(tx, check, rows, { criterion, provinceId, provinceName: province.name }) : new Map<string, number>();
			if (!check || !log.isEmpty) return { ok: false as const, problems: log.problems };
			const now = options.now ?? new Date();
			const given = rows.flatMap(({ code, people }) => (people === null || people === undefined ? [] : [{ code, people }]));
			const counts = writeNumbers(tx, { criterion, provinceId, actorId: options.actorId, now, given, ids });
			const skipped = rows.length - given.length;
			recordAudit(tx, {
				actorId: options.actorId,
				action: 'denominators.import',
				target: { type: 'criterion', id: criterion.id },
				unit: { provinceId },
				details: { criterion: criterion.id, file: source.name, ...counts, skipped },
				requestId: options.requestId ?? null,
				at: now
			});
			return { ok: true as const, ...counts, skipped };
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The checks a row needs alone: a code once in the file, a number of people or nothing. Returns
 * the rows whose code is to be looked up, with a bad number too, so that its code is checked as well.
 */
function checkRows(check: TableCheck<DenominatorColumn>): FileRow[] {
	return check.table.rows.flatMap((row) => {
		const code = check.required(row, 'code');
		const text = row.values.people;
		const people = text === '' ? null : parsePeople(text);
		if (people === undefined) check.report(row, 'people', 'people_invalid', { value: text });
		return code === undefined || !check.unique(row, 'code', code) ? [] : [{ row, code, people }];
	});
}

/**
 * Each code must name a unit the criterion counts in, of the right kind: a commune of the province
 * for residents, an agency of the province for civil servants. Returns the unit ids by code.
 */
function checkUnits(
	tx: DbOrTx,
	check: TableCheck<DenominatorColumn>,
	rows: FileRow[],
	context: { criterion: Criterion; provinceId: number; provinceName: string }
): Map<string, number> {
	const { criterion, provinceId } = context;
	const kind = unitKindOf(criterion);
	const inCriterion = new Map(criterionUnits(tx, criterion, provinceId).map((unit) => [unit.code, unit]));
	const communeByCode = new Map(
		tx.select({ code: communes.code, name: communes.name, provinceId: communes.provinceId }).from(communes).all().map((c) => [c.code, c])
	);
	const agencyByCode = new Map(
		tx.select({ code: agencies.code, name: agencies.name }).from(agencies).where(eq(agencies.provinceId, provinceId)).all().map((a) => [a.code, a])
	);
	const ids = new Map<string, number>();
	for (const { row, code } of rows) {
		const unit = inCriterion.get(code);
		if (unit) {
			ids.set(code, unit.id);
			continue;
		}
		const commune = communeByCode.get(code);
		const agency = agencyByCode.get(code);
		if (kind === 'commune') {
			if (commune?.provinceId === provinceId) check.report(row, 'code', 'unit_not_in_criterion', { code, name: commune.name });
			else if (agency) check.report(row, 'code', 'code_is_agency', { code, name: agency.name });
			else if (!isDigits(code, COMMUNE_CODE_DIGITS)) check.report(row, 'code', 'code_format', { value: code, digits: COMMUNE_CODE_DIGITS });
			else if (commune) check.report(row, 'code', 'commune_other_province', { code, commune: commune.name, province: context.provinceName });
			else check.report(row, 'code', 'unknown_commune', { code });
		} else if (agency) check.report(row, 'code', 'unit_not_in_criterion', { code, name: agency.name });
		else if (commune?.provinceId === provinceId) check.report(row, 'code', 'code_is_commune', { code, name: commune.name });
		else check.report(row, 'code', 'unknown_agency', { code });
	}
	return ids;
}

/** The communes or agencies of the province the criterion counts in, disabled agencies included. */
function criterionUnits(db: DbOrTx, criterion: Criterion, provinceId: number): Unit[] {
	const { appliesTo } = criterion;
	if (appliesTo.people === 'residents') {
		const listed = appliesTo.communes === 'all' ? null : new Set(appliesTo.communes);
		return db
			.select({ id: communes.id, code: communes.code, name: communes.name })
			.from(communes)
			.where(eq(communes.provinceId, provinceId))
			.all()
			.filter((commune) => !listed || listed.has(commune.code))
			.map((commune) => ({ ...commune, disabled: false }))
			.sort((a, b) => a.code.localeCompare(b.code));
	}
	const rows = db
		.select({ id: agencies.id, code: agencies.code, name: agencies.name, disabledAt: agencies.disabledAt })
		.from(agencies)
		.where(eq(agencies.provinceId, provinceId))
		.all();
	const listedIds = appliesTo.agencies === 'all' ? null : rows.filter((agency) => appliesTo.agencies.includes(agency.code)).map((agency) => agency.id);
	// A listed agency counts the people of the units under it, as reports do.
	const tree = listedIds ? loadAgencyTree(db, provinceId) : null;
	return rows
		.filter((agency) => !listedIds || !tree || listedIds.some((listedId) => agencyUnder(agency.id, listedId, tree)))
		.map(({ disabledAt, ...agency }) => ({ ...agency, disabled: disabledAt !== null }))
		.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

interface StoredNumber {
	id: number;
	code: string;
	people: number;
}

function storedNumbers(db: DbOrTx, criterion: Criterion, provinceId: number): StoredNumber[] {
	const kind = unitKindOf(criterion);
	return db
		.select({ id: criterionDenominators.id, communeCode: communes.code, agencyCode: agencies.code, people: criterionDenominators.people })
		.from(criterionDenominators)
		.leftJoin(communes, eq(communes.id, criterionDenominators.communeId))
		.leftJoin(agencies, eq(agencies.id, criterionDenominators.agencyId))
		.where(and(eq(criterionDenominators.criterionId, criterion.id), eq(criterionDenominators.provinceId, provinceId)))
		.all()
		.flatMap(({ id, communeCode, agencyCode, people }) => {
			const code = kind === 'commune' ? communeCode : agencyCode;
			return code === null ? [] : [{ id, code, people }];
		});
}

function writeNumbers(
	tx: DbOrTx,
	input: {
		criterion: Criterion;
		provinceId: number;
		actorId: number | null;
		now: Date;
		given: { code: string; people: number }[];
		ids: ReadonlyMap<string, number>;
	}
): ImportCounts {
	const { criterion, provinceId, actorId, now, ids } = input;
	const kind = unitKindOf(criterion);
	const plan = planUpsert(input.given, storedNumbers(tx, criterion, provinceId), (row, current) => row.people === current.people);
	const stamp = { updatedAt: now, updatedById: actorId };
	for (const row of plan.created) {
		const unitId = ids.get(row.code);
		if (unitId === undefined) throw new Error(`No unit for code ${row.code} after validation`);
		tx.insert(criterionDenominators)
			.values({
				criterionId: criterion.id,
				provinceId,
				communeId: kind === 'commune' ? unitId : null,
				agencyId: kind === 'agency' ? unitId : null,
				people: row.people,
				...stamp
			})
			.run();
	}
	for (const { id, row } of plan.updated) {
		tx.update(criterionDenominators)
			.set({ people: row.people, ...stamp })
			.where(eq(criterionDenominators.id, id))
			.run();
	}
	return countsOf(plan);
}

/** The numbers set for a criterion in a province, unit by unit, in the template's order. */
export function enteredNumbers(db: DbOrTx, criterion: Criterion, provinceId: number): EnteredNumber[] {
	requireEntered(criterion);
	const kind = unitKindOf(criterion);
	const rows = db
		.select({
			communeCode: communes.code,
			communeName: communes.name,
			agencyCode: agencies.code,
			agencyName: agencies.name,
			people: criterionDenominators.people,
			updatedAt: criterionDenominators.updatedAt,
			updatedBy: people.fullName
		})
		.from(criterionDenominators)
		.leftJoin(communes, eq(communes.id, criterionDenominators.communeId))
		.leftJoin(agencies, eq(agencies.id, criterionDenominators.agencyId))
		.leftJoin(people, eq(people.id, criterionDenominators.updatedById))
		.where(and(eq(criterionDenominators.criterionId, criterion.id), eq(criterionDenominators.provinceId, provinceId)))
		.all();
	const numbers = rows.flatMap((row): EnteredNumber[] => {
		const code = kind === 'commune' ? row.communeCode : row.agencyCode;
		const name = kind === 'commune' ? row.communeName : row.agencyName;
		if (code === null || name === null) return [];
		return [{ code, name, people: row.people, updatedAt: row.updatedAt, updatedBy: row.updatedBy }];
	});
	return kind === 'commune' ? numbers.sort((a, b) => a.code.localeCompare(b.code)) : numbers.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** How many units the criterion counts in: the rows a complete file has. */
export function criterionUnitCount(db: DbOrTx, criterion: Criterion, provinceId: number): number {
	return criterionUnits(db, criterion, provinceId).filter((unit) => !unit.disabled).length;
}

const UTF8_BOM = '\uFEFF';
const TEMPLATE_HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Số người'];

/**
 * A CSV file to fill in: every commune (or active agency) the criterion counts in, with its
 * current number or an empty cell. UTF-8 with a byte order mark, so Excel shows Vietnamese letters.
 */
export function denominatorTemplate(db: DbOrTx, criterion: Criterion, provinceId: number): { fileName: string; text: string } {
	requireEntered(criterion);
	const current = new Map(enteredNumbers(db, criterion, provinceId).map((entry) => [entry.code, entry.people]));
	const units = criterionUnits(db, criterion, provinceId).filter((unit) => !unit.disabled);
	const lines = [TEMPLATE_HEADER, ...units.map((unit) => [unit.code, spreadsheetSafe(unit.name), String(current.get(unit.code) ?? '')])];
	return { fileName: `so-nguoi-${criterion.id}.csv`, text: UTF8_BOM + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n' };
}

function csvCell(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A name a spreadsheet would run as a formula is shown as text instead (names are not read back). */
function spreadsheetSafe(name: string): string {
	return /^[=+\-@\t\r]/.test(name) ? `'${name}` : name;
}
