/**
 * Starts the platform from the production build: opens and migrates the database, loads the
 * official administrative map into a new database, seeds the demo province in demo mode, then serves.
 * `npm run build` bundles this file into build/start.js, which `npm start` runs with plain Node.
 *
 *   node build/start.js [--demo]
 *
 * Environment: PORT (3000), HOST (0.0.0.0), ORIGIN (http://localhost:PORT), DATABASE_URL
 * (data/hocvuso.sqlite, or data/demo.sqlite with --demo), PROVINCE_CODE (25), BUILD_DIR (build).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_FINGERPRINT_FILE, contentFingerprint } from '../src/lib/server/content/fingerprint';
import { DEMO_DATABASE_FILE, activeProvinceCode, buildFolder, databaseUrl, migrationsFolder } from '../src/lib/server/config';
import { type AppDatabase, databaseFile, migrateDatabase, openDatabase } from '../src/lib/server/db/client';
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

const file = databaseFile(databaseUrl());
let db: AppDatabase;
try {
	db = openDatabase(file);
	migrateDatabase(db, migrationsFolder());
} catch (cause) {
	stop(`Cannot start: the database ${file} could not be opened or migrated (${cause instanceof Error ? cause.message : cause}).`);
}

const buildDir = buildFolder();
if (!existsSync(path.join(buildDir, 'handler.js'))) stop(`There is no production build in ${buildDir}/: run "npm run build" first.`);
// The build checked the content and bundled it; a content folder edited since would not be served.
const contentRoot = process.env.CONTENT_DIR ?? 'content';
const fingerprintFile = path.join(buildDir, CONTENT_FINGERPRINT_FILE);
const built = existsSync(fingerprintFile) ? readFileSync(fingerprintFile, 'utf8').trim() : null;
if (built !== contentFingerprint(contentRoot)) stop(`Cannot start: the course content in ${contentRoot}/ has changed since the last build; run "npm run build", which checks it.`);

const imported = importOfficialUnitsIfEmpty(db);
if (imported) console.log(`Loaded the official administrative map: ${imported.provinces} provinces, ${imported.communes} communes.`);
const provinceCode = activeProvinceCode();
if (!hasProvince(db, provinceCode)) stop(`PROVINCE_CODE ${provinceCode} is not a province in the database; import the official units or fix PROVINCE_CODE.`);

if (demo && !isDemoSeeded(db)) {
	await seedDemo(db, provinceCode);
	// Only a new demo needs the content parsed here: the people's history follows the courses.
	const [{ seedDemoHistory }, { catalogOfFolder }] = await Promise.all([import('../src/lib/server/demo/history'), import('../src/lib/server/content/files')]);
	const history = seedDemoHistory(db, catalogOfFolder(contentRoot), new Date());
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
