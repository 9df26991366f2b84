import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recordAudit } from '../audit';
import { groupCode, issueCode } from '../auth/codes';
import { outranks } from '../auth/scope';
import type { AppDatabase, DbOrTx } from '../db/client';
import { oneTimeCodes, people, roleGrants } from '../db/schema';
import { personMatches } from '../people/person-query';
import { scopedPerson } from '../people/search';
import { ACTIVATION_LIFETIME_MS, type CentreViewer, assistedCommune } from './registration';

/** What a printed sign-in card carries. The code exists in clear only while the card is rendered. */
export interface SignInCard {
	personId: number;
	fullName: string;
	username: string;
	commune: string | null;
	hamlet: string | null;
	/** The activation code in groups of four (ABCD-EFGH-JKMN). */
	code: string;
	expiresAt: Date;
}

/** A resident as the card page shows them before a new code is issued. */
export interface CardPerson {
	id: number;
	fullName: string;
	username: string;
	birthYear: number | null;
	phone: string | null;
	commune: string | null;
	hamlet: string | null;
	/** Has chosen a password: a new card then replaces it at the next sign-in. */
	activated: boolean;
	/** Expiry of the unused activation code they hold now, if any. */
	liveCodeExpiresAt: Date | null;
	/** Why no card can be issued: the account is disabled, or can do as much as the viewer or more. */
	blocked: 'disabled' | 'higher' | null;
}

/**
 * The resident behind a card page, when the viewer may assist them; null for strangers, for the
 * viewer themselves (nobody hands themselves a way into their own account) and for unknown ids alike.
 */
export function cardPerson(db: DbOrTx, viewer: CentreViewer, personId: number, now = new Date()): CardPerson | null {
	const person = scopedPerson(db, viewer, personId, 'assist');
	if (!person || person.id === viewer.personId) return null;
	const account = db.select({ passwordHash: people.passwordHash }).from(people).where(eq(people.id, person.id)).get();
	const live = db
		.select({ expiresAt: oneTimeCodes.expiresAt })
		.from(oneTimeCodes)
		.where(and(eq(oneTimeCodes.personId, person.id), eq(oneTimeCodes.purpose, 'activation'), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now)))
		.orderBy(asc(oneTimeCodes.expiresAt))
		.get();
	return {
		id: person.id,
		fullName: person.fullName,
		username: person.username,
		birthYear: person.birthYear,
		phone: person.phone,
		commune: person.commune,
		hamlet: person.hamlet,
		activated: Boolean(account?.passwordHash),
		liveCodeExpiresAt: live?.expiresAt ?? null,
		blocked: person.disabled ? 'disabled' : person.needsHigherAdmin ? 'higher' : null
	};
}

/**
 * Issues new activation codes (each replacing the person's unused ones) and returns their cards,
 * in one transaction with an audit row per person. People the viewer may not give a card to are
 * left out and counted: the page may be old, or the form forged.
 */
export function issueCards(db: AppDatabase, viewer: CentreViewer, personIds: readonly number[], now = new Date()): { cards: SignInCard[]; skipped: number } {
	return db.transaction((tx) => {
		const cards: SignInCard[] = [];
		for (const personId of personIds) {
			// The same rule as cardPerson: a person the viewer assists, not themselves, not above them.
			const person = scopedPerson(tx, viewer, personId, 'assist');
			if (!person || person.id === viewer.personId || person.disabled || person.needsHigherAdmin) continue;
			const { code, expiresAt } = issueCode(tx, person.id, 'activation', { issuedById: viewer.personId, now, lifetimeMs: ACTIVATION_LIFETIME_MS });
			recordAudit(tx, {
				actorId: viewer.personId,
				action: 'centre.card_issue',
				target: { type: 'person', id: person.id },
				unit: { provinceId: person.provinceId, communeId: person.communeId, agencyId: person.agencyId },
				details: { expiresAt: expiresAt.toISOString(), ...(personIds.length > 1 ? { batch: personIds.length } : {}) },
				requestId: viewer.requestId ?? null,
				at: now
			});
			cards.push({
				personId: person.id,
				fullName: person.fullName,
				username: person.username,
				commune: person.commune,
				hamlet: person.hamlet,
				code: groupCode(code),
				expiresAt
			});
		}
		return { cards, skipped: personIds.length - cards.length };
	});
}

/** Where the card's QR code leads: the sign-in page with the username filled in. */
export function signInAddress(origin: string, username: string): string {
	return `${origin}/sign-in?username=${encodeURIComponent(username)}`;
}

/** The QR code as inline SVG, drawn on the server as the two-factor set-up page draws its own. */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

export const RESIDENTS_PER_PAGE = 48;

export interface ResidentRow {
	id: number;
	fullName: string;
	username: string;
	birthYear: number | null;
	hamlet: string | null;
	/** Has chosen a password. */
	activated: boolean;
	disabled: boolean;
	/** Whether the viewer may print this person a card (a resident, not the viewer, not above them). */
	canCard: boolean;
}

export interface ResidentPage {
	rows: ResidentRow[];
	page: number;
	hasNext: boolean;
}

/**
 * The residents of a commune the viewer assists, by folded name, a page at a time; null when the
 * viewer does not assist that commune. Reads people(commune_id, search_name) in order.
 */
export function communeResidents(db: DbOrTx, viewer: CentreViewer, communeId: number, options: { query?: string; page?: number } = {}): ResidentPage | null {
	if (!assistedCommune(db, viewer, communeId)) return null;
	const page = Math.max(1, Math.floor(options.page ?? 1));
	const rows = db
		.select({
			id: people.id,
			fullName: people.fullName,
			username: people.username,
			birthYear: people.birthYear,
			hamlet: people.hamlet,
			passwordHash: people.passwordHash,
			disabledAt: people.disabledAt
		})
		.from(people)
		.where(and(eq(people.communeId, communeId), isNull(people.anonymisedAt), isNull(people.mergedIntoId), personMatches(options.query)))
		.orderBy(asc(people.searchName), asc(people.id))
		.limit(RESIDENTS_PER_PAGE + 1)
		.offset((page - 1) * RESIDENTS_PER_PAGE)
		.all();
	const shown = rows.slice(0, RESIDENTS_PER_PAGE);
	const grants = shown.length === 0
		? []
		: db
				.select({ personId: roleGrants.personId, role: roleGrants.role })
				.from(roleGrants)
				.where(and(inArray(roleGrants.personId, shown.map((row) => row.id)), isNull(roleGrants.revokedAt)))
				.all();
	return {
		rows: shown.map(({ passwordHash, disabledAt, ...row }) => ({
			...row,
			activated: passwordHash !== null,
			disabled: disabledAt !== null,
			canCard: disabledAt === null && row.id !== viewer.personId && outranks(viewer, grants.filter((grant) => grant.personId === row.id))
		})),
		page,
		hasNext: rows.length > RESIDENTS_PER_PAGE
	};
}
