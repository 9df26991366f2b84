import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EvidenceSheet, type UnitSummaryPage, renderEvidenceSheetPdf, renderUnitSummaryPdf } from '../../src/lib/server/reports/pdf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The PDF's text page by page (pdftotext separates pages with a form feed) and its page count. */
function read(name: string, bytes: Uint8Array) {
	const file = path.join(dir, name);
	writeFileSync(file, bytes);
	const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
	const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
	return { file, text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), pageTexts: text.split('\f').slice(0, -1) };
}

const people = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ name: i === 0 ? 'Nguyễn Thị Lan' : `Hoàng Thị Phương Thảo Người Thứ ${i + 1}`, state: i % 3 === 0 ? 'Quá hạn' : 'Chưa bắt đầu', percent: `${(i * 7) % 100}%` }));

const unit = (unitName: string, behind: boolean, notMet: number): UnitSummaryPage => ({
	provinceName: 'Tỉnh Phú Thọ',
	unitName,
	criterionTitle: 'Cán bộ, công chức cấp xã hoàn thành khóa bồi dưỡng kỹ năng số cơ bản và an toàn thông tin trên không gian mạng năm 2026',
	periodText: '01/01/2026 – 31/12/2026, hạn cuối 31/12/2026',
	asOfText: 'Tính đến hết ngày 23/11/2026',
	figures: [
		{ label: 'Thuộc diện', value: '98' },
		{ label: 'Mẫu số', value: '96' },
		{ label: 'Đã đạt', value: '29' },
		{ label: 'Tỷ lệ', value: '30,2%' },
		{ label: 'Chỉ tiêu', value: '48 (50%)' },
		{ label: 'Đang học', value: '20' },
		{ label: 'Chưa bắt đầu', value: '40' },
		{ label: 'Quá hạn', value: '7' }
	],
	behind,
	notMet: people(notMet),
	exportedText: 'Xuất lúc 20:15 23/11/2026 bởi Bùi Thị Ngọc'
});

const sheet: EvidenceSheet = {
	provinceName: 'Tỉnh Phú Thọ',
	personName: 'Nguyễn Thị Lan',
	username: 'lan.nt',
	position: 'Công chức Văn phòng – Thống kê',
	agencyName: 'Ủy ban nhân dân xã Hy Cương',
	staffGroupText: 'Công chức',
	year: 2026,
	criteria: [
		{
			title: 'Cán bộ, công chức hoàn thành bồi dưỡng kỹ năng số cơ bản năm 2026',
			basis: 'Nghị định 335/2025/NĐ-CP về đào tạo, bồi dưỡng cán bộ, công chức, viên chức',
			status: 'Đã đạt',
			detail: 'Đạt ngày 02/03/2026',
			points: '5 điểm',
			evidence: [
				{ course: 'Kỹ năng số cho cán bộ, công chức', completedOn: '02/03/2026', score: '90%', code: '7KQ2M9XR4T', verifyUrl: 'https://hocvuso.phutho.gov.vn/verify/7KQ2M9XR4T' },
				{ course: 'An toàn thông tin và phòng chống lừa đảo trực tuyến', completedOn: '15/02/2026', score: null, code: '3HWZ8-PQ0RD', verifyUrl: 'https://hocvuso.phutho.gov.vn/verify/3HWZ8PQ0RD' }
			]
		},
		{ title: 'Sử dụng dịch vụ công trực tuyến', basis: null, status: 'Quá hạn', detail: 'Tiến độ 40%, tính đến 23/11/2026', points: null, evidence: [] }
	],
	note: 'Nền tảng cung cấp minh chứng; việc xếp loại do cấp có thẩm quyền quyết định.',
	generatedText: 'Lập lúc 20:15 23/11/2026'
};

describe('unit summary PDF', () => {
	it('prints one page per unit with its figures, verdict, the people not yet met and two signature blocks', async () => {
		const { file, text, pages, pageTexts } = read('units.pdf', await renderUnitSummaryPdf([unit('Xã Hy Cương', true, 80), unit('Phường Vân Phú', false, 3)]));
		expect(pages).toBe(2);
		const [behind, onTrack] = pageTexts;
		for (const page of [behind!, onTrack!]) {
			for (const expected of ['TỈNH PHÚ THỌ', 'NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG ĐƠN VỊ', '(Ký, ghi rõ họ tên)', ', ngày', 'tháng', 'năm', 'Thuộc diện', 'Chưa bắt đầu', 'Quá hạn', 'Mẫu số', '48 (50%)', 'Tính đến hết ngày 23/11/2026', 'Bùi Thị Ngọc']) expect(page).toContain(expected);
		}
		expect(behind).toContain('Xã Hy Cương');
		expect(behind).toContain('CHƯA ĐẠT CHỈ TIÊU');
		expect(behind).toContain('Nguyễn Thị Lan');
		// 80 people cannot fit: the page lists some, then counts the rest.
		const listed = Number(/\.\.\. và (\d+) người khác/.exec(behind!)?.[1]);
		expect(listed).toBeGreaterThan(20);
		expect(listed).toBeLessThan(80);
		expect(onTrack).toContain('Phường Vân Phú');
		expect(onTrack).toMatch(/(^|[^Ư])\s+ĐẠT CHỈ TIÊU/m);
		expect(onTrack).not.toContain('CHƯA ĐẠT CHỈ TIÊU');
		expect(onTrack).not.toContain('người khác');
		expect(text).toContain('Xuất lúc 20:15 23/11/2026');

		// A picture of the first page to look at (tests/screenshots is gitignored).
		const shots = path.resolve('tests/screenshots');
		mkdirSync(shots, { recursive: true });
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(shots, 'report-unit-summary')]);
	});

	it('keeps to one page however long the names and the list are, and says so when nobody is left', async () => {
		const long = unit('Xã Hy Cương và các thôn sáp nhập theo Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính', true, 500);
		long.notMet = long.notMet.map((person) => ({ ...person, name: `${person.name} ${'Nguyễn'.repeat(12)}` }));
		const { pages, text } = read('long-units.pdf', await renderUnitSummaryPdf([long, unit('Xã Trưng Vương', false, 0)]));
		expect(pages).toBe(2);
		expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
		expect(text).toMatch(/\.\.\. và \d+ người khác/);
		expect(text).toContain('Không có người nào chưa đạt.');
	});

	it('refuses to print no units at all', async () => {
		await expect(renderUnitSummaryPdf([])).rejects.toThrow(RangeError);
	});
});

describe('evidence sheet PDF', () => {
	it('prints the person, each criterion with its status, and each certificate with its code and full verify address', async () => {
		const { text, pages, file } = read('evidence.pdf', await renderEvidenceSheetPdf(sheet));
		expect(pages).toBe(1);
		for (const expected of [
			'PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM 2026',
			'Nguyễn Thị Lan',
			'lan.nt',
			'Ủy ban nhân dân xã Hy Cương',
			'Nghị định 335/2025/NĐ-CP',
			'Đã đạt',
			'Quá hạn',
			'Tiến độ 40%',
			'Kỹ năng số cho cán bộ, công chức',
			'02/03/2026',
			'90%',
			// Codes are printed in two groups, whichever way they came in.
			'7KQ2M-9XR4T',
			'3HWZ8-PQ0RD',
			'https://hocvuso.phutho.gov.vn/verify/7KQ2M9XR4T',
			'https://hocvuso.phutho.gov.vn/verify/3HWZ8PQ0RD',
			'Chưa có minh chứng',
			'việc xếp loại do cấp có thẩm quyền quyết định',
			'Trang 1/1'
		])
			expect(text).toContain(expected);
		execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.resolve('tests/screenshots/report-evidence-sheet')]);
	});

	it('continues onto more pages, each numbered, when there are many criteria', async () => {
		const criteria = Array.from({ length: 30 }, (_, i) => ({ ...sheet.criteria[i % 2]!, title: `Tiêu chí số ${i + 1}: ${sheet.criteria[i % 2]!.title}` }));
		const { text, pages, pageTexts, file } = read('long-evidence.pdf', await renderEvidenceSheetPdf({ ...sheet, criteria }));
		expect(pages).toBeGreaterThan(1);
		pageTexts.forEach((page, i) => expect(page).toContain(`Trang ${i + 1}/${pages}`));
		expect(text).toContain('Tiêu chí số 30:');
		expect(text).toContain('việc xếp loại do cấp có thẩm quyền quyết định');
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-l', '2', '-singlefile', file, path.resolve('tests/screenshots/report-evidence-sheet-p2')]);
	});
});
