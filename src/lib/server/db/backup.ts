/**
 * Backups of the SQLite database: an online copy taken while the server runs (SQLite's backup
 * API copies a consistent snapshot page by page, restarting if another process writes meanwhile),
 * and a restore into a stopped instance. Both check the copy before calling it done.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export type TableCounts = Record<string, number>;

/** Rows in every table, for comparing a copy with its source. */
export function tableCounts(file: string): TableCounts {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
		return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().get() as number]));
	} finally {
		db.close();
	}
}

/** Why a file cannot be restored from, or null when it is a sound database of this platform. */
export function backupProblem(file: string): string | null {
	if (!existsSync(file)) return `there is no file ${file}`;
	let db: Database.Database | null = null;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		const check = db.pragma('integrity_check', { simple: true });
		if (check !== 'ok') return `${file} is damaged (integrity check: ${String(check)})`;
		const migrated = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").pluck().get();
		return migrated === 1 ? null : `${file} is an SQLite file but not a Học vụ số database`;
	} catch (cause) {
		return `${file} is not an SQLite database (${cause instanceof Error ? cause.message : String(cause)})`;
	} finally {
		db?.close();
	}
}

/**
 * Copies the live database into `target` (which must not exist yet) without stopping the server,
 * then checks the copy. Written beside the target first, so a half-made backup never looks whole.
 */
export async function backupDatabase(source: string, target: string): Promise<{ pages: number; counts: TableCounts }> {
	if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`);
	const partial = `${target}.part`;
	rmSync(partial, { force: true });
	const db = new Database(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		const { totalPages } = await db.backup(partial);
		const problem = backupProblem(partial);
		if (problem) throw new Error(`the copy failed its check: ${problem}`);
		renameSync(partial, target);
		return { pages: totalPages, counts: tableCounts(target) };
	} catch (cause) {
		rmSync(partial, { force: true });
		throw cause;
	} finally {
		db.close();
	}
}

/**
 * Whether another process has the database open. Leaving WAL mode needs the only connection to
 * the file, so a running server makes it fail; the server turns WAL back on when it next opens.
 */
export function databaseInUse(file: string): boolean {
	if (!existsSync(file)) return false;
	const db = new Database(file, { fileMustExist: true, timeout: 0 });
	try {
		return db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete';
	} catch {
		return true;
	} finally {
		db.close();
	}
}

/**
 * Puts a backup in place of a stopped instance's database. The database replaced is kept beside it
 * (`<file>.before-restore-<time>`) so a restore of the wrong file can itself be undone.
 */
export function restoreDatabase(backup: string, target: string, now: Date): { keptAs: string | null; counts: TableCounts } {
	const problem = backupProblem(backup);
	if (problem) throw new Error(problem);
	if (databaseInUse(target)) throw new Error(`${target} is in use: stop the server first`);
	const partial = `${target}.restoring`;
	copyFileSync(backup, partial);
	let keptAs: string | null = null;
	if (existsSync(target)) {
		keptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
		renameSync(target, keptAs);
	}
	// A stopped server leaves no WAL behind; any left from a crash belongs to the file set aside.
	for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, (keptAs ?? target) + suffix);
	renameSync(partial, target);
	return { keptAs, counts: tableCounts(target) };
}
