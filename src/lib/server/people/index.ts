/**
 * The people domain: finding the people a staff member may act on, and acting on their accounts.
 * Relative imports only, so command-line scripts use it as the server does.
 */
import type { Grant, Viewer } from '../auth/scope';

export { type ProvinceAgencies, loadAgencyTree } from './agency-tree';
export { type CreateAdminProblem, MAX_NAME_LENGTH, createSystemAdmin } from './create-admin';
export { type IssuedRecoveryCode, issuePasswordRecoveryCode } from './recovery';
export {
	PEOPLE_PAGE_SIZE,
	type PeoplePage,
	type PersonCard,
	type PersonSummary,
	type ScopeLine,
	describeScope,
	personInScope,
	searchPeopleInScope
} from './search';

/** The signed-in user as the scope rules see them. */
export const viewerOf = (user: { id: number; grants: Grant[] }): Viewer => ({ personId: user.id, grants: user.grants });

/** A person id from a URL: digits only, within SQLite's integer range; anything else is no one. */
export function parsePersonId(text: string): number | null {
	if (!/^[1-9]\d{0,14}$/.test(text)) return null;
	return Number(text);
}

/** A page number from a URL; anything that is not one means the first page. */
export function parsePageNumber(text: string | null): number {
	return text !== null && /^[1-9]\d{0,3}$/.test(text) ? Number(text) : 1;
}
export { MAX_QUERY_LENGTH, personMatches } from './person-query';
