/**
 * Starts the platform from the production build: opens and migrates the database, loads the
 * official administrative map into a new database, seeds the demo province in demo mode, then serves.
 *
 *   tsx scripts/start.ts [--demo]
 *
 * Environment: PORT (3000), HOST (0.0.0.0), ORIGIN (http://localhost:PORT), DATABASE_URL
 * (data/hocvuso.sqlite, or data/demo.sqlite with --demo), PROVINCE_CODE (25), BUILD_DIR (build).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../src/lib/server/content/check';
import { buildCatalog } from '../src/lib/server/content/catalog';
import { checkContentFolder, readContentFiles } from '../src/lib/server/content/files';
import { DEMO_DATABASE_FILE, activeProvinceCode, databaseUrl, migrationsFolder } from '../src/lib/server/config';
import { type AppDatabase, databaseFile, migrateDatabase, openDatabase } from '../src/lib/server/db/client';
import { seedDemoHistory } from '../src/lib/server/demo/history';
import { DEMO_PASSWORD, demoAccountsWithUnits, isDemoSeeded, seedDemo } from '../src/lib/server/demo/seed';
import { hasProvince, importOfficialUnitsIfEmpty } from '../src/lib/server/org/startup';
import { serve } from './serve';

function stop(sentence: string): never {
	console.error(sentence);
	process.exit(1);
}

const demo = process.argv.includes('--demo');
if (demo) {
	process.env.DEMO = '1';
	process.env.DATABASE_URL ||= DEMO_DATABASE_FILE;
}

const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) stop(`PORT must be a number from 1 to 65535, not "${process.env.PORT}".`);
const host = process.env.HOST || '0.0.0.0';
process.env.ORIGIN ||= `http://localhost:${port}`;

// Content is checked at build too; checking again here catches a content folder edited since.
const contentRoot = process.env.CONTENT_DIR ?? 'content';
const contentProblems = checkContentFolder(contentRoot).problems;
if (contentProblems.length > 0) stop(`Cannot start: the course content has problems:\n${contentProblems.map((p) => `  ${contentRoot}/${formatProblem(p)}`).join('\n')}`);

const file = databaseFile(databaseUrl());
let db: AppDatabase;
try {
	db = openDatabase(file);
	migrateDatabase(db, migrationsFolder());
} catch (cause) {
	stop(`Cannot start: the database ${file} could not be opened or migrated (${cause instanceof Error ? cause.message : cause}).`);
}

const buildDir = process.env.BUILD_DIR || 'build';
if (!existsSync(path.join(buildDir, 'handler.js'))) stop(`There is no production build in ${buildDir}/: run "npm run build" first.`);

const imported = importOfficialUnitsIfEmpty(db);
if (imported) console.log(`Loaded the official administrative map: ${imported.provinces} provinces, ${imported.communes} communes.`);
const provinceCode = activeProvinceCode();
if (!hasProvince(db, provinceCode)) stop(`PROVINCE_CODE ${provinceCode} is not a province in the database; import the official units or fix PROVINCE_CODE.`);

if (demo && !isDemoSeeded(db)) {
	await seedDemo(db, provinceCode);
	const history = seedDemoHistory(db, buildCatalog(readContentFiles(contentRoot)), new Date());
	console.log(`Created the demo province, its agencies and accounts, and ${history.completions} completed courses of its people.`);
}
const accounts = demo ? demoAccountsWithUnits(db) : [];
db.$client.close();

await serve({ buildDir, host, port });

console.log(`\nHọc vụ số is running at ${process.env.ORIGIN}  (database: ${file})`);
if (demo) {
	console.log(`\nDemo accounts (demo mode only), all with the password: ${DEMO_PASSWORD}`);
	const width = Math.max(...accounts.map((a) => a.username.length));
	for (const account of accounts) console.log(`  ${account.username.padEnd(width)}  ${account.role.padEnd(14)}  ${account.unit}`);
}
console.log('\nPress Ctrl+C to stop.');
