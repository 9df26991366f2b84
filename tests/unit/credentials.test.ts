import { generateHOTP } from '@oslojs/otp';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consumeCode, groupCode, issueCode, issueTwoFactorRecoveryCodes, normaliseCode } from '../../src/lib/server/auth/codes';
import { passwordProblem } from '../../src/lib/server/auth/password-policy';
import { generateTotpKey, totpKeyUri, verifyTotpCode } from '../../src/lib/server/auth/totp';
import type { AppDatabase } from '../../src/lib/server/db/client';
import { testDatabase } from '../helpers/db';
import { makePerson, makeProvince } from '../helpers/fixtures';

describe('password rules', () => {
	it.each([
		['hoa sen trắng', null],
		['Tám ký tự', null],
		['ngựa-vằn-ăn-cỏ-xanh', null],
		['1234567', 'too_short'],
		['áàảãạăằ', 'too_short'],
		['x'.repeat(129), 'too_long'],
		['12345678', 'common'],
		['password', 'common'],
		['Password123', 'common'],
		['matkhau1', 'common'],
		['iloveyou', 'common'],
		['nguyenlan', 'same_as_username']
	])('%s → %s', (password, problem) => {
		expect(passwordProblem(password, 'nguyenlan')).toBe(problem);
	});

	it('has no composition rules: lower-case letters alone are fine', () => {
		expect(passwordProblem('conmeochaytrenmaitoc')).toBeNull();
	});
});

describe('TOTP', () => {
	const key = generateTotpKey();
	const codeAt = (seconds: number) => generateHOTP(key, BigInt(Math.floor(seconds / 30)), 6);

	it('accepts the current code and the neighbouring windows, not older ones', () => {
		vi.useFakeTimers();
		try {
			const now = Date.UTC(2026, 2, 1, 8, 0, 10);
			vi.setSystemTime(now);
			const seconds = now / 1000;
			expect(verifyTotpCode(key, codeAt(seconds))).toBe(true);
			expect(verifyTotpCode(key, codeAt(seconds - 30))).toBe(true);
			expect(verifyTotpCode(key, codeAt(seconds + 30))).toBe(true);
			expect(verifyTotpCode(key, codeAt(seconds - 90))).toBe(false);
			expect(verifyTotpCode(key, codeAt(seconds).replace(/^(\d{3})/, '$1 '))).toBe(true);
			expect(verifyTotpCode(key, 'abcdef')).toBe(false);
			expect(verifyTotpCode(key, '')).toBe(false);
		} finally {
			vi.useRealTimers();
		}
	});

	it('builds an otpauth URI for authenticator apps', () => {
		expect(totpKeyUri('Học vụ số', 'quantri.tinh', key)).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=[A-Z2-7]+/);
	});
});

describe('one-time codes', () => {
	let db: AppDatabase;
	let personId: number;
	const t0 = new Date('2026-05-01T01:00:00Z');
	beforeEach(() => {
		db = testDatabase();
		personId = makePerson(db, makeProvince(db).id).id;
	});

	it('normalise what people type', () => {
		expect(normaliseCode(' abcd-efgh jk ')).toBe('ABCDEFGHJK');
		expect(normaliseCode('oil')).toBe('011');
		expect(groupCode('ABCDEFGHJK')).toBe('ABCD-EFGH-JK');
	});

	it('work once, typed in any case with dashes', () => {
		const { code } = issueCode(db, personId, 'password_recovery', { issuedById: null, now: t0 });
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
		const typed = groupCode(code).toLowerCase();
		expect(consumeCode(db, personId, 'password_recovery', typed, t0)).toBe(true);
		expect(consumeCode(db, personId, 'password_recovery', typed, t0)).toBe(false);
	});

	it('expire after 24 hours', () => {
		const { code, expiresAt } = issueCode(db, personId, 'password_recovery', { issuedById: null, now: t0 });
		expect(expiresAt.getTime() - t0.getTime()).toBe(24 * 3600 * 1000);
		expect(consumeCode(db, personId, 'password_recovery', code, expiresAt)).toBe(false);
	});

	it("belong to one person and one purpose, and a new code replaces the old", () => {
		const other = makePerson(db, makeProvince(db, '01', 'Thành phố Hà Nội').id).id;
		const first = issueCode(db, personId, 'password_recovery', { issuedById: null, now: t0 }).code;
		expect(consumeCode(db, other, 'password_recovery', first, t0)).toBe(false);
		expect(consumeCode(db, personId, 'activation', first, t0)).toBe(false);
		const second = issueCode(db, personId, 'password_recovery', { issuedById: null, now: t0 }).code;
		expect(consumeCode(db, personId, 'password_recovery', first, t0)).toBe(false);
		expect(consumeCode(db, personId, 'password_recovery', second, t0)).toBe(true);
	});

	it('second-factor recovery codes: eight, each single-use, replaced as a set', () => {
		const codes = issueTwoFactorRecoveryCodes(db, personId, t0);
		expect(new Set(codes).size).toBe(8);
		expect(consumeCode(db, personId, 'two_factor_recovery', codes[0] ?? '', t0)).toBe(true);
		expect(consumeCode(db, personId, 'two_factor_recovery', codes[0] ?? '', t0)).toBe(false);
		issueTwoFactorRecoveryCodes(db, personId, t0);
		expect(consumeCode(db, personId, 'two_factor_recovery', codes[1] ?? '', t0)).toBe(false);
	});
});
