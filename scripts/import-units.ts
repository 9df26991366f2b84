/**
 * Imports the administrative map into the configured database (DATABASE_URL):
 *
 *   npm run import:units -- <provinces.csv> <communes.csv> [--lang en]
 *   npm run import:units -- <gso-export.csv|xlsx> [--lang en]
 *
 * Exit status: 0 imported, 1 the files have problems (nothing was changed) or a file or the
 * database cannot be opened, 2 the command line is wrong.
 */
import { m } from '../src/lib/paraglide/messages.js';
import { type AdministrativeUnitsInput, type TableSource, importAdministrativeUnits } from '../src/lib/server/org';
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

function unitsInput([first, second]: TableSource[]): AdministrativeUnitsInput | undefined {
	if (first && second) return { provinces: first, communes: second };
	if (first) return { gsoExport: first };
	return undefined;
}

async function main(): Promise<number> {
	const command = parseCommandLine({}, (count) => count === 1 || count === 2);
	if (!command) {
		console.error(m.org_cli_units_usage({}, { locale: reportLocale(undefined) }));
		return EXIT_USAGE;
	}
	const { files, locale } = command;
	const sources = readSources(files, locale);
	const input = sources && unitsInput(sources);
	if (!input) return EXIT_PROBLEMS;
	const db = openMigratedDatabase(locale);
	if (!db) return EXIT_PROBLEMS;
	try {
		const result = await importAdministrativeUnits(db, input);
		if (!result.ok) {
			printProblems(result.problems, locale);
			return EXIT_PROBLEMS;
		}
		console.log(m.org_import_ok(formatCounts(result, locale), { locale }));
		console.log(m.org_import_provinces_counts(formatCounts(result.provinces, locale), { locale }));
		console.log(m.org_import_communes_counts(formatCounts(result.communes, locale), { locale }));
		return 0;
	} finally {
		db.$client.close();
	}
}

process.exitCode = await main();
