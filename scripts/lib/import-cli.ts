/**
 * What the import scripts share: the language of the report, reading the files named on the
 * command line, opening the database, and printing the outcome.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { databaseUrl, migrationsFolder } from '../../src/lib/server/config';
import { type AppDatabase, databaseFile, migrateDatabase, openDatabase } from '../../src/lib/server/db/client';
import {
	type ImportCounts,
	type Locale,
	type Problem,
	type TableSource,
	describeProblem
} from '../../src/lib/server/org';
import { m } from '../../src/lib/paraglide/messages.js';

export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** Vietnamese unless `--lang en` or an English `LANG`. */
export function reportLocale(lang: string | undefined): Locale {
	if (lang === 'en' || lang === 'vi') return lang;
	return process.env.LANG?.startsWith('en') ? 'en' : 'vi';
}

/**
 * The command line's files and options, or undefined when it cannot be understood (the caller
 * prints the usage line). `--lang` is shared by every import script.
 */
export function parseCommandLine(
	options: Record<string, { type: 'string' }>,
	fileCount: (count: number) => boolean
): { files: string[]; values: Record<string, string | undefined>; locale: Locale } | undefined {
	let parsed;
	try {
		parsed = parseArgs({
			args: process.argv.slice(2),
			options: { ...options, lang: { type: 'string' } },
			allowPositionals: true
		});
	} catch {
		return undefined;
	}
	const values = parsed.values as Record<string, string | undefined>;
	const { lang } = values;
	if (!fileCount(parsed.positionals.length) || (lang !== undefined && lang !== 'en' && lang !== 'vi')) return undefined;
	return { files: parsed.positionals, values, locale: reportLocale(lang) };
}

/** Reads each file, or prints why one cannot be read and returns undefined. */
export function readSources(files: string[], locale: Locale): TableSource[] | undefined {
	const sources: TableSource[] = [];
	for (const file of files) {
		try {
			sources.push({ name: file, bytes: readFileSync(file) });
		} catch (error) {
			const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
			console.error(
				missing
					? m.org_cli_file_missing({ file }, { locale })
					: m.org_cli_file_unreadable({ file, reason: reasonOf(error) }, { locale })
			);
			return undefined;
		}
	}
	return sources;
}

/** The configured database, migrated; or one sentence on stderr and undefined. */
export function openMigratedDatabase(locale: Locale): AppDatabase | undefined {
	const url = databaseUrl();
	try {
		const db = openDatabase(url);
		migrateDatabase(db, migrationsFolder());
		return db;
	} catch (error) {
		console.error(m.org_cli_database_unavailable({ file: databaseFile(url), reason: reasonOf(error) }, { locale }));
		return undefined;
	}
}

export function printProblems(problems: Problem[], locale: Locale): void {
	console.error(m.org_import_failed({ count: problems.length }, { locale }));
	for (const problem of problems) console.error(describeProblem(problem, locale));
}

/** Counts with the locale's digit grouping (3.321 in Vietnamese, 3,321 in English). */
export function formatCounts(counts: ImportCounts, locale: Locale): Record<keyof ImportCounts, string> {
	const format = (n: number) => n.toLocaleString(locale);
	return { created: format(counts.created), updated: format(counts.updated), unchanged: format(counts.unchanged) };
}

function reasonOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
