import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import { displayPhone } from '../../phone';
import type { FieldErrors } from '../../schemas/admin';
import type { RegistrationInput } from '../../schemas/centre';
import { foldForSearch } from '../../search-name';
import { suggestUsername } from '../admin';
import { recordAudit } from '../audit';
import { activeGrants } from '../auth/accounts';
import { groupCode, issueCode } from '../auth/codes';
import { type Viewer, canSee, outranks } from '../auth/scope';
import type { AppDatabase, DbOrTx } from '../db/client';
import { communes, consentRecords, memberships, people, roleGrants } from '../db/schema';
import { agencyTrees, loadAgencyTree } from '../people/agency-tree';

/** What the consent recorded at registration is for, as consent_records.purpose. */
export const CONSENT_PURPOSE = 'learning-account';
/**
 * The wording the facilitator read out (messages centre_consent_*). A change of wording gets a new
 * id, so each record says which text the person heard.
 */
export const CONSENT_TEXT_VERSION = 'centre-registration-2026-01';

const DAY = 24 * 60 * 60 * 1000;
/** An activation code on a printed card: long enough to come back to the centre a few weeks later. */
export const ACTIVATION_LIFETIME_MS = 30 * DAY;

/** A staff member at a commune centre, with the request for the audit trail. */
export interface CentreViewer extends Viewer {
	requestId?: string | null;
}

export interface CentreCommune {
	id: number;
	name: string;
}

const collator = new Intl.Collator('vi');

/**
 * The communes the viewer works for at a learning centre: a facilitator their own commune(s), a
 * province (or system) admin every commune of their province. Sorted by name.
 */
export function centreCommunes(db: DbOrTx, viewer: Viewer): CentreCommune[] {
	const provinceWide = viewer.grants.find(
		(grant) => (grant.role === 'province_admin' || grant.role === 'system_admin') && grant.communeId === null && grant.agencyId === null
	);
	const where = provinceWide
		? eq(communes.provinceId, provinceWide.provinceId)
		: (() => {
				const ids = viewer.grants.filter((grant) => grant.role === 'facilitator' && grant.communeId !== null).map((grant) => grant.communeId as number);
				return ids.length > 0 ? inArray(communes.id, ids) : undefined;
			})();
	if (where === undefined) return [];
	return db
		.select({ id: communes.id, name: communes.name })
		.from(communes)
		.where(where)
		.all()
		.sort((a, b) => collator.compare(a.name, b.name));
}

/** The commune, when the viewer may assist its residents (the `assist` rule of canSee); else undefined. */
export function assistedCommune(db: DbOrTx, viewer: Viewer, communeId: number): (CentreCommune & { provinceId: number }) | undefined {
	const commune = db.select({ id: communes.id, name: communes.name, provinceId: communes.provinceId }).from(communes).where(eq(communes.id, communeId)).get();
	if (!commune) return undefined;
	const unit = { kind: 'commune', provinceId: commune.provinceId, communeId: commune.id } as const;
	return canSee(viewer, unit, loadAgencyTree(db, commune.provinceId), 'assist') ? commune : undefined;
}

/** An account that may already be this person's, as the registration page lists it. */
export interface PossibleDuplicate {
	id: number;
	fullName: string;
	username: string;
	birthYear: number | null;
	phone: string | null;
	hamlet: string | null;
	commune: string | null;
	/** Whether the viewer may open its sign-in card (not their own, not an account above theirs). */
	canCard: boolean;
	/** Matched on the phone number (else on the name and birth year in the commune). */
	samePhone: boolean;
}

export interface DuplicateCheck {
	/** Matches the viewer may see, with enough to recognise the person. */
	matches: PossibleDuplicate[];
	/** Matches outside the viewer's reach (same phone in another commune): counted, never named. */
	elsewhere: number;
}

const MAX_DUPLICATES = 20;

/** Anonymised people are kept only for counts, and merged accounts live on in the one they joined. */
const live = and(isNull(people.anonymisedAt), isNull(people.mergedIntoId));

/**
 * Accounts that may already be this person's: the same phone number anywhere, or the same name
 * (ignoring case and diacritics) and birth year in the same commune. The two conditions each follow
 * an index, people(phone) and people(commune_id, search_name).
 */
export function findPossibleDuplicates(
	db: DbOrTx,
	viewer: Viewer,
	person: { fullName: string; birthYear: number; phone: string | null; commune: number }
): DuplicateCheck {
	const sameName = and(eq(people.communeId, person.commune), eq(people.searchName, foldForSearch(person.fullName)), eq(people.birthYear, person.birthYear));
	const rows = db
		.select({
			id: people.id,
			provinceId: people.provinceId,
			communeId: people.communeId,
			agencyId: people.agencyId,
			fullName: people.fullName,
			username: people.username,
			birthYear: people.birthYear,
			phone: people.phone,
			hamlet: people.hamlet,
			commune: communes.name
		})
		.from(people)
		.leftJoin(communes, eq(communes.id, people.communeId))
		.where(and(live, person.phone === null ? sameName : or(eq(people.phone, person.phone), sameName)))
		.orderBy(people.searchName, people.id)
		.limit(MAX_DUPLICATES)
		.all();
	const treeOf = agencyTrees(db);
	const matches: PossibleDuplicate[] = [];
	let elsewhere = 0;
	for (const row of rows) {
		const ref = { kind: 'person', personId: row.id, provinceId: row.provinceId, communeId: row.communeId, agencyId: row.agencyId } as const;
		if (!canSee(viewer, ref, treeOf(row.provinceId), 'assist')) {
			elsewhere++;
			continue;
		}
		matches.push({
			id: row.id,
			fullName: row.fullName,
			username: row.username,
			birthYear: row.birthYear,
			phone: row.phone === null ? null : displayPhone(row.phone),
			hamlet: row.hamlet,
			commune: row.commune,
			canCard: row.id !== viewer.personId && outranks(viewer, activeGrants(db, row.id)),
			samePhone: person.phone !== null && row.phone === person.phone
		});
	}
	return { matches, elsewhere };
}

export interface RegisteredResident {
	personId: number;
	fullName: string;
	username: string;
	commune: string;
	hamlet: string;
	/** The activation code in groups of four: it exists in clear only in this answer. */
	code: string;
	expiresAt: Date;
}

export type RegistrationOutcome =
	| ({ status: 'done' } & RegisteredResident)
	| { status: 'invalid'; errors: FieldErrors }
	/** Accounts that may be this person's were found and the facilitator has not chosen to go on. */
	| ({ status: 'duplicates' } & DuplicateCheck);

/**
 * Registers a resident at a learning centre, in one transaction: the person (learner in the
 * commune, living there from now), the consent they gave, an activation code for their sign-in
 * card, and the audit row. A commune the viewer does not assist is refused whatever the form says;
 * possible duplicates stop the registration unless `createAnyway` is set.
 */
export function registerResident(db: AppDatabase, viewer: CentreViewer, input: RegistrationInput, now = new Date()): RegistrationOutcome {
	return db.transaction((tx) => {
		const commune = assistedCommune(tx, viewer, input.commune);
		if (!commune) return { status: 'invalid', errors: { commune: m.centre_commune_not_yours() } };
		const duplicates = findPossibleDuplicates(tx, viewer, input);
		const found = duplicates.matches.length + duplicates.elsewhere;
		if (found > 0 && !input.createAnyway) return { status: 'duplicates', ...duplicates };

		const username = suggestUsername(tx, input.fullName);
		const { id: personId } = tx
			.insert(people)
			.values({
				provinceId: commune.provinceId,
				username,
				fullName: input.fullName,
				searchName: foldForSearch(input.fullName),
				phone: input.phone,
				birthYear: input.birthYear,
				communeId: commune.id,
				hamlet: input.hamlet,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: people.id })
			.get();
		tx.insert(memberships).values({ personId, kind: 'residence', communeId: commune.id, startedAt: now, recordedById: viewer.personId }).run();
		const { id: grantId } = tx
			.insert(roleGrants)
			.values({ personId, role: 'learner', provinceId: commune.provinceId, communeId: commune.id, grantedById: viewer.personId, grantedAt: now })
			.returning({ id: roleGrants.id })
			.get();
		tx.insert(consentRecords)
			.values({ personId, purpose: CONSENT_PURPOSE, textVersion: CONSENT_TEXT_VERSION, givenAt: now, recordedById: viewer.personId })
			.run();
		const { code, expiresAt } = issueCode(tx, personId, 'activation', { issuedById: viewer.personId, now, lifetimeMs: ACTIVATION_LIFETIME_MS });
		recordAudit(tx, {
			actorId: viewer.personId,
			action: 'centre.register',
			target: { type: 'person', id: personId },
			unit: { provinceId: commune.provinceId, communeId: commune.id },
			details: {
				username,
				grantId,
				consent: { purpose: CONSENT_PURPOSE, textVersion: CONSENT_TEXT_VERSION },
				activationExpiresAt: expiresAt.toISOString(),
				...(found > 0 ? { possibleDuplicates: found } : {})
			},
			requestId: viewer.requestId ?? null,
			at: now
		});
		return {
			status: 'done',
			personId,
			fullName: input.fullName,
			username,
			commune: commune.name,
			hamlet: input.hamlet,
			code: groupCode(code),
			expiresAt
		};
	});
}
