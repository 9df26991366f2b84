import { readFileSync } from 'node:fs';
import path from 'node:path';
// A namespace import of the messages themselves, unlike the `m` re-export, lets the bundled start
// command (scripts/bundle.ts) keep only the messages used here instead of all of them.
import * as m from '../../paraglide/messages/_index.js';
import type { AppDatabase } from '../db/client';
import { type Locale, ProblemLog, describeProblem } from './problems';
import { readCsvGrid } from './tabular';
import { type UnitsImportCounts, importAdministrativeUnitGrids } from './units-import';

/** Shipped with the platform (GSO codes via dvhcvn, MIT); see the README in that folder. */
export const OFFICIAL_UNITS_FOLDER = 'scripts/data/vn-admin-units-2025';

/**
 * Imports the shipped official units, synchronously so start-up code stays simple. Processes run
 * from the project root, so the folder is resolved from the working directory. Throws when the
 * files have problems: that is a broken release, not bad user input.
 */
export function importOfficialUnits(db: AppDatabase, locale: Locale = 'vi'): UnitsImportCounts {
	const log = new ProblemLog();
	const grid = (file: string) =>
		readCsvGrid(
			{ name: path.join(OFFICIAL_UNITS_FOLDER, file), bytes: readFileSync(path.resolve(OFFICIAL_UNITS_FOLDER, file)) },
			log
		);
	const result = importAdministrativeUnitGrids(
		db,
		{ provinces: grid('provinces_2025.csv'), communes: grid('communes_2025.csv') },
		log
	);
	if (!result.ok) {
		const lines = result.problems.map((problem) => describeProblem(problem, locale));
		throw new Error([m.org_official_units_failed({}, { locale }), ...lines].join('\n'));
	}
	return result;
}
