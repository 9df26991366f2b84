/**
 * Restores a backup into a stopped instance:
 *
 *   npm run restore -- <backup file>
 *
 * The backup is checked first; the database it replaces (DATABASE_URL, default
 * data/hocvuso.sqlite) is kept beside it as <file>.before-restore-<time>. Refuses while a server
 * has the database open. Exit status: 0 restored, 1 refused or failed, 2 usage.
 */
import { databaseUrl } from '../src/lib/server/config';
import { restoreDatabase } from '../src/lib/server/db/backup';
import { databaseFile } from '../src/lib/server/db/client';

const [backup, ...rest] = process.argv.slice(2);
if (!backup || rest.length > 0) {
	console.error('Usage: npm run restore -- <backup file>   (restores into DATABASE_URL, default data/hocvuso.sqlite; stop the server first)');
	process.exit(2);
}
const target = databaseFile(databaseUrl());
try {
	const { keptAs, counts } = restoreDatabase(backup, target, new Date());
	const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
	console.log(`Restored ${backup} into ${target}: ${Object.keys(counts).length} tables, ${rows} rows.`);
	if (keptAs) console.log(`The database it replaced is kept as ${keptAs}.`);
	console.log('Start the server again: it applies any newer migrations at start.');
} catch (cause) {
	console.error(`Nothing was restored: ${cause instanceof Error ? cause.message : String(cause)}`);
	process.exit(1);
}
