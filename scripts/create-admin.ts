/**
 * Creates the first system administrator of a production deployment:
 *
 *   npm run create-admin -- --username <username> --name "<full name>" [--lang en]
 *
 * The password comes from ADMIN_PASSWORD or, when that is unset and this runs in a terminal, is
 * asked twice without echo. The database is DATABASE_URL (migrated first), the province
 * PROVINCE_CODE; a new database gets the official map first, as at server start.
 * Exit status: 0 created, 1 refused (nothing was created), 2 the command line is wrong.
 */
import { parseArgs } from 'node:util';
import { m } from '../src/lib/paraglide/messages.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../src/lib/server/auth/password-policy';
import { activeProvinceCode } from '../src/lib/server/config';
import { importOfficialUnitsIfEmpty } from '../src/lib/server/org/startup';
import { type CreateAdminProblem, MAX_NAME_LENGTH, createSystemAdmin } from '../src/lib/server/people';
import { EXIT_PROBLEMS, EXIT_USAGE, openMigratedDatabase, reportLocale } from './lib/import-cli';

type Locale = ReturnType<typeof reportLocale>;

function commandLine(): { username: string; name: string; locale: Locale } | undefined {
	try {
		const { values, positionals } = parseArgs({
			args: process.argv.slice(2),
			options: { username: { type: 'string' }, name: { type: 'string' }, lang: { type: 'string' } },
			allowPositionals: true
		});
		const { username, name, lang } = values;
		if (positionals.length > 0 || !username || name === undefined || (lang !== undefined && lang !== 'en' && lang !== 'vi')) return undefined;
		return { username, name, locale: reportLocale(lang) };
	} catch {
		return undefined;
	}
}

/** Reads a line from the terminal without showing it; Ctrl+C stops the command. */
function askHidden(question: string): Promise<string> {
	const input = process.stdin;
	process.stdout.write(question);
	input.setRawMode(true);
	input.resume();
	input.setEncoding('utf8');
	let typed = '';
	return new Promise((resolve) => {
		const onData = (chunk: string) => {
			for (const char of chunk) {
				if (char === '\u0003') {
					process.stdout.write('\n');
					process.exit(130);
				} else if (char === '\r' || char === '\n' || char === '\u0004') {
					input.setRawMode(false);
					input.pause();
					input.off('data', onData);
					process.stdout.write('\n');
					resolve(typed);
					return;
				} else if (char === '\u007f' || char === '\b') {
					typed = [...typed].slice(0, -1).join('');
				} else {
					typed += char;
				}
			}
		};
		input.on('data', onData);
	});
}

/** ADMIN_PASSWORD, or typed twice in a terminal; a sentence when neither works. */
async function readPassword(locale: Locale): Promise<{ password: string } | { problem: string; exit: number }> {
	const fromEnvironment = process.env.ADMIN_PASSWORD;
	if (fromEnvironment !== undefined && fromEnvironment !== '') return { password: fromEnvironment };
	if (!process.stdin.isTTY) return { problem: m.people_cli_no_password({}, { locale }), exit: EXIT_USAGE };
	const password = await askHidden(m.people_cli_password_prompt({}, { locale }));
	const again = await askHidden(m.people_cli_password_again({}, { locale }));
	return password === again ? { password } : { problem: m.people_cli_password_mismatch({}, { locale }), exit: EXIT_PROBLEMS };
}

function describeProblem(problem: CreateAdminProblem, details: { username: string; provinceCode: string }, locale: Locale): string {
	const options = { locale };
	switch (problem) {
		case 'too_short':
			return m.password_too_short({ min: PASSWORD_MIN_LENGTH }, options);
		case 'too_long':
			return m.password_too_long({ max: PASSWORD_MAX_LENGTH }, options);
		case 'common':
			return m.password_common({}, options);
		case 'same_as_username':
			return m.password_same_as_username({}, options);
		case 'username_invalid':
			return m.people_cli_username_invalid({}, options);
		case 'username_taken':
			return m.people_cli_username_taken({ username: details.username }, options);
		case 'name_missing':
			return m.people_cli_name_missing({}, options);
		case 'name_too_long':
			return m.people_cli_name_too_long({ max: MAX_NAME_LENGTH }, options);
		case 'unknown_province':
			return m.people_cli_unknown_province({ code: details.provinceCode }, options);
	}
}

async function main(): Promise<number> {
	const command = commandLine();
	if (!command) {
		console.error(m.people_cli_usage({}, { locale: reportLocale(undefined) }));
		return EXIT_USAGE;
	}
	const { username, name, locale } = command;
	const read = await readPassword(locale);
	if ('problem' in read) {
		console.error(read.exit === EXIT_USAGE ? read.problem : m.people_cli_refused({ reason: read.problem }, { locale }));
		return read.exit;
	}

	const db = openMigratedDatabase(locale);
	if (!db) return EXIT_PROBLEMS;
	try {
		const imported = importOfficialUnitsIfEmpty(db);
		if (imported) {
			const count = (n: number) => n.toLocaleString(locale);
			console.log(m.people_cli_map_loaded({ provinces: count(imported.provinces), communes: count(imported.communes) }, { locale }));
		}
		const provinceCode = activeProvinceCode();
		const result = await createSystemAdmin(db, { username, fullName: name, password: read.password, provinceCode });
		if (!result.ok) {
			const reason = describeProblem(result.problem, { username: result.username, provinceCode }, locale);
			console.error(m.people_cli_refused({ reason }, { locale }));
			return EXIT_PROBLEMS;
		}
		console.log(m.people_cli_created({ username: result.username, name: result.fullName, province: result.provinceName }, { locale }));
		return 0;
	} finally {
		db.$client.close();
	}
}

process.exitCode = await main();
