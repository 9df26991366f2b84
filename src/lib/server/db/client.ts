import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A drizzle transaction handle; domain functions accept either it or the database. */
export type DbOrTx = Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete' | 'run' | 'all' | 'get' | 'query'>;

/** Accepts a plain path, `file:path` or `:memory:`. */
export function databaseFile(url: string): string {
	return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

/**
 * Opens the SQLite database with the settings every process of the platform uses: WAL so readers
 * never wait for the writer, foreign keys enforced, a busy timeout instead of instant SQLITE_BUSY,
 * and synchronous=FULL so an acknowledged write survives a power cut, not only a crash.
 */
export function openDatabase(url: string): AppDatabase {
	const file = databaseFile(url);
	if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = FULL');
	const database = drizzle(sqlite, { schema });
	// Several server processes share the file. A deferred transaction that reads and then writes
	// fails at once with SQLITE_BUSY when another process wrote in between (no busy timeout can
	// help a stale snapshot), so a transaction takes the write lock when it begins unless told otherwise.
	const transaction = database.transaction.bind(database);
	database.transaction = ((run, config) => transaction(run, { behavior: 'immediate', ...config })) as typeof database.transaction;
	return database;
}

export function migrateDatabase(db: AppDatabase, folder: string): void {
	migrate(db, { migrationsFolder: folder });
}
