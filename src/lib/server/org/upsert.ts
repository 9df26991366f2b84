import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../db/client';

export interface ImportCounts {
	created: number;
	updated: number;
	unchanged: number;
}

export interface UpsertPlan<R> {
	created: R[];
	updated: { id: number; row: R }[];
	unchanged: number;
}

/** Sorts imported rows by what writing them means; rows equal to what is stored are not written. */
export function planUpsert<R extends { code: string }, E extends { id: number; code: string }>(
	rows: readonly R[],
	existing: readonly E[],
	isUnchanged: (row: R, current: E) => boolean
): UpsertPlan<R> {
	const byCode = new Map(existing.map((current) => [current.code, current]));
	const plan: UpsertPlan<R> = { created: [], updated: [], unchanged: 0 };
	for (const row of rows) {
		const current = byCode.get(row.code);
		if (!current) plan.created.push(row);
		else if (isUnchanged(row, current)) plan.unchanged++;
		else plan.updated.push({ id: current.id, row });
	}
	return plan;
}

export function countsOf(plan: UpsertPlan<unknown>): ImportCounts {
	return { created: plan.created.length, updated: plan.updated.length, unchanged: plan.unchanged };
}

export function addCounts(...counts: ImportCounts[]): ImportCounts {
	return counts.reduce((sum, c) => ({
		created: sum.created + c.created,
		updated: sum.updated + c.updated,
		unchanged: sum.unchanged + c.unchanged
	}));
}

export function hasChanges(counts: ImportCounts): boolean {
	return counts.created + counts.updated > 0;
}

/** Multi-row INSERTs, small enough to stay far below SQLite's limit on bound parameters. */
export function inChunks<T>(items: readonly T[], size = 500): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

/** Looks up an id that validation has already guaranteed; a miss is a bug, not bad input. */
export function requireId(ids: ReadonlyMap<string, number>, code: string): number {
	const id = ids.get(code);
	if (id === undefined) throw new Error(`No id for code ${code} after validation`);
	return id;
}

/**
 * Inserts rows that all have the same fields through one prepared statement. For thousands of rows
 * this is several times faster than multi-row INSERTs, whose SQL drizzle builds anew for each.
 */
export function insertRows<T extends SQLiteTable>(db: DbOrTx, table: T, rows: readonly T['$inferInsert'][]): void {
	const first = rows[0];
	if (!first) return;
	const placeholders = Object.fromEntries(Object.keys(first).map((field) => [field, sql.placeholder(field)]));
	const statement = db.insert(table).values(placeholders as T['$inferInsert']).prepare();
	for (const row of rows) statement.run(row as Record<string, unknown>);
}
