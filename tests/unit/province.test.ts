import { afterEach, describe, expect, it } from 'vitest';
import { provinceSettings, provinces } from '../../src/lib/server/db/schema';
import { activeProvinceDisplayName } from '../../src/lib/server/org/province';
import { testDatabase } from '../helpers/db';

describe('activeProvinceDisplayName', () => {
	const savedCode = process.env.PROVINCE_CODE;
	afterEach(() => {
		if (savedCode === undefined) delete process.env.PROVINCE_CODE;
		else process.env.PROVINCE_CODE = savedCode;
	});

	it('is null before the administrative map is loaded', () => {
		expect(activeProvinceDisplayName(testDatabase())).toBeNull();
	});

	it('falls back to the official name of the active province', () => {
		const db = testDatabase();
		db.insert(provinces)
			.values([
				{ code: '25', name: 'Phú Thọ', type: 'tinh' },
				{ code: '01', name: 'Hà Nội', type: 'thanh_pho' }
			])
			.run();
		process.env.PROVINCE_CODE = '01';
		expect(activeProvinceDisplayName(db)).toBe('Hà Nội');
	});

	it('prefers the display name the province chose', () => {
		const db = testDatabase();
		const { id } = db.insert(provinces).values({ code: '25', name: 'Phú Thọ', type: 'tinh' }).returning().get();
		db.insert(provinceSettings).values({ provinceId: id, displayName: 'Tỉnh Phú Thọ' }).run();
		process.env.PROVINCE_CODE = '25';
		expect(activeProvinceDisplayName(db)).toBe('Tỉnh Phú Thọ');
	});
});
