/**
 * Fills a separate database with a synthetic province, for benchmarks:
 *
 *   npm run seed:synthetic -- --province 25 --learners 1000000 --db /tmp/synthetic.sqlite [--seed 1]
 *
 * Refuses the demo and default databases and any database that already has people. Everyone
 * signs in with the password printed at the end. Exit status: 0 done, 1 refused or failed, 2 usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/lib/server/auth/password';
import { catalogOfFolder } from '../src/lib/server/content/files';
import { DEFAULT_DATABASE_FILE, DEMO_DATABASE_FILE, contentFolder, migrationsFolder } from '../src/lib/server/config';
import { migrateDatabase, openDatabase } from '../src/lib/server/db/client';
import { DISTRIBUTIONS, seedSyntheticProvince } from '../src/lib/server/demo/synthetic';
import { importOfficialUnitsIfEmpty } from '../src/lib/server/org/startup';

export const SYNTHETIC_PASSWORD = 'tinh-tong-hop-2026';

const usage = 'Usage: npm run seed:synthetic -- --province 25 --learners 1000000 --db <file> [--seed 1]';
let values: { province?: string; learners?: string; db?: string; seed?: string };
try {
	({ values } = parseArgs({ options: { province: { type: 'string', default: '25' }, learners: { type: 'string' }, db: { type: 'string' }, seed: { type: 'string', default: '1' } } }));
} catch (cause) {
	console.error(`${cause instanceof Error ? cause.message : String(cause)}\n${usage}`);
	process.exit(2);
}
const learners = Number(values.learners);
const seed = Number(values.seed);
if (!values.db || !Number.isInteger(learners) || learners < 1 || learners > 5_000_000 || !Number.isInteger(seed) || !/^\d{2}$/.test(values.province ?? '')) {
	console.error(usage);
	process.exit(2);
}
const file = path.resolve(values.db);
if ([DEFAULT_DATABASE_FILE, DEMO_DATABASE_FILE, process.env.DATABASE_URL ?? DEFAULT_DATABASE_FILE].some((protectedFile) => path.resolve(protectedFile) === file)) {
	console.error(`Refused: ${file} is the platform's own database. Give the synthetic province a file of its own.`);
	process.exit(1);
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const db = openDatabase(file);
try {
	migrateDatabase(db, migrationsFolder());
	importOfficialUnitsIfEmpty(db);
	// Only for the load: a crash midway leaves a file to delete, not data anyone relies on.
	db.$client.pragma('synchronous = OFF');
	db.$client.pragma('cache_size = -262144');
	const catalog = catalogOfFolder(contentFolder());
	const counts = seedSyntheticProvince(db, catalog, {
		provinceCode: values.province!,
		learners,
		seed,
		now: new Date(),
		passwordHash: await hashPassword(SYNTHETIC_PASSWORD),
		progress: (line) => console.log(`  ${seconds()} s: ${line}`)
	});
	db.$client.pragma('synchronous = FULL');
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.exec('ANALYZE');
	console.log(`\nSynthetic province ${values.province} in ${file}, in ${seconds()} s:`);
	for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(15)} ${n.toLocaleString('en')}`);
	console.log('\nDistributions:');
	for (const [name, text] of Object.entries(DISTRIBUTIONS)) console.log(`  ${name}: ${text}`);
	console.log(`\nEvery synthetic person (usernames th0, th1, …) signs in with the password: ${SYNTHETIC_PASSWORD}`);
} catch (cause) {
	console.error(`The synthetic province was not made: ${cause instanceof Error ? cause.message : String(cause)}`);
	process.exitCode = 1;
} finally {
	db.$client.close();
}
