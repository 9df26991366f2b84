import { db } from './index';

/** True when the database runs a trivial query; used by the health check. */
export function databaseAnswers(): boolean {
	try {
		return db().$client.prepare('SELECT 1 AS ok').get() !== undefined;
	} catch {
		return false;
	}
}
