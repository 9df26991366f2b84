/**
 * Imports a province's agencies into the configured database (DATABASE_URL):
 *
 *   npm run import:agencies -- <agencies.csv|xlsx> [--province 25] [--lang en]
 *
 * The province defaults to PROVINCE_CODE. Exit status: 0 imported, 1 the file has problems
 * (nothing was changed) or the file or the database cannot be opened, 2 the command line is wrong.
 */
import { m } from '../src/lib/paraglide/messages.js';
import { activeProvinceCode } from '../src/lib/server/config';
import { importAgencies } from '../src/lib/server/org';
import { isDigits } from '../src/lib/server/org/table-check';
import {
	EXIT_PROBLEMS,
	EXIT_USAGE,
	formatCounts,
	openMigratedDatabase,
	parseCommandLine,
	printProblems,
	readSources,
	reportLocale
} from './lib/import-cli';

async function main(): Promise<number> {
	const command = parseCommandLine({ province: { type: 'string' } }, (count) => count === 1);
	const provinceCode = command?.values.province ?? activeProvinceCode();
	if (!command || !isDigits(provinceCode, 2)) {
		console.error(m.org_cli_agencies_usage({}, { locale: command?.locale ?? reportLocale(undefined) }));
		return EXIT_USAGE;
	}
	const { files, locale } = command;
	const [source] = readSources(files, locale) ?? [];
	if (!source) return EXIT_PROBLEMS;
	const db = openMigratedDatabase(locale);
	if (!db) return EXIT_PROBLEMS;
	try {
		const result = await importAgencies(db, source, { provinceCode });
		if (!result.ok) {
			printProblems(result.problems, locale);
			return EXIT_PROBLEMS;
		}
		console.log(m.org_import_ok(formatCounts(result, locale), { locale }));
		return 0;
	} finally {
		db.$client.close();
	}
}

process.exitCode = await main();
