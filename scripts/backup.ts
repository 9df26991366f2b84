/**
 * An online backup of the platform's database, taken while the server runs:
 *
 *   npm run backup -- <file>
 *
 * The database is DATABASE_URL (default data/hocvuso.sqlite). The copy is checked (integrity and
 * row counts printed) before the command says it is done. Signing keys (SIGNING_KEY_FILE) are not
 * in the database: back that file up separately (see docs/operations.md).
 * Exit status: 0 done, 1 failed, 2 usage.
 */
import { databaseUrl } from '../src/lib/server/config';
import { backupDatabase } from '../src/lib/server/db/backup';
import { databaseFile } from '../src/lib/server/db/client';

const [target, ...rest] = process.argv.slice(2);
if (!target || rest.length > 0) {
	console.error('Usage: npm run backup -- <backup file>   (the database is DATABASE_URL, default data/hocvuso.sqlite)');
	process.exit(2);
}
const source = databaseFile(databaseUrl());
const started = performance.now();
try {
	const { pages, counts } = await backupDatabase(source, target);
	const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
	console.log(`Backed up ${source} to ${target}: ${pages} pages, ${Object.keys(counts).length} tables, ${rows} rows, checked, in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (cause) {
	console.error(`The backup failed: ${cause instanceof Error ? cause.message : String(cause)}`);
	process.exit(1);
}
