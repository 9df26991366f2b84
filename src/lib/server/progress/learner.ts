import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type StaffGroup, people } from '../db/schema';

/** Where a person is counted right now: the units copied onto progress and completions. */
export interface LearnerUnits {
	personId: number;
	provinceId: number;
	communeId: number | null;
	agencyId: number | null;
	staffGroup: StaffGroup | null;
}

export function learnerUnits(db: DbOrTx, personId: number): LearnerUnits {
	const row = db
		.select({ personId: people.id, provinceId: people.provinceId, communeId: people.communeId, agencyId: people.agencyId, staffGroup: people.staffGroup })
		.from(people)
		.where(eq(people.id, personId))
		.get();
	if (!row) throw new Error(`No person ${personId}`);
	return row;
}
