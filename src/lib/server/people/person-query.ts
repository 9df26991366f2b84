import { type SQL, and, eq, or, sql } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import { normalisePhone } from '../../phone';
import { foldForSearch } from '../../search-name';
import { people } from '../db/schema';

/** Longer input is not a name, username or phone number; cutting it keeps the LIKE patterns small. */
export const MAX_QUERY_LENGTH = 100;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const likeEscaped = (column: AnyColumn, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;

/**
 * A search box's text as a condition on people, the same for every page that finds people: every
 * word starts a word of the folded name ("nguyen an" finds "Nguyễn Văn An", "an" does not find
 * "Lan"), or the text starts a username, or it is a phone number written any usual way.
 */
export function personMatches(query: string | undefined): SQL | undefined {
	const text = query?.normalize('NFC').trim().slice(0, MAX_QUERY_LENGTH);
	if (!text) return undefined;
	const words = foldForSearch(text).split(' ').filter(Boolean);
	const name = and(
		...words.map((word) => or(likeEscaped(people.searchName, `${escapeLike(word)}%`), likeEscaped(people.searchName, `% ${escapeLike(word)}%`)))
	);
	const phone = normalisePhone(text);
	return or(name, likeEscaped(people.username, `${escapeLike(text.toLowerCase())}%`), phone ? eq(people.phone, phone) : undefined);
}
