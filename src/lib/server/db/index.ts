import { databaseUrl, migrationsFolder } from '../config';
import { type AppDatabase, migrateDatabase, openDatabase } from './client';

export { type AppDatabase, type DbOrTx, databaseFile, migrateDatabase, openDatabase } from './client';
export * as schema from './schema';

let instance: AppDatabase | undefined;

/**
 * The server's database, opened on first use. Nothing opens it at import time, so `vite build`
 * (which imports server modules) never creates a database file.
 */
export function db(): AppDatabase {
	instance ??= openDatabase(databaseUrl());
	return instance;
}

/** Opens and migrates the server's database; throws with the cause if either fails. */
export function initDatabase(): AppDatabase {
	const database = db();
	migrateDatabase(database, migrationsFolder());
	return database;
}

export function closeDatabase(): void {
	instance?.$client.close();
	instance = undefined;
}
