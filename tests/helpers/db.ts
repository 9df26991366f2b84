import path from 'node:path';
import { type AppDatabase, migrateDatabase, openDatabase } from '../../src/lib/server/db/client';

/** A fresh in-memory database with the real migrations applied. */
export function testDatabase(): AppDatabase {
	const db = openDatabase(':memory:');
	migrateDatabase(db, path.resolve('drizzle'));
	return db;
}
