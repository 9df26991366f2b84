/**
 * What the start command does before the first server process serves: open and migrate the
 * database, load the official administrative map into a new database, check the build still
 * matches the content folder, seed the demo province in demo mode, and fail exports a restart
 * interrupted. Stops the process with one sentence when something is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { failInterruptedExports } from '../src/lib/server/certificates/bulk';
import { activeProvinceCode, contentFolder, databaseUrl, migrationsFolder } from '../src/lib/server/config';
import { CONTENT_FINGERPRINT_FILE, contentFingerprint } from '../src/lib/server/content/fingerprint';
import { type AppDatabase, databaseFile, migrateDatabase, openDatabase } from '../src/lib/server/db/client';
import { DEMO_PASSWORD, demoAccountsWithUnits, isDemoSeeded, seedDemo } from '../src/lib/server/demo/seed';
import { hasProvince, importOfficialUnitsIfEmpty } from '../src/lib/server/org/startup';
import { failInterruptedReportJobs } from '../src/lib/server/reports/jobs';
import { stop } from './lib/stop';

/** Prepares the database; returns the lines to print once the server answers. */
export async function prepare(options: { buildDir: string; demo: boolean }): Promise<string[]> {
	const file = databaseFile(databaseUrl());
	let db: AppDatabase;
	try {
		db = openDatabase(file);
		migrateDatabase(db, migrationsFolder());
	} catch (cause) {
		stop(`Cannot start: the database ${file} could not be opened or migrated (${cause instanceof Error ? cause.message : cause}).`);
	}

	if (!existsSync(path.join(options.buildDir, 'handler.js'))) stop(`There is no production build in ${options.buildDir}/: run "npm run build" first.`);
	// The build checked the content and bundled it; a content folder edited since would not be served.
	const contentRoot = contentFolder();
	const fingerprintFile = path.join(options.buildDir, CONTENT_FINGERPRINT_FILE);
	const built = existsSync(fingerprintFile) ? readFileSync(fingerprintFile, 'utf8').trim() : null;
	if (built !== contentFingerprint(contentRoot)) stop(`Cannot start: the course content in ${contentRoot}/ has changed since the last build; run "npm run build", which checks it.`);

	const imported = importOfficialUnitsIfEmpty(db);
	if (imported) console.log(`Loaded the official administrative map: ${imported.provinces} provinces, ${imported.communes} communes.`);
	const provinceCode = activeProvinceCode();
	if (!hasProvince(db, provinceCode)) stop(`PROVINCE_CODE ${provinceCode} is not a province in the database; import the official units or fix PROVINCE_CODE.`);

	if (options.demo && !isDemoSeeded(db)) {
		await seedDemo(db, provinceCode);
		// Only a new demo needs the content parsed here: the people's history follows the courses.
		const [{ seedDemoHistory }, { catalogOfFolder }] = await Promise.all([import('../src/lib/server/demo/history'), import('../src/lib/server/content/files')]);
		const history = seedDemoHistory(db, catalogOfFolder(contentRoot), new Date());
		console.log(`Created the demo province, its agencies and accounts, and ${history.completions} completed courses of its people.`);
	}
	const lines = [`\nHọc vụ số is running at ${process.env.ORIGIN}  (database: ${file})`];
	if (options.demo) {
		const accounts = demoAccountsWithUnits(db);
		const width = Math.max(...accounts.map((a) => a.username.length));
		lines.push(`\nDemo accounts (demo mode only), all with the password: ${DEMO_PASSWORD}`);
		for (const account of accounts) lines.push(`  ${account.username.padEnd(width)}  ${account.role.padEnd(14)}  ${account.unit}`);
	}
	lines.push('\nPress Ctrl+C to stop.');
	// Nothing is preparing any more after a restart: say so rather than spin forever. Done here,
	// before any server process could start an export of its own.
	failInterruptedExports(db, new Date());
	failInterruptedReportJobs(db, new Date());
	db.$client.close();
	return lines;
}
