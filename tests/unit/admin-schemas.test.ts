import { describe, expect, it } from 'vitest';
import {
	accountFilterSchema,
	accountStatusSchema,
	auditFilterSchema,
	grantSchema,
	newAccountSchema,
	parseCalendarDay,
	parseForm,
	revokeSchema
} from '../../src/lib/schemas/admin';

/** A form as formFields hands it over: every field the schema names, '' unless given. */
const post = (fields: Record<string, string>) => (name: string) => fields[name] ?? '';

const person = { fullName: 'Nguyễn Văn An', role: 'learner', scopeCommune: '12' };

function errorsOf(schema: Parameters<typeof parseForm>[0], fields: Record<string, string>) {
	const parsed = parseForm(schema, post(fields));
	return parsed.ok ? {} : parsed.errors;
}

describe('the new-account form', () => {
	it('accepts a name and a first role, and fills the rest with nothing', () => {
		const parsed = parseForm(newAccountSchema, post({ ...person, fullName: '  Nguyễn   Văn  An ' }));
		expect(parsed.ok && parsed.data).toEqual({
			fullName: 'Nguyễn Văn An',
			username: null,
			phone: null,
			birthYear: null,
			commune: null,
			hamlet: null,
			agency: null,
			position: null,
			staffGroup: null,
			role: 'learner',
			scope: { commune: 12 }
		});
	});

	it('keeps what was typed when it refuses', () => {
		const parsed = parseForm(newAccountSchema, post({ fullName: 'Lan', phone: '12' }));
		expect(parsed.ok).toBe(false);
		expect(parsed.values).toMatchObject({ fullName: 'Lan', phone: '12', username: '', role: '' });
	});

	it('needs a full name', () => {
		expect(errorsOf(newAccountSchema, { ...person, fullName: '' }).fullName).toBe('Hãy nhập họ và tên.');
		expect(errorsOf(newAccountSchema, { ...person, fullName: 'x'.repeat(101) }).fullName).toBe('Dài quá. Tối đa 100 ký tự.');
	});

	it.each([
		['NguyenAn', null, 'nguyenan'],
		['an.nguyen_2-b', null, 'an.nguyen_2-b'],
		['ab', 'Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu (a–z), chữ số và các dấu . _ -', null],
		['a'.repeat(65), 'Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu (a–z), chữ số và các dấu . _ -', null],
		['nguyễn', 'Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu (a–z), chữ số và các dấu . _ -', null],
		['an nguyen', 'Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu (a–z), chữ số và các dấu . _ -', null],
		['0912345678', 'Tên đăng nhập không được là một số điện thoại.', null]
	])('username %s', (username, error, stored) => {
		const parsed = parseForm(newAccountSchema, post({ ...person, username }));
		if (error) expect(parsed.ok ? null : parsed.errors.username).toBe(error);
		else expect(parsed.ok && parsed.data.username).toBe(stored);
	});

	it.each([
		['0912 345 678', '+84912345678'],
		['+84 987.650.001', '+84987650001'],
		['84912345678', '+84912345678']
	])('stores the phone %s as %s', (phone, stored) => {
		const parsed = parseForm(newAccountSchema, post({ ...person, phone }));
		expect(parsed.ok && parsed.data.phone).toBe(stored);
	});

	it.each(['12345', '0212345678', 'không có', '+1 555 0100'])('refuses the phone %s', (phone) => {
		expect(errorsOf(newAccountSchema, { ...person, phone }).phone).toBe('Số điện thoại chưa đúng. Ví dụ: 0912 345 678');
	});

	it('takes a birth year from 1900 to this year', () => {
		const thisYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
		const range = `Năm sinh là một số từ 1900 đến ${thisYear}.`;
		for (const year of ['1900', '1972', String(thisYear)]) {
			const parsed = parseForm(newAccountSchema, post({ ...person, birthYear: year }));
			expect(parsed.ok && parsed.data.birthYear).toBe(Number(year));
		}
		for (const year of ['1899', String(thisYear + 1), '72', '19x2', '1972.5']) {
			expect(errorsOf(newAccountSchema, { ...person, birthYear: year }).birthYear).toBe(range);
		}
	});

	it('refuses units that are not ids from the list, and a staff group outside the list', () => {
		const errors = errorsOf(newAccountSchema, { ...person, commune: 'Hy Cương', agency: '-3', staffGroup: 'boss' });
		expect(errors).toEqual({
			commune: 'Hãy chọn một mục trong danh sách.',
			agency: 'Hãy chọn một mục trong danh sách.',
			staffGroup: 'Hãy chọn một mục trong danh sách.'
		});
	});

	it('asks for the agency when a position or staff group is given', () => {
		expect(errorsOf(newAccountSchema, { ...person, position: 'Chuyên viên' }).agency).toBe('Chức vụ và nhóm cần đi cùng cơ quan. Hãy chọn cơ quan.');
		expect(errorsOf(newAccountSchema, { ...person, staffGroup: 'cong_chuc' }).agency).toBe('Chức vụ và nhóm cần đi cùng cơ quan. Hãy chọn cơ quan.');
		expect(parseForm(newAccountSchema, post({ ...person, agency: '4', position: 'Chuyên viên', staffGroup: 'cong_chuc' })).ok).toBe(true);
	});

	it('names every problem at once', () => {
		const errors = errorsOf(newAccountSchema, { fullName: '', phone: '1', birthYear: '3000', role: 'learner' });
		expect(Object.keys(errors).sort()).toEqual(['birthYear', 'fullName', 'phone', 'scopeCommune']);
	});
});

describe('the role and its unit', () => {
	const grant = (fields: Record<string, string>) => parseForm(grantSchema, post(fields));

	it('needs a role from the list', () => {
		expect(errorsOf(grantSchema, {}).role).toBe('Hãy chọn vai trò.');
		expect(errorsOf(grantSchema, { role: 'king' }).role).toBe('Hãy chọn vai trò.');
	});

	it('takes the picker the role needs and leaves out the other one', () => {
		expect(grant({ role: 'learner', scopeCommune: '5', scopeAgency: '9' })).toMatchObject({ ok: true, data: { role: 'learner', scope: { commune: 5 } } });
		expect(grant({ role: 'facilitator', scopeCommune: '5' })).toMatchObject({ ok: true, data: { scope: { commune: 5 } } });
		expect(grant({ role: 'civil_servant', scopeCommune: '5', scopeAgency: '9' })).toMatchObject({ ok: true, data: { scope: { agency: 9 } } });
		expect(grant({ role: 'province_admin', scopeCommune: '5' })).toMatchObject({ ok: true, data: { scope: 'province' } });
		expect(grant({ role: 'system_admin' })).toMatchObject({ ok: true, data: { scope: 'province' } });
	});

	it('says which unit is missing', () => {
		expect(errorsOf(grantSchema, { role: 'learner', scopeAgency: '9' })).toEqual({ scopeCommune: 'Vai trò này cần chọn một xã, phường.' });
		expect(errorsOf(grantSchema, { role: 'facilitator' })).toEqual({ scopeCommune: 'Vai trò này cần chọn một xã, phường.' });
		expect(errorsOf(grantSchema, { role: 'civil_servant', scopeCommune: '5' })).toEqual({ scopeAgency: 'Vai trò này cần chọn một cơ quan.' });
	});

	it('lets a unit manager read a commune, an agency or the whole province, but not two units', () => {
		expect(grant({ role: 'unit_manager', scopeCommune: '5' })).toMatchObject({ ok: true, data: { scope: { commune: 5 } } });
		expect(grant({ role: 'unit_manager', scopeAgency: '9' })).toMatchObject({ ok: true, data: { scope: { agency: 9 } } });
		expect(grant({ role: 'unit_manager' })).toMatchObject({ ok: true, data: { scope: 'province' } });
		expect(errorsOf(grantSchema, { role: 'unit_manager', scopeCommune: '5', scopeAgency: '9' })).toEqual({
			scopeAgency: 'Chọn xã, phường hoặc cơ quan, không chọn cả hai.'
		});
	});
});

describe('small forms', () => {
	it('revoking needs a grant id', () => {
		expect(parseForm(revokeSchema, post({ grant: '42' }))).toMatchObject({ ok: true, data: { grant: 42 } });
		for (const grant of ['', '0', 'x', '1e3', '99999999999999']) {
			expect(errorsOf(revokeSchema, { grant }).grant).toBe('Hãy chọn một mục trong danh sách.');
		}
	});

	it('disabling and enabling need a reason', () => {
		expect(parseForm(accountStatusSchema, post({ disabled: 'true', reason: 'Đã chuyển công tác' }))).toMatchObject({ ok: true, data: { disabled: true } });
		expect(parseForm(accountStatusSchema, post({ disabled: 'false', reason: 'Đã xác minh' }))).toMatchObject({ ok: true, data: { disabled: false } });
		expect(errorsOf(accountStatusSchema, { disabled: 'true' }).reason).toBe('Hãy ghi lý do.');
		expect(errorsOf(accountStatusSchema, { disabled: 'true', reason: 'x'.repeat(501) }).reason).toBe('Dài quá. Tối đa 500 ký tự.');
		expect(errorsOf(accountStatusSchema, { disabled: 'maybe', reason: 'x' }).disabled).toBe('Hãy chọn một mục trong danh sách.');
	});
});

describe('the account filters', () => {
	it('read a search, a unit, a role, a status and a page', () => {
		const parsed = parseForm(accountFilterSchema, post({ query: 'nguyen', unit: 'c12', role: 'facilitator', status: 'disabled', page: '3' }));
		expect(parsed.ok && parsed.data).toEqual({ query: 'nguyen', unit: { commune: 12 }, role: 'facilitator', status: 'disabled', page: 3 });
		expect(parseForm(accountFilterSchema, post({ unit: 'a7' }))).toMatchObject({ ok: true, data: { unit: { agency: 7 }, role: null, status: null, page: 1 } });
	});

	it('turn a page that is not a page into the first', () => {
		for (const page of ['', '0', '-2', 'abc', '2.5']) expect(parseForm(accountFilterSchema, post({ page }))).toMatchObject({ ok: true, data: { page: 1 } });
	});

	it('refuse tampered choices with a message instead of failing', () => {
		expect(errorsOf(accountFilterSchema, { unit: 'x12', role: 'king', status: 'gone' })).toEqual({
			unit: 'Hãy chọn một mục trong danh sách.',
			role: 'Hãy chọn một mục trong danh sách.',
			status: 'Hãy chọn một mục trong danh sách.'
		});
	});
});

describe('the audit filters', () => {
	it.each([
		['31/12/2026', '2026-12-31'],
		['1/5/2026', '2026-05-01'],
		['01-05-2026', '2026-05-01'],
		['2026-05-01', '2026-05-01'],
		['29/02/2028', '2028-02-29'],
		['29/02/2026', null],
		['31/04/2026', null],
		['2026/13/01', null],
		['hôm qua', null],
		['1/1/1999', null]
	])('read the day %s as %s', (typed, day) => {
		expect(parseCalendarDay(typed)).toBe(day);
	});

	it('say when a date is not a date or the days are the wrong way round', () => {
		expect(errorsOf(auditFilterSchema, { from: '32/01/2026' }).from).toBe('Ngày chưa đúng. Ví dụ: 31/12/2026');
		expect(errorsOf(auditFilterSchema, { from: '02/05/2026', to: '01/05/2026' }).to).toBe('“Đến ngày” không được trước “Từ ngày”.');
		expect(parseForm(auditFilterSchema, post({ from: '01/05/2026', to: '01/05/2026', actor: 'QuanTri.Tinh', action: 'role.grant' }))).toMatchObject({
			ok: true,
			data: { from: '2026-05-01', to: '2026-05-01', actor: 'quantri.tinh', action: 'role.grant' }
		});
		expect(errorsOf(auditFilterSchema, { action: "role'; drop" }).action).toBe('Hãy chọn một mục trong danh sách.');
	});

	it('speak English to an English page', async () => {
		const { overwriteGetLocale, getLocale } = await import('../../src/lib/paraglide/runtime.js');
		const original = getLocale;
		overwriteGetLocale(() => 'en');
		try {
			expect(errorsOf(auditFilterSchema, { from: 'nope' }).from).toBe('This is not a date. Example: 31/12/2026');
		} finally {
			overwriteGetLocale(original);
		}
	});
});
