/** The org domain's API: administrative units and agencies, and their importers. */
export { type AgenciesImportResult, importAgencies } from './agencies-import';
export { OFFICIAL_UNITS_FOLDER, importOfficialUnits } from './official-units';
export { type Locale, type Problem, type ProblemCode, describeProblem } from './problems';
export { MAX_TABLE_BYTES, type TableSource } from './tabular';
export { type ImportCounts } from './upsert';
export {
	type AdministrativeUnitsInput,
	type UnitsImportCounts,
	type UnitsImportResult,
	importAdministrativeUnits
} from './units-import';
