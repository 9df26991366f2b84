import { and, eq, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { redeemActivationCode } from '../../src/lib/server/auth/accounts';
import { isCodeShaped, issueCode } from '../../src/lib/server/auth/codes';
import { cardPerson, communeResidents, issueCards, qrSvg, registerResident, signInAddress } from '../../src/lib/server/centre';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { oneTimeCodes, people } from '../../src/lib/server/db/schema';
import { auditRowsFor, communeId, demoDatabase, personWithRole, provinceId, viewerOf } from '../helpers/admin';

let db: AppDatabase;
let hyCuong: number;
let vietTri: number;
let province: number;

beforeEach(async () => {
	db = await demoDatabase();
	province = provinceId(db, '25');
	hyCuong = communeId(db, '08515');
	vietTri = communeId(db, '07900');
});

const facilitatorOf = (commune: number) => viewerOf(db, personWithRole(db, province, 'facilitator', { communeId: commune }).id);

function resident(commune: number, fullName = 'Mã Thị Thẻ') {
	const outcome = registerResident(db, viewerOf(db, personWithRole(db, province, 'province_admin').id), {
		fullName,
		phone: null,
		birthYear: 1970,
		commune,
		hamlet: 'Thôn 1',
		consent: 'on',
		createAnyway: true
	});
	if (outcome.status !== 'done') throw new Error(outcome.status);
	return outcome;
}

describe('a new card', () => {
	it('replaces the old unused activation code: the old one no longer signs in, the new one does, once', () => {
		const person = resident(hyCuong);
		const facilitator = facilitatorOf(hyCuong);
		const { cards, skipped } = issueCards(db, facilitator, [person.personId]);
		expect(skipped).toBe(0);
		expect(cards).toEqual([expect.objectContaining({ personId: person.personId, username: person.username, commune: 'Xã Hy Cương', hamlet: 'Thôn 1' })]);
		expect(cards[0]!.code).not.toBe(person.code);
		expect(redeemActivationCode(db, person.username, person.code, null)).toBeNull();
		expect(redeemActivationCode(db, person.username, cards[0]!.code, null)).toBe(person.personId);
		expect(redeemActivationCode(db, person.username, cards[0]!.code, null)).toBeNull();
		expect(auditRowsFor(db, 'centre.card_issue')).toEqual([expect.objectContaining({ actorId: facilitator.personId, targetId: String(person.personId), communeId: hyCuong })]);
	});

	it("is refused for another commune's resident, the facilitator's own account, a manager, and an unknown id", () => {
		const stranger = resident(vietTri);
		const facilitator = facilitatorOf(hyCuong);
		const manager = personWithRole(db, province, 'unit_manager', { communeId: hyCuong }, { communeId: hyCuong });
		expect(cardPerson(db, facilitator, stranger.personId)).toBeNull();
		expect(cardPerson(db, facilitator, facilitator.personId)).toBeNull();
		expect(cardPerson(db, facilitator, 99_999_999)).toBeNull();
		expect(cardPerson(db, facilitator, manager.id)?.blocked).toBe('higher');
		const { cards, skipped } = issueCards(db, facilitator, [stranger.personId, facilitator.personId, manager.id, 99_999_999]);
		expect(cards).toEqual([]);
		expect(skipped).toBe(4);
		const live = db.select().from(oneTimeCodes).where(and(eq(oneTimeCodes.personId, stranger.personId), isNull(oneTimeCodes.usedAt))).all();
		expect(live).toHaveLength(1);
		expect(auditRowsFor(db, 'centre.card_issue')).toEqual([]);
	});

	it('is refused for a disabled account', () => {
		const person = resident(hyCuong);
		db.update(people).set({ disabledAt: new Date() }).where(eq(people.id, person.personId)).run();
		const facilitator = facilitatorOf(hyCuong);
		expect(cardPerson(db, facilitator, person.personId)?.blocked).toBe('disabled');
		expect(issueCards(db, facilitator, [person.personId]).cards).toEqual([]);
	});

	it('comes in batches: the residents in reach get cards, the others are counted', () => {
		const facilitator = facilitatorOf(hyCuong);
		const ours = [resident(hyCuong, 'Mã Văn Một'), resident(hyCuong, 'Mã Văn Hai')];
		const theirs = resident(vietTri, 'Mã Văn Ba');
		const { cards, skipped } = issueCards(db, facilitator, [ours[0]!.personId, theirs.personId, ours[1]!.personId]);
		expect(cards.map((card) => card.fullName)).toEqual(['Mã Văn Một', 'Mã Văn Hai']);
		expect(skipped).toBe(1);
		expect(new Set(cards.map((card) => card.code)).size).toBe(2);
		expect(auditRowsFor(db, 'centre.card_issue').map((row) => row.details)).toEqual([{ expiresAt: expect.any(String), batch: 3 }, { expiresAt: expect.any(String), batch: 3 }]);
	});

	it('tells the page whether the person has chosen a password and holds a live code', () => {
		const person = resident(hyCuong);
		const facilitator = facilitatorOf(hyCuong);
		expect(cardPerson(db, facilitator, person.personId)).toMatchObject({ activated: false, liveCodeExpiresAt: person.expiresAt, blocked: null });
		db.update(people).set({ passwordHash: 'x' }).where(eq(people.id, person.personId)).run();
		expect(cardPerson(db, facilitator, person.personId, new Date(person.expiresAt.getTime() + 1))).toMatchObject({ activated: true, liveCodeExpiresAt: null });
	});

	it('carries a QR code of the sign-in page with the username', async () => {
		expect(signInAddress('https://hocvuso.phutho.gov.vn', 'nguyen.van-an')).toBe('https://hocvuso.phutho.gov.vn/sign-in?username=nguyen.van-an');
		const svg = await qrSvg(signInAddress('http://localhost:3000', 'nguyenvanan'));
		expect(svg).toMatch(/^<svg[^>]*viewBox/);
		expect(svg).not.toContain('<script');
	});
});

describe('activation codes', () => {
	it('sign in only the account they belong to, not after they expire, and through the phone number too', () => {
		const person = resident(hyCuong);
		db.update(people).set({ phone: '+84961230099' }).where(eq(people.id, person.personId)).run();
		const other = resident(hyCuong, 'Mã Thị Khác');
		expect(redeemActivationCode(db, other.username, person.code, null)).toBeNull();
		const expired = issueCode(db, person.personId, 'activation', { issuedById: null, now: new Date(Date.now() - 2 * 60_000), lifetimeMs: 60_000 });
		expect(redeemActivationCode(db, person.username, expired.code, null)).toBeNull();
		const fresh = issueCode(db, person.personId, 'activation', { issuedById: null, lifetimeMs: 60_000 });
		expect(redeemActivationCode(db, '0961 230 099', fresh.code, null)).toBe(person.personId);
		expect(auditRowsFor(db, 'auth.activation_code_used')).toEqual([expect.objectContaining({ actorId: person.personId, targetId: String(person.personId) })]);
	});

	it('are not password-recovery codes, nor the other way round', () => {
		const person = resident(hyCuong);
		const recovery = issueCode(db, person.personId, 'password_recovery', { issuedById: null });
		expect(redeemActivationCode(db, person.username, recovery.code, null)).toBeNull();
	});

	it('are recognised by their shape before any lookup', () => {
		expect(isCodeShaped('abcd-efgh-jk12', 12)).toBe(true);
		expect(isCodeShaped('ABCD EFGH JKMN', 12)).toBe(true);
		expect(isCodeShaped('mat khau dai qua', 12)).toBe(false);
		expect(isCodeShaped('ABCD-EFGH-JKU1', 12)).toBe(false);
		expect(isCodeShaped('ABCD-EFGH', 12)).toBe(false);
	});
});

describe('the resident list of a centre', () => {
	it("shows a facilitator their commune's residents, with who can get a card, and nothing of another commune", () => {
		const facilitator = facilitatorOf(hyCuong);
		const person = resident(hyCuong, 'Ấu Thị Danh Sách');
		expect(communeResidents(db, facilitator, vietTri)).toBeNull();
		const found = communeResidents(db, facilitator, hyCuong, { query: 'au thi danh' });
		expect(found?.rows).toEqual([
			{ id: person.personId, fullName: 'Ấu Thị Danh Sách', username: person.username, birthYear: 1970, hamlet: 'Thôn 1', activated: false, disabled: false, canCard: true }
		]);
		const all = communeResidents(db, facilitator, hyCuong);
		expect(all?.rows.length).toBeGreaterThan(0);
		expect(all?.rows.every((row) => row.id !== facilitator.personId || !row.canCard)).toBe(true);
	});

	it('pages through the commune in name order', () => {
		const facilitator = facilitatorOf(hyCuong);
		const first = communeResidents(db, facilitator, hyCuong, { page: 1 })!;
		const second = communeResidents(db, facilitator, hyCuong, { page: 2 })!;
		expect(first.hasNext).toBe(true);
		expect(second.rows[0]?.id).not.toBe(first.rows[0]?.id);
		const names = first.rows.map((row) => row.fullName);
		expect(names.length).toBe(48);
		expect(second.page).toBe(2);
	});
});
