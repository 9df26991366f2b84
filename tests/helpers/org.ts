import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppDatabase } from '../../src/lib/server/db/client';
import type { TableSource } from '../../src/lib/server/org';

export const SHARED_UNITS = path.resolve('../shared/data/vn-admin-units-2025');
export const UNIT_FIXTURES = path.resolve('tests/fixtures/units');

/** A file as the importers receive it; text is written as UTF-8. */
export function source(name: string, content: string | Uint8Array): TableSource {
	return { name, bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content };
}

export function fileSource(folder: string, name: string): TableSource {
	return { name, bytes: readFileSync(path.join(folder, name)) };
}

export function sharedUnits() {
	return {
		provinces: fileSource(SHARED_UNITS, 'provinces_2025.csv'),
		communes: fileSource(SHARED_UNITS, 'communes_2025.csv')
	};
}

const ORG_TABLES = ['provinces', 'communes', 'agencies', 'audit_log'] as const;

/** Row counts and a checksum of every column of every row the importers may write. */
export function orgSnapshot(db: AppDatabase) {
	const counts: Record<string, unknown> = {};
	const hash = createHash('sha256');
	for (const table of ORG_TABLES) {
		counts[table] = db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
		hash.update(JSON.stringify(db.$client.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all()));
	}
	return { counts, checksum: hash.digest('hex') };
}
