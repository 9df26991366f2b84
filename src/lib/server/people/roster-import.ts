import { and, eq, inArray, isNull } from 'drizzle-orm';
import { normalisePhone } from '../../phone';
import { foldForSearch } from '../../search-name';
import { usernameSuggester } from '../admin/accounts';
import { recordAudit } from '../audit';
import { type AgencyTree, type Viewer, agencyUnder } from '../auth/scope';
import { groupCode, issueCodes } from '../auth/codes';
import type { AppDatabase, DbOrTx } from '../db/client';
import { type StaffGroup, agencies, memberships, people, roleGrants } from '../db/schema';
import { type Problem, ProblemLog, type ProblemParams } from '../org/problems';
import { type Choice, TableCheck } from '../org/table-check';
import { type TableRow, type TableSource, readTable } from '../org/tabular';
import { type ImportCounts, inChunks } from '../org/upsert';
import { loadAgencyTree } from './agency-tree';
import { MAX_NAME_LENGTH } from './create-admin';

/**
 * Civil servants enrolled in bulk from their agency's spreadsheet: each row creates an account, or
 * updates the one already holding the row's phone number or email address.
 */

/** Staff receive their codes on paper from their agency, which takes longer than a recovery code's day. */
export const ACTIVATION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

const MAX_EMAIL_LENGTH = 254;
const MAX_POSITION_LENGTH = 200;
// Deliberately loose: the address is for matching and contact, not delivery, and typos show on the preview.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export const ROSTER_COLUMNS = {
	fullName: { names: ['Họ và tên', 'full name', 'full_name', 'họ tên', 'name', 'tên'] },
	phone: { names: ['Số điện thoại', 'phone', 'điện thoại', 'sđt', 'số đt', 'phone number'], optional: true },
	email: { names: ['Email', 'e-mail', 'thư điện tử'], optional: true },
	agencyCode: { names: ['Mã cơ quan', 'agency code', 'agency_code', 'mã đơn vị', 'agency'] },
	position: { names: ['Chức vụ', 'position', 'vị trí', 'chức danh', 'job title'], optional: true },
	staffGroup: { names: ['Nhóm', 'staff group', 'staff_group', 'ngạch', 'nhóm cán bộ', 'loại'] }
};

type RosterColumn = keyof typeof ROSTER_COLUMNS;

const STAFF_GROUP_CHOICES: Choice<StaffGroup>[] = [
	{ value: 'can_bo', words: ['cán bộ', 'can_bo', 'can bo'] },
	{ value: 'cong_chuc', words: ['công chức', 'cong_chuc', 'cong chuc'] },
	{ value: 'vien_chuc', words: ['viên chức', 'vien_chuc', 'vien chuc'] }
];

/** Who may import a roster, and for which agencies. */
export interface RosterScope {
	personId: number;
	provinceId: number;
	/** The agencies whose staff (and their sub-units' staff) the importer enrols; null for every agency of the province. */
	agencyIds: number[] | null;
	requestId: string | null;
}

/**
 * Admins enrol staff anywhere in their province; a manager only in the agencies they were granted.
 * A commune's manager and the province-wide read-only manager import nothing: the first looks after
 * residents (whose accounts come from the centre's assisted registration), the second only reads.
 */
export function rosterScope(viewer: Viewer, requestId: string | null = null): RosterScope | null {
	const admin = viewer.grants.find((g) => g.role === 'system_admin') ?? viewer.grants.find((g) => g.role === 'province_admin');
	if (admin) return { personId: viewer.personId, provinceId: admin.provinceId, agencyIds: null, requestId };
	const managed = viewer.grants.filter((g) => g.role === 'unit_manager' && g.agencyId !== null);
	const first = managed[0];
	if (!first) return null;
	const agencyIds = managed.filter((g) => g.provinceId === first.provinceId).flatMap((g) => (g.agencyId === null ? [] : [g.agencyId]));
	return { personId: viewer.personId, provinceId: first.provinceId, agencyIds, requestId };
}

export function agencyInRoster(scope: RosterScope, agencyId: number, tree: AgencyTree): boolean {
	return scope.agencyIds === null || scope.agencyIds.some((root) => agencyUnder(agencyId, root, tree));
}

/** An account the import created, with the code its owner activates it with: shown once, stored hashed. */
export interface NewAccount {
	line: number;
	fullName: string;
	username: string;
	agency: string;
	code: string;
}

export type RosterImportResult =
	| ({ ok: true; accounts: NewAccount[]; expiresAt: Date } & ImportCounts)
	| { ok: false; problems: Problem[] };

interface RosterRow {
	row: TableRow<RosterColumn>;
	fullName: string;
	phone: string | null;
	email: string | null;
	agencyCode: string;
	position: string | null;
	staffGroup: StaffGroup;
}

interface Agency {
	id: number;
	code: string;
	name: string;
}

interface StoredPerson {
	id: number;
	fullName: string;
	phone: string | null;
	email: string | null;
	agencyId: number | null;
	position: string | null;
	staffGroup: StaffGroup | null;
}

/**
 * Checks the whole file and changes nothing if any row has a problem; otherwise creates and updates
 * the accounts in one transaction with one audit entry.
 */
export async function importRoster(
	db: AppDatabase,
	source: TableSource,
	scope: RosterScope,
	now = new Date()
): Promise<RosterImportResult> {
	const log = new ProblemLog();
	const table = await readTable(source, ROSTER_COLUMNS, log);
	const check = table && new TableCheck(table, log);
	const rows = check ? checkRows(check) : [];
	return db.transaction(
		(tx) => {
			if (!check) return { ok: false as const, problems: log.problems };
			const agencyOf = checkAgencies(tx, check, scope);
			const matches = matchPeople(tx, check, rows, scope, agencyOf);
			if (!log.isEmpty) return { ok: false as const, problems: log.problems };
			return { ok: true as const, ...writeRoster(tx, { rows, matches, agencyOf, scope, file: source.name, now }) };
		},
		{ behavior: 'immediate' }
	);
}

/** The checks each row needs alone, and that no phone or email is given twice in the file. */
function checkRows(check: TableCheck<RosterColumn>): RosterRow[] {
	const firstLine = new Map<string, number>();
	const once = (row: TableRow<RosterColumn>, column: RosterColumn, key: string | null, shown: string) => {
		if (key === null) return true;
		const line = firstLine.get(`${column}:${key}`);
		if (line === undefined) {
			firstLine.set(`${column}:${key}`, row.line);
			return true;
		}
		check.report(row, column, 'roster_duplicate_contact', { value: shown, firstLine: line });
		return false;
	};
	return check.table.rows.flatMap((row) => {
		let ok = true;
		const refuse = <C extends 'roster_too_long' | 'roster_phone_invalid' | 'roster_email_invalid' | 'roster_contact_missing'>(
			column: RosterColumn,
			code: C,
			params: ProblemParams<C>
		) => {
			check.report(row, column, code, params);
			ok = false;
		};
		const { phone: phoneText, email: emailText, position } = row.values;
		const fullName = check.required(row, 'fullName');
		if (fullName !== undefined && fullName.length > MAX_NAME_LENGTH) refuse('fullName', 'roster_too_long', { max: MAX_NAME_LENGTH });
		const phone = phoneText === '' ? null : normalisePhone(phoneText);
		if (phone === null && phoneText !== '') refuse('phone', 'roster_phone_invalid', { value: phoneText });
		const email = emailText === '' ? null : emailText.toLowerCase();
		if (email !== null && (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email))) refuse('email', 'roster_email_invalid', { value: emailText });
		if (phoneText === '' && emailText === '') refuse('phone', 'roster_contact_missing', {});
		if (position.length > MAX_POSITION_LENGTH) refuse('position', 'roster_too_long', { max: MAX_POSITION_LENGTH });
		const agencyCode = check.required(row, 'agencyCode');
		const staffGroup = check.choice(row, 'staffGroup', STAFF_GROUP_CHOICES);
		// Both checked, so a row giving the phone of one earlier row and the email of another names both.
		const unique = [once(row, 'phone', phone, phoneText), once(row, 'email', ok ? email : null, emailText)].every(Boolean);
		if (!ok || !unique || fullName === undefined || agencyCode === undefined || staffGroup === undefined) return [];
		return [{ row, fullName, phone, email, agencyCode, position: position || null, staffGroup }];
	});
}

/** Each agency code must name an active agency of the province the importer enrols staff in. */
function checkAgencies(tx: DbOrTx, check: TableCheck<RosterColumn>, scope: RosterScope): Map<string, Agency> {
	const tree = loadAgencyTree(tx, scope.provinceId);
	const byCode = new Map(
		tx
			.select({ id: agencies.id, code: agencies.code, name: agencies.name, disabledAt: agencies.disabledAt })
			.from(agencies)
			.where(eq(agencies.provinceId, scope.provinceId))
			.all()
			.map((agency) => [agency.code, agency])
	);
	const found = new Map<string, Agency>();
	// Every row's code, not only those of rows without other problems, so the file is fixed in one go.
	for (const row of check.table.rows) {
		const code = row.values.agencyCode;
		if (code === '') continue;
		const agency = byCode.get(code);
		if (!agency || agency.disabledAt !== null) check.report(row, 'agencyCode', 'unknown_agency', { code });
		else if (!agencyInRoster(scope, agency.id, tree)) check.report(row, 'agencyCode', 'roster_agency_out_of_scope', { code, name: agency.name });
		else found.set(code, { id: agency.id, code: agency.code, name: agency.name });
	}
	return found;
}

/**
 * The stored account each row updates, found by phone or email among the province's accounts in use.
 * A row is refused when its phone and email point at two accounts, when several accounts share its
 * phone (a family's), or when the account works in an agency outside the importer's reach.
 */
function matchPeople(
	tx: DbOrTx,
	check: TableCheck<RosterColumn>,
	rows: RosterRow[],
	scope: RosterScope,
	agencyOf: ReadonlyMap<string, Agency>
): Map<RosterRow, StoredPerson> {
	const stored = tx
		.select({
			id: people.id,
			fullName: people.fullName,
			phone: people.phone,
			email: people.email,
			agencyId: people.agencyId,
			position: people.position,
			staffGroup: people.staffGroup
		})
		.from(people)
		.where(and(eq(people.provinceId, scope.provinceId), isNull(people.anonymisedAt), isNull(people.mergedIntoId)))
		.all();
	const byPhone = new Map<string, StoredPerson[]>();
	const byEmail = new Map<string, StoredPerson[]>();
	for (const person of stored) {
		if (person.phone) byPhone.set(person.phone, [...(byPhone.get(person.phone) ?? []), person]);
		if (person.email) {
			const email = person.email.toLowerCase();
			byEmail.set(email, [...(byEmail.get(email) ?? []), person]);
		}
	}
	const tree = loadAgencyTree(tx, scope.provinceId);
	const matches = new Map<RosterRow, StoredPerson>();
	const lineOfPerson = new Map<number, number>();
	for (const entry of rows) {
		if (!agencyOf.has(entry.agencyCode)) continue;
		const { row } = entry;
		const phoneOwners = entry.phone === null ? [] : (byPhone.get(entry.phone) ?? []);
		const emailOwners = entry.email === null ? [] : (byEmail.get(entry.email) ?? []);
		if (phoneOwners.length > 1 && emailOwners.length !== 1) {
			check.report(row, 'phone', 'roster_phone_shared', { value: row.values.phone, count: phoneOwners.length });
			continue;
		}
		const byMail = emailOwners[0];
		const byTel = phoneOwners.length === 1 ? phoneOwners[0] : undefined;
		if (byMail && byTel && byMail.id !== byTel.id) {
			check.report(row, 'email', 'roster_contact_conflict', { phone: row.values.phone, email: row.values.email });
			continue;
		}
		const person = byMail ?? byTel;
		if (!person) continue;
		if (person.agencyId !== null && !agencyInRoster(scope, person.agencyId, tree)) {
			check.report(row, entry.email && byMail ? 'email' : 'phone', 'roster_person_out_of_scope', {});
			continue;
		}
		// Two rows, one by phone and one by email, may still name the same account.
		const firstLine = lineOfPerson.get(person.id);
		if (firstLine !== undefined) {
			const column = byMail ? 'email' : 'phone';
			check.report(row, column, 'roster_duplicate_contact', { value: row.values[column], firstLine });
			continue;
		}
		lineOfPerson.set(person.id, row.line);
		matches.set(entry, person);
	}
	return matches;
}

function writeRoster(
	tx: DbOrTx,
	input: {
		rows: RosterRow[];
		matches: ReadonlyMap<RosterRow, StoredPerson>;
		agencyOf: ReadonlyMap<string, Agency>;
		scope: RosterScope;
		file: string;
		now: Date;
	}
): ImportCounts & { accounts: NewAccount[]; expiresAt: Date } {
	const { matches, agencyOf, scope, now } = input;
	const placed = (row: RosterRow) => {
		const agency = agencyOf.get(row.agencyCode);
		if (!agency) throw new Error(`No agency ${row.agencyCode} after validation`);
		return { row, agency };
	};
	const accounts = createPeople(tx, input.rows.filter((row) => !matches.has(row)).map(placed), scope, now);
	const counts: ImportCounts = { created: accounts.length, updated: 0, unchanged: 0 };
	const personIds = [...matches.values()].map((person) => person.id);
	const grantsHeld = civilServantGrants(tx, personIds);
	const membershipsHeld = openAgencyMemberships(tx, personIds);
	for (const [row, person] of matches) {
		const held: Held = { grants: grantsHeld.get(person.id) ?? [], memberships: membershipsHeld.get(person.id) ?? [] };
		if (updatePerson(tx, placed(row), person, held, scope, now)) counts.updated++;
		else counts.unchanged++;
	}
	const singleAgency = scope.agencyIds?.length === 1 ? scope.agencyIds[0] : null;
	recordAudit(tx, {
		actorId: scope.personId,
		action: 'roster.import',
		at: now,
		unit: { provinceId: scope.provinceId, agencyId: singleAgency },
		details: { file: input.file, ...counts },
		requestId: scope.requestId
	});
	return { ...counts, accounts, expiresAt: new Date(now.getTime() + ACTIVATION_LIFETIME_MS) };
}

interface PlacedRow {
	row: RosterRow;
	agency: Agency;
}

/** The new accounts, written in multi-row statements: a statement a row for each table took seconds for a big agency. */
function createPeople(tx: DbOrTx, rows: PlacedRow[], scope: RosterScope, now: Date): NewAccount[] {
	const suggestUsername = usernameSuggester(tx, rows.map(({ row }) => row.fullName));
	const named = rows.map((placed) => ({ ...placed, username: suggestUsername(placed.row.fullName) }));
	// RETURNING promises no order, so ids are told apart by the unique username.
	const idOf = new Map<string, number>();
	for (const chunk of inChunks(named)) {
		const values = chunk.map(({ row, agency, username }) => ({
			provinceId: scope.provinceId,
			username,
			fullName: row.fullName,
			searchName: foldForSearch(row.fullName),
			phone: row.phone,
			email: row.email,
			agencyId: agency.id,
			position: row.position,
			staffGroup: row.staffGroup,
			createdAt: now,
			updatedAt: now
		}));
		for (const { id, username } of tx.insert(people).values(values).returning({ id: people.id, username: people.username }).all()) idOf.set(username, id);
	}
	const created = named.map((person) => {
		const id = idOf.get(person.username);
		if (id === undefined) throw new Error(`No id for the new account ${person.username}`);
		return { ...person, id };
	});
	for (const chunk of inChunks(created)) {
		tx.insert(memberships).values(chunk.map(({ id, row, agency }) => membershipValues(id, row, agency, scope.personId, now))).run();
		tx.insert(roleGrants).values(chunk.map(({ id, agency }) => grantValues(id, agency, scope, now))).run();
	}
	const personIds = created.map(({ id }) => id);
	const { codes } = issueCodes(tx, personIds, 'activation', { issuedById: scope.personId, now, lifetimeMs: ACTIVATION_LIFETIME_MS });
	return created.map(({ row, agency, username }, index) => {
		const code = codes[index];
		if (code === undefined) throw new Error(`No code for the new account ${username}`);
		return { line: row.row.line, fullName: row.fullName, username, agency: agency.name, code: groupCode(code) };
	});
}

function membershipValues(personId: number, row: RosterRow, agency: Agency, recordedById: number, now: Date) {
	return { personId, kind: 'agency' as const, agencyId: agency.id, staffGroup: row.staffGroup, position: row.position, startedAt: now, recordedById };
}

function grantValues(personId: number, agency: Agency, scope: RosterScope, now: Date) {
	return { personId, role: 'civil_servant' as const, provinceId: scope.provinceId, agencyId: agency.id, grantedById: scope.personId, grantedAt: now };
}

interface HeldGrant {
	id: number;
	agencyId: number | null;
}

interface HeldMembership {
	id: number;
	agencyId: number | null;
	staffGroup: StaffGroup | null;
	position: string | null;
}

/** What a matched account holds already, read for all of them at once. */
interface Held {
	grants: HeldGrant[];
	memberships: HeldMembership[];
}

/** Active civil-servant grants by person: the agencies each may learn for. */
function civilServantGrants(tx: DbOrTx, personIds: number[]): Map<number, HeldGrant[]> {
	const held = new Map<number, HeldGrant[]>();
	for (const chunk of inChunks(personIds)) {
		const rows = tx
			.select({ id: roleGrants.id, personId: roleGrants.personId, agencyId: roleGrants.agencyId })
			.from(roleGrants)
			.where(and(inArray(roleGrants.personId, chunk), eq(roleGrants.role, 'civil_servant'), isNull(roleGrants.revokedAt)))
			.all();
		for (const { personId, ...grant } of rows) held.set(personId, [...(held.get(personId) ?? []), grant]);
	}
	return held;
}

/** Open agency memberships by person. */
function openAgencyMemberships(tx: DbOrTx, personIds: number[]): Map<number, HeldMembership[]> {
	const held = new Map<number, HeldMembership[]>();
	for (const chunk of inChunks(personIds)) {
		const rows = tx
			.select({ id: memberships.id, personId: memberships.personId, agencyId: memberships.agencyId, staffGroup: memberships.staffGroup, position: memberships.position })
			.from(memberships)
			.where(and(inArray(memberships.personId, chunk), eq(memberships.kind, 'agency'), isNull(memberships.endedAt)))
			.all();
		for (const { personId, ...membership } of rows) held.set(personId, [...(held.get(personId) ?? []), membership]);
	}
	return held;
}

/**
 * Brings a stored account in line with its row; false when it already was. A phone or email left
 * empty in the file keeps the stored one. Moving to another agency closes the old membership and
 * role grant and opens new ones, so reports of past periods still count the person where they were.
 */
function updatePerson(
	tx: DbOrTx,
	{ row, agency }: PlacedRow,
	person: StoredPerson,
	{ grants, memberships: openMemberships }: Held,
	scope: RosterScope,
	now: Date
): boolean {
	const actorId = scope.personId;
	const phone = row.phone ?? person.phone;
	const email = row.email ?? person.email;
	const current = openMemberships.find((membership) => membership.agencyId === agency.id);
	const strayMemberships = openMemberships.filter((membership) => membership !== current);
	const membershipSame = current !== undefined && current.staffGroup === row.staffGroup && current.position === row.position;
	const grantHeld = grants.some((grant) => grant.agencyId === agency.id);
	const strayGrants = grants.filter((grant) => grant.agencyId !== agency.id);
	const personSame =
		person.fullName === row.fullName &&
		person.phone === phone &&
		(person.email ?? null) === email &&
		person.agencyId === agency.id &&
		person.position === row.position &&
		person.staffGroup === row.staffGroup;
	if (personSame && membershipSame && strayMemberships.length === 0 && grantHeld && strayGrants.length === 0) return false;

	tx.update(people)
		.set({
			fullName: row.fullName,
			searchName: foldForSearch(row.fullName),
			phone,
			email,
			agencyId: agency.id,
			position: row.position,
			staffGroup: row.staffGroup,
			updatedAt: now
		})
		.where(eq(people.id, person.id))
		.run();
	for (const membership of strayMemberships) tx.update(memberships).set({ endedAt: now }).where(eq(memberships.id, membership.id)).run();
	if (!current) tx.insert(memberships).values(membershipValues(person.id, row, agency, actorId, now)).run();
	else if (!membershipSame) tx.update(memberships).set({ staffGroup: row.staffGroup, position: row.position }).where(eq(memberships.id, current.id)).run();
	for (const grant of strayGrants) tx.update(roleGrants).set({ revokedAt: now, revokedById: actorId }).where(eq(roleGrants.id, grant.id)).run();
	if (!grantHeld) tx.insert(roleGrants).values(grantValues(person.id, agency, scope, now)).run();
	return true;
}

const UTF8_BOM = '\uFEFF';
const TEMPLATE_HEADER = ['Họ và tên', 'Số điện thoại', 'Email', 'Mã cơ quan', 'Chức vụ', 'Nhóm'];

/**
 * The CSV to fill in: the header only, since an example row left in would become an account.
 * UTF-8 with a byte order mark, so Excel shows Vietnamese letters.
 */
export function rosterTemplate(): { fileName: string; text: string } {
	return { fileName: 'danh-sach-can-bo.csv', text: `${UTF8_BOM}${TEMPLATE_HEADER.join(',')}\r\n` };
}

/** The agencies the importer enrols staff in, for the page to list their codes. */
export function rosterAgencies(db: DbOrTx, scope: RosterScope): Agency[] {
	const tree = loadAgencyTree(db, scope.provinceId);
	return db
		.select({ id: agencies.id, code: agencies.code, name: agencies.name })
		.from(agencies)
		.where(and(eq(agencies.provinceId, scope.provinceId), isNull(agencies.disabledAt)))
		.all()
		.filter((agency) => agencyInRoster(scope, agency.id, tree))
		.sort((a, b) => a.code.localeCompare(b.code));
}
