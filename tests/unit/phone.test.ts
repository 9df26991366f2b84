import { describe, expect, it } from 'vitest';
import { displayPhone, normalisePhone } from '../../src/lib/phone';

describe('normalisePhone', () => {
	it.each([
		['0912345678', '+84912345678'],
		['0912 345 678', '+84912345678'],
		['0912.345.678', '+84912345678'],
		['84912345678', '+84912345678'],
		['+84912345678', '+84912345678'],
		['+84 912 345 678', '+84912345678'],
		['0084 912 345 678', '+84912345678'],
		['0084.912.345.678', '+84912345678'],
		['912345678', '+84912345678'],
		['(+84) 35-123-4567', '+84351234567'],
		['0561234567', '+84561234567'],
		['0701234567', '+84701234567'],
		['0861234567', '+84861234567'],
		['０９１２３４５６７８', '+84912345678']
	])('reads %s as %s', (input, expected) => {
		expect(normalisePhone(input)).toBe(expected);
	});

	it.each([
		['', 'empty'],
		['0212345678', 'a landline-style prefix 2'],
		['0412345678', 'prefix 4 is not mobile'],
		['0612345678', 'prefix 6 is not mobile'],
		['091234567', 'one digit short'],
		['09123456789', 'one digit long'],
		['+85512345678', 'another country'],
		['0912a45678', 'a letter'],
		['+8491234567', 'short after +84'],
		['84 912 345 67', 'short after 84'],
		['++84912345678', 'doubled plus']
	])('refuses %s (%s)', (input) => {
		expect(normalisePhone(input)).toBeNull();
	});
});

describe('displayPhone', () => {
	it('shows the national form in groups', () => {
		expect(displayPhone('+84912345678')).toBe('0912 345 678');
	});
});
