import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import { GREEN, INK, MUTED, vietnamesePdf, wrap } from '../certificates/pdf';

/** One unit's figures on one A4 page, for printing, signing and filing. */
export interface UnitSummaryPage {
	provinceName: string;
	unitName: string;
	criterionTitle: string;
	periodText: string;
	asOfText: string;
	figures: { label: string; value: string }[];
	behind: boolean;
	/** People who have not met the criterion yet, most urgent first; the page prints what fits. */
	notMet: { name: string; state: string; percent: string }[];
	exportedText: string;
}

/** One civil servant's evidence for one evaluation year. */
export interface EvidenceSheet {
	provinceName: string;
	personName: string;
	username: string;
	position: string | null;
	agencyName: string | null;
	staffGroupText: string | null;
	year: number;
	criteria: {
		title: string;
		basis: string | null;
		status: string;
		detail: string;
		points: string | null;
		evidence: { course: string; completedOn: string; score: string | null; code: string; verifyUrl: string }[];
	}[];
	note: string;
	generatedText: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const BOTTOM = 60;
const WARN = rgb(0.54, 0.27, 0);

/**
 * Writes text down A4 pages, wrapping inside the margins and starting a new page when the next
 * block would not fit, so long names, titles and lists never run off the paper.
 */
class PageWriter {
	page: PDFPage;
	y: number;
	constructor(
		readonly pdf: PDFDocument,
		readonly font: PDFFont,
		readonly strong: PDFFont
	) {
		this.page = pdf.addPage(A4);
		this.y = A4[1] - MARGIN;
	}
	get width() {
		return A4[0] - 2 * MARGIN;
	}
	newPage() {
		this.page = this.pdf.addPage(A4);
		this.y = A4[1] - MARGIN;
	}
	/** Whether `height` more points fit above the bottom margin. */
	fits(height: number) {
		return this.y - height >= BOTTOM;
	}
	ensure(height: number) {
		if (!this.fits(height)) this.newPage();
	}
	text(text: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number; centre?: boolean; width?: number } = {}) {
		const size = options.size ?? 10.5;
		const font = options.bold ? this.strong : this.font;
		const indent = options.indent ?? 0;
		const width = options.width ?? this.width - indent;
		for (const line of wrap(text, font, size, width)) {
			this.ensure(size * 1.4);
			const x = options.centre ? (A4[0] - font.widthOfTextAtSize(line, size)) / 2 : MARGIN + indent;
			this.page.drawText(line, { x, y: this.y - size, size, font, color: options.color ?? INK });
			this.y -= size * 1.4;
		}
	}
	gap(points: number) {
		this.y -= points;
	}
	rule() {
		this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.6, color: MUTED });
		this.y -= 8;
	}
}

function numberPages(pdf: PDFDocument, font: PDFFont) {
	const pages = pdf.getPages();
	pages.forEach((page, i) => {
		const label = `Trang ${i + 1}/${pages.length}`;
		page.drawText(label, { x: (A4[0] - font.widthOfTextAtSize(label, 9)) / 2, y: 30, size: 9, font, color: MUTED });
	});
}

/** Two signature blocks side by side at the bottom of the current page. */
function signatures(writer: PageWriter) {
	writer.ensure(120);
	const { page, font, strong } = writer;
	const place = '......., ngày ..... tháng ..... năm ......';
	const top = writer.y - 10;
	page.drawText(place, { x: A4[0] - MARGIN - font.widthOfTextAtSize(place, 10), y: top - 10, size: 10, font, color: INK });
	const columns = [MARGIN + writer.width * 0.25, MARGIN + writer.width * 0.75];
	(['NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG ĐƠN VỊ'] as const).forEach((title, i) => {
		const centre = columns[i]!;
		page.drawText(title, { x: centre - strong.widthOfTextAtSize(title, 10.5) / 2, y: top - 32, size: 10.5, font: strong, color: INK });
		const hint = '(Ký, ghi rõ họ tên)';
		page.drawText(hint, { x: centre - font.widthOfTextAtSize(hint, 9.5) / 2, y: top - 46, size: 9.5, font, color: MUTED });
	});
	writer.y = top - 120;
}

/** One A4 page per unit: figures, whether the target is met, who still has to, and room to sign. */
export async function renderUnitSummaryPdf(pages: UnitSummaryPage[]): Promise<Uint8Array> {
	const first = pages[0];
	const { pdf, font, strong } = await vietnamesePdf({ title: `Báo cáo ${first?.criterionTitle ?? ''}`, author: first?.provinceName ?? '', subject: first?.criterionTitle ?? '' });
	let writer: PageWriter | null = null;
	for (const unit of pages) {
		if (writer) writer.newPage();
		else writer = new PageWriter(pdf, font, strong);
		writer.text(unit.provinceName.toLocaleUpperCase('vi'), { size: 10, bold: true, color: MUTED });
		writer.gap(6);
		writer.text('BÁO CÁO KẾT QUẢ BỒI DƯỠNG KỸ NĂNG SỐ', { size: 14, bold: true, centre: true, color: GREEN });
		writer.text(unit.unitName, { size: 16, bold: true, centre: true });
		writer.gap(4);
		writer.text(unit.criterionTitle, { size: 11, bold: true });
		writer.text(unit.periodText, { size: 10, color: MUTED });
		writer.text(unit.asOfText, { size: 10, color: MUTED });
		writer.gap(6);
		writer.rule();
		// Figures in two columns: label left, value right.
		const half = writer.width / 2;
		for (let i = 0; i < unit.figures.length; i += 2) {
			writer.ensure(16);
			for (const [j, figure] of unit.figures.slice(i, i + 2).entries()) {
				const x = MARGIN + j * half;
				writer.page.drawText(figure.label, { x, y: writer.y - 11, size: 10.5, font, color: MUTED });
				writer.page.drawText(figure.value, { x: x + half - 16 - strong.widthOfTextAtSize(figure.value, 11), y: writer.y - 11, size: 11, font: strong, color: INK });
			}
			writer.y -= 17;
		}
		writer.gap(4);
		writer.text(unit.behind ? 'CHƯA ĐẠT CHỈ TIÊU' : 'ĐẠT CHỈ TIÊU', { size: 12, bold: true, color: unit.behind ? WARN : GREEN });
		writer.gap(4);
		if (unit.notMet.length > 0) {
			writer.text('Người chưa đạt (ưu tiên quá hạn, chưa bắt đầu):', { size: 10.5, bold: true });
			// Leave room for the signatures and the export line below the list.
			const room = Math.max(0, Math.floor((writer.y - BOTTOM - 150) / 14));
			const shown = unit.notMet.length > room ? unit.notMet.slice(0, Math.max(0, room - 1)) : unit.notMet;
			shown.forEach((person, i) => {
				const line = `${i + 1}. ${person.name}`;
				writer!.page.drawText(fit(line, font, 10, writer!.width * 0.62), { x: MARGIN + 8, y: writer!.y - 10, size: 10, font, color: INK });
				const right = `${person.state} · ${person.percent}`;
				writer!.page.drawText(right, { x: A4[0] - MARGIN - font.widthOfTextAtSize(right, 10), y: writer!.y - 10, size: 10, font, color: MUTED });
				writer!.y -= 14;
			});
			if (shown.length < unit.notMet.length) writer.text(`... và ${unit.notMet.length - shown.length} người khác (xem danh sách đầy đủ trong tệp Excel).`, { size: 10, color: MUTED, indent: 8 });
		}
		writer.gap(8);
		writer.text(unit.exportedText, { size: 9, color: MUTED });
		signatures(writer);
	}
	if (!writer) new PageWriter(pdf, font, strong);
	return pdf.save();
}

/** The line cut with an ellipsis where it would pass `width`. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
	if (font.widthOfTextAtSize(text, size) <= width) return text;
	let cut = text;
	while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
	return `${cut}…`;
}

/** The evidence sheet: the person, then each criterion with its status and certificates. */
export async function renderEvidenceSheetPdf(sheet: EvidenceSheet): Promise<Uint8Array> {
	const { pdf, font, strong } = await vietnamesePdf({ title: `Phiếu minh chứng kỹ năng số năm ${sheet.year} – ${sheet.personName}`, author: sheet.provinceName, subject: 'Phiếu minh chứng kỹ năng số' });
	const writer = new PageWriter(pdf, font, strong);
	writer.text(sheet.provinceName.toLocaleUpperCase('vi'), { size: 10, bold: true, color: MUTED });
	writer.gap(8);
	writer.text(`PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM ${sheet.year}`, { size: 15, bold: true, centre: true, color: GREEN });
	writer.gap(8);
	writer.text(`Họ và tên: ${sheet.personName}`, { size: 12, bold: true });
	writer.text(`Tên đăng nhập: ${sheet.username}`);
	if (sheet.position) writer.text(`Chức vụ, chức danh: ${sheet.position}`);
	if (sheet.agencyName) writer.text(`Cơ quan, đơn vị: ${sheet.agencyName}`);
	if (sheet.staffGroupText) writer.text(`Nhóm: ${sheet.staffGroupText}`);
	writer.gap(6);
	writer.rule();
	if (sheet.criteria.length === 0) writer.text(`Không có tiêu chí nào áp dụng trong năm ${sheet.year}.`);
	sheet.criteria.forEach((criterion, i) => {
		writer.ensure(70);
		writer.text(`${i + 1}. ${criterion.title}`, { size: 11.5, bold: true });
		if (criterion.basis) writer.text(`Căn cứ: ${criterion.basis}`, { size: 9.5, color: MUTED, indent: 14 });
		writer.text(`Kết quả: ${criterion.status} — ${criterion.detail}${criterion.points ? ` — ${criterion.points}` : ''}`, { bold: true, indent: 14 });
		for (const fact of criterion.evidence) {
			writer.ensure(48);
			writer.text(`• ${fact.course}`, { indent: 14 });
			writer.text(`Hoàn thành ngày ${fact.completedOn}${fact.score ? `, điểm ${fact.score}` : ''}. Mã giấy chứng nhận: ${fact.code}`, { indent: 26 });
			writer.text(`Kiểm tra tại: ${fact.verifyUrl}`, { size: 9.5, color: MUTED, indent: 26 });
		}
		writer.gap(8);
	});
	writer.rule();
	writer.text(sheet.note, { size: 9.5, color: MUTED });
	writer.text(sheet.generatedText, { size: 9.5, color: MUTED });
	numberPages(pdf, font);
	return pdf.save();
}
