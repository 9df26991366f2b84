import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EvidenceSheet, type UnitSummaryPage, renderEvidenceSheetPdf, renderUnitSummaryPdf } from '../../src/lib/server/reports/pdf';

const dir = mkdtempSync(path.join(os.tmpdir(), 'report-print-'));
function read(name: string, bytes: Uint8Array) {
	const file = path.join(dir, name);
	writeFileSync(file, bytes);
	const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
	return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC'), pages };
}

const unit = (name: string, behind: boolean, notMet: number): UnitSummaryPage => ({
	provinceName: 'Tỉnh Phú Thọ',
	unitName: name,
	criterionTitle: 'Người dân từ 15 tuổi trở lên biết dùng dịch vụ công trực tuyến năm 2026',
	periodText: 'Thời gian: 01/01/2026 – 31/12/2026; hạn cuối 31/12/2026',
	asOfText: 'Số liệu tính đến 20:15 23/11/2026',
	figures: [
		{ label: 'Thuộc diện', value: '98' },
		{ label: 'Đã đạt', value: '29' },
		{ label: 'Tỷ lệ đạt', value: '29,6%' },
		{ label: 'Chỉ tiêu (người)', value: '49 (50%)' }
	],
	behind,
	notMet: Array.from({ length: notMet }, (_, i) => ({ name: `Nguyễn Thị Lan ${i + 1}`, state: 'Chưa bắt đầu', percent: '0%' })),
	exportedText: 'Xuất lúc 20:15 23/11/2026 bởi Bùi Thị Ngọc'
});

describe('printed reports', () => {
	it('prints one page per unit with its figures, whether it met the target, and room to sign', async () => {
		const { text, pages } = read('units.pdf', await renderUnitSummaryPdf([unit('Xã Hy Cương', true, 80), unit('Phường Việt Trì', false, 3)]));
		expect(pages).toBe(2);
		for (const expected of ['Xã Hy Cương', 'Phường Việt Trì', 'CHƯA ĐẠT CHỈ TIÊU', 'ĐẠT CHỈ TIÊU', 'THỦ TRƯỞNG ĐƠN VỊ', 'NGƯỜI LẬP BIỂU', 'Nguyễn Thị Lan 1', 'người khác', 'Bùi Thị Ngọc']) expect(text).toContain(expected);
	});

	it('prints an evidence sheet with each criterion, its certificates and where to check them, over as many pages as it needs', async () => {
		const sheet: EvidenceSheet = {
			provinceName: 'Tỉnh Phú Thọ',
			personName: 'Trần Văn Minh',
			username: 'congchuc',
			position: 'Chuyên viên',
			agencyName: 'Văn phòng Sở Khoa học và Công nghệ',
			staffGroupText: 'Công chức',
			year: 2026,
			criteria: [
				{
					title: 'Cán bộ, công chức, viên chức hoàn thành bồi dưỡng kỹ năng số cơ bản năm 2026',
					basis: 'Nghị định 335/2025/NĐ-CP',
					status: 'Đã đạt',
					detail: 'Đạt ngày 02/03/2026',
					points: '5 điểm',
					evidence: [{ course: 'Kỹ năng số cho cán bộ, công chức', completedOn: '02/03/2026', score: '90%', code: '7KQ2M-9XR4T', verifyUrl: 'https://hocvuso.example/verify/7KQ2M9XR4T' }]
				},
				{ title: 'Tiêu chí khác', basis: null, status: 'Quá hạn', detail: 'Chưa đạt; tiến độ 40%', points: null, evidence: [] }
			],
			note: 'Nền tảng cung cấp minh chứng; việc xếp loại do cấp có thẩm quyền quyết định.',
			generatedText: 'Lập lúc 20:15 23/11/2026'
		};
		const { text, pages } = read('evidence.pdf', await renderEvidenceSheetPdf(sheet));
		expect(pages).toBe(1);
		for (const expected of ['PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM 2026', 'Trần Văn Minh', 'Văn phòng Sở Khoa học và Công nghệ', '7KQ2M-9XR4T', 'https://hocvuso.example/verify/7KQ2M9XR4T', 'Quá hạn', 'Trang 1/1']) expect(text).toContain(expected);
		const long = read('long.pdf', await renderEvidenceSheetPdf({ ...sheet, criteria: Array.from({ length: 30 }, () => sheet.criteria[0]!) }));
		expect(long.pages).toBeGreaterThan(1);
		expect(long.text).toContain(`Trang 1/${long.pages}`);
	});
});
