import { type PDFDocument, type PDFFont, type PDFPage, type RGB, rgb } from 'pdf-lib';
import { formatCertificateCode, normaliseCertificateCode } from '../certificates/codes';
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
const LEFT = MARGIN;
const RIGHT = A4[0] - MARGIN;
const WIDTH = RIGHT - LEFT;
const TOP = A4[1] - 48;
const LEADING = 1.38;
const RED = rgb(0.64, 0.09, 0.1);
const RULE = rgb(0.78, 0.8, 0.82);
const SHADE = rgb(0.945, 0.953, 0.957);
const GREEN_TINT = rgb(0.91, 0.957, 0.937);
const RED_TINT = rgb(0.992, 0.925, 0.925);

interface Fonts {
	font: PDFFont;
	strong: PDFFont;
}

/**
 * Lines no wider than `width`. On top of breaking between words, a single word wider than the
 * line (a web address, a name pasted without spaces) is cut between characters: clipped or
 * overflowing text would be lost on paper, and an address must stay whole to be typed.
 */
function lines(text: string, font: PDFFont, size: number, width: number): string[] {
	const out: string[] = [];
	// Decomposed diacritics (as some keyboards and imports produce) would draw as loose marks.
	for (const line of wrap(text.normalize('NFC').trim(), font, size, width)) {
		let rest = line;
		while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
			let cut = rest.length - 1;
			while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
			out.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		out.push(rest);
	}
	return out;
}

type Align = 'left' | 'centre' | 'right';

/**
 * At most `count` lines, the last one ending in an ellipsis if text was left out: a one-page
 * summary must keep its signatures on the page whatever a unit or criterion happens to be called.
 */
function atMost(text: string[], count: number, font: PDFFont, size: number, width: number): string[] {
	if (text.length <= count) return text;
	const kept = text.slice(0, count);
	kept[count - 1] = fit(`${kept[count - 1]} ${text[count]}`, font, size, width);
	return kept;
}

/** Draws already-wrapped lines from `top` (their top edge) down; returns the top of what follows. */
function drawLines(page: PDFPage, text: string[], x: number, width: number, top: number, size: number, font: PDFFont, color: RGB = INK, align: Align = 'left'): number {
	for (const line of text) {
		const lineWidth = font.widthOfTextAtSize(line, size);
		const at = align === 'left' ? x : align === 'right' ? x + width - lineWidth : x + (width - lineWidth) / 2;
		page.drawText(line, { x: at, y: top - size, size, font, color });
		top -= size * LEADING;
	}
	return top;
}

/** A paragraph wrapped inside `width`; returns the top of what follows. */
function paragraph(page: PDFPage, text: string, x: number, width: number, top: number, size: number, font: PDFFont, color: RGB = INK, align: Align = 'left'): number {
	return drawLines(page, lines(text, font, size, width), x, width, top, size, font, color, align);
}

/** The province in the top left corner, as on an administrative form; returns the top of what follows. */
function letterhead(page: PDFPage, strong: PDFFont, provinceName: string): number {
	const width = WIDTH * 0.5;
	const y = drawLines(page, atMost(lines(provinceName.toLocaleUpperCase('vi'), strong, 10.5, width), 2, strong, 10.5, width), LEFT, width, TOP, 10.5, strong, INK, 'centre');
	page.drawLine({ start: { x: LEFT + width / 2 - 30, y: y - 2 }, end: { x: LEFT + width / 2 + 30, y: y - 2 }, thickness: 0.6, color: INK });
	return y - 8;
}

// ——— Tables ———

interface Column {
	header: string;
	width: number;
	align?: Align;
}
interface Cell {
	text: string;
	bold?: boolean;
	color?: RGB;
}
const CELL_SIZE = 9.5;
const PAD_X = 4;
const PAD_Y = 3;

/** Columns given as relative widths, made to fill the text width exactly. */
function columns(spec: [string, number, Align?][]): Column[] {
	const total = spec.reduce((sum, [, share]) => sum + share, 0);
	return spec.map(([header, share, align]) => ({ header, width: (share / total) * WIDTH, align }));
}

interface LaidRow {
	cells: { text: string[]; font: PDFFont; color: RGB; align: Align }[];
	/** A line under the cells, across every column but the first (the evidence's web address). */
	under: { text: string[]; font: PDFFont } | null;
	height: number;
}

function layRow(cols: Column[], cells: Cell[], fonts: Fonts, under: string | null = null): LaidRow {
	const laid = cols.map((col, i) => {
		const cell = cells[i] ?? { text: '' };
		const font = cell.bold ? fonts.strong : fonts.font;
		return { text: lines(cell.text, font, CELL_SIZE, col.width - 2 * PAD_X), font, color: cell.color ?? INK, align: col.align ?? 'left' };
	});
	const underWidth = WIDTH - (cols[0]?.width ?? 0) - 2 * PAD_X;
	const underLines = under ? lines(under, fonts.font, 8.5, underWidth) : null;
	const tallest = Math.max(1, ...laid.map((cell) => cell.text.length));
	const height = 2 * PAD_Y + tallest * CELL_SIZE * LEADING + (underLines ? underLines.length * 8.5 * LEADING + 1 : 0);
	return { cells: laid, under: underLines ? { text: underLines, font: fonts.font } : null, height };
}

/** Draws a row whose top edge is `top`, with a rule under it; returns its bottom edge. */
function drawRow(page: PDFPage, cols: Column[], row: LaidRow, top: number, shade = false): number {
	const bottom = top - row.height;
	if (shade) page.drawRectangle({ x: LEFT, y: bottom, width: WIDTH, height: row.height, color: SHADE });
	let x = LEFT;
	let cellsBottom = top;
	row.cells.forEach((cell, i) => {
		const width = cols[i]!.width;
		cellsBottom = Math.min(cellsBottom, drawLines(page, cell.text, x + PAD_X, width - 2 * PAD_X, top - PAD_Y, CELL_SIZE, cell.font, cell.color, cell.align));
		x += width;
	});
	if (row.under) drawLines(page, row.under.text, LEFT + cols[0]!.width + PAD_X, WIDTH, cellsBottom - 1, 8.5, row.under.font, MUTED);
	page.drawLine({ start: { x: LEFT, y: bottom }, end: { x: RIGHT, y: bottom }, thickness: 0.5, color: RULE });
	return bottom;
}

function headerRow(cols: Column[], fonts: Fonts): LaidRow {
	return layRow(
		cols,
		cols.map((col) => ({ text: col.header, bold: true })),
		fonts
	);
}

// ——— Unit summary ———

/** Where the signature blocks start: everything above must end higher than this. */
const SIGNATURES_TOP = 196;
const FOOTER_BASELINE = 34;

/** One A4 page per unit: figures, whether the target is met, who still has to, and room to sign. */
export async function renderUnitSummaryPdf(pages: UnitSummaryPage[]): Promise<Uint8Array> {
	// A PDF without pages does not open everywhere: the caller has to say there is nothing to print.
	if (pages.length === 0) throw new RangeError('renderUnitSummaryPdf needs at least one unit');
	const first = pages[0]!;
	const { pdf, font, strong } = await vietnamesePdf({
		title: pages.length === 1 ? `Báo cáo ${first.criterionTitle} – ${first.unitName}` : `Báo cáo ${first.criterionTitle} – ${pages.length} đơn vị`,
		author: first.provinceName,
		subject: first.criterionTitle
	});
	for (const unit of pages) summaryPage(pdf, { font, strong }, unit);
	return pdf.save();
}

function summaryPage(pdf: PDFDocument, fonts: Fonts, unit: UnitSummaryPage) {
	const { font, strong } = fonts;
	const page = pdf.addPage(A4);
	let y = letterhead(page, strong, unit.provinceName);

	y = paragraph(page, 'BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU KỸ NĂNG SỐ', LEFT, WIDTH, y - 18, 14, strong, INK, 'centre');
	y = drawLines(page, atMost(lines(unit.unitName, strong, 14, WIDTH - 40), 2, strong, 14, WIDTH - 40), LEFT + 20, WIDTH - 40, y - 2, 14, strong, INK, 'centre');
	y = drawLines(page, atMost(lines(unit.criterionTitle, strong, 12, WIDTH - 40), 4, strong, 12, WIDTH - 40), LEFT + 20, WIDTH - 40, y - 2, 12, strong, GREEN, 'centre');
	y = drawLines(page, atMost(lines(unit.periodText, font, 10, WIDTH), 2, font, 10, WIDTH), LEFT, WIDTH, y - 2, 10, font, INK, 'centre');
	y = drawLines(page, atMost(lines(unit.asOfText, font, 10, WIDTH), 2, font, 10, WIDTH), LEFT, WIDTH, y, 10, font, MUTED, 'centre');

	y = figureGrid(page, fonts, unit.figures, y - 14);

	// The verdict stands apart in colour and in words, so it survives a black-and-white copy.
	const verdict = unit.behind ? 'CHƯA ĐẠT CHỈ TIÊU' : 'ĐẠT CHỈ TIÊU';
	const colour = unit.behind ? RED : GREEN;
	y -= 12;
	page.drawRectangle({ x: LEFT, y: y - 28, width: WIDTH, height: 28, color: unit.behind ? RED_TINT : GREEN_TINT, borderColor: colour, borderWidth: 0.8 });
	page.drawText(verdict, { x: LEFT + (WIDTH - strong.widthOfTextAtSize(verdict, 13)) / 2, y: y - 19, size: 13, font: strong, color: colour });
	y -= 28 + 18;

	y = notMetList(page, fonts, unit.notMet, y, SIGNATURES_TOP + 12);

	signatureBlocks(page, fonts);
	const exported = atMost(lines(unit.exportedText, font, 8.5, WIDTH), 2, font, 8.5, WIDTH);
	drawLines(page, exported, LEFT, WIDTH, FOOTER_BASELINE + 8.5 + (exported.length - 1) * 8.5 * LEADING, 8.5, font, MUTED);
}

/** The figures as labelled boxes, four to a row; returns the top of what follows. */
function figureGrid(page: PDFPage, { font, strong }: Fonts, figures: UnitSummaryPage['figures'], top: number): number {
	const perRow = Math.min(4, Math.max(1, figures.length));
	const cellWidth = WIDTH / perRow;
	for (let start = 0; start < figures.length; start += perRow) {
		const row = figures.slice(start, start + perRow).map((figure) => {
			const value = figure.value.normalize('NFC');
			// A long value ("49 (50%)") shrinks to stay inside its box instead of wrapping.
			let size = 16;
			while (size > 9 && strong.widthOfTextAtSize(value, size) > cellWidth - 12) size -= 0.5;
			return { label: atMost(lines(figure.label, font, 9, cellWidth - 12), 3, font, 9, cellWidth - 12), value, size };
		});
		const labelLines = Math.max(...row.map((cell) => cell.label.length));
		const height = 8 + labelLines * 9 * LEADING + 2 + 16 + 8;
		row.forEach((cell, i) => {
			const x = LEFT + i * cellWidth;
			page.drawRectangle({ x, y: top - height, width: cellWidth, height, borderColor: RULE, borderWidth: 0.6 });
			drawLines(page, cell.label, x + 6, cellWidth - 12, top - 7, 9, font, MUTED);
			page.drawText(cell.value, { x: x + 6, y: top - height + 9, size: cell.size, font: strong, color: INK });
		});
		top -= height;
	}
	return top;
}

/** As many people as fit above `limit`, then how many were left out; returns the top of what follows. */
function notMetList(page: PDFPage, fonts: Fonts, people: UnitSummaryPage['notMet'], top: number, limit: number): number {
	const { font, strong } = fonts;
	if (people.length === 0) return paragraph(page, 'Không có người nào chưa đạt.', LEFT, WIDTH, top, 10.5, font, MUTED);
	top = paragraph(page, `Danh sách người chưa đạt (${people.length} người)`, LEFT, WIDTH, top, 11, strong);
	top -= 4;
	const cols = columns([
		['STT', 0.7, 'right'],
		['Họ và tên', 5],
		['Tình trạng', 3],
		['Tiến độ', 1.3, 'right']
	]);
	const moreHeight = 10 * LEADING + 6;
	const header = headerRow(cols, fonts);
	// The heading alone is no use: if not even one person fits, print only the count.
	const firstHeight = layRow(cols, [{ text: '1' }, { text: people[0]!.name }], fonts).height;
	if (top - header.height - firstHeight < limit) return paragraph(page, `... và ${people.length} người khác`, LEFT, WIDTH, top, 10, font, MUTED);
	top = drawRow(page, cols, header, top, true);
	let shown = 0;
	for (const [i, person] of people.entries()) {
		const row = layRow(cols, [{ text: String(i + 1), color: MUTED }, { text: person.name }, { text: person.state }, { text: person.percent }], fonts);
		const needed = row.height + (i < people.length - 1 ? moreHeight : 0);
		if (top - needed < limit) break;
		top = drawRow(page, cols, row, top);
		shown++;
	}
	if (shown < people.length) top = paragraph(page, `... và ${people.length - shown} người khác`, LEFT + PAD_X, WIDTH, top - 6, 10, font, MUTED);
	return top;
}

/** "NGƯỜI LẬP BIỂU" and "THỦ TRƯỞNG ĐƠN VỊ" side by side, with room to sign above the footer. */
function signatureBlocks(page: PDFPage, { font, strong }: Fonts) {
	const half = WIDTH / 2;
	// The place and date belong to the head of the unit who signs last, as on official forms.
	drawLines(page, ['.............., ngày ...... tháng ...... năm ........'], LEFT + half, half, SIGNATURES_TOP, 10, font, INK, 'centre');
	for (const [i, title] of ['NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG ĐƠN VỊ'].entries()) {
		const x = LEFT + i * half;
		const y = drawLines(page, [title], x, half, SIGNATURES_TOP - 20, 11, strong, INK, 'centre');
		drawLines(page, ['(Ký, ghi rõ họ tên)'], x, half, y, 9.5, font, MUTED, 'centre');
	}
}

// ——— Evidence sheet ———

const SHEET_BOTTOM = 62;

/** Writes down the pages, starting a new one whenever the next block would pass the bottom margin. */
class Flow {
	page: PDFPage;
	y = TOP;
	constructor(readonly pdf: PDFDocument) {
		this.page = pdf.addPage(A4);
	}
	/** Makes room for `height` points, on a new page if need be (never twice in a row). */
	room(height: number) {
		if (this.y - height < SHEET_BOTTOM && this.y < TOP) {
			this.page = this.pdf.addPage(A4);
			this.y = TOP;
		}
	}
	/** Wrapped text, each line placed on its own so a long paragraph can continue overleaf. */
	text(text: string, x: number, width: number, size: number, font: PDFFont, color: RGB = INK, align: Align = 'left') {
		for (const line of lines(text, font, size, width)) {
			this.room(size * LEADING);
			this.y = drawLines(this.page, [line], x, width, this.y, size, font, color, align);
		}
	}
	/** A muted label in a column of its own and its value wrapped beside it. */
	field(label: string, value: string, fonts: Fonts, valueFont: PDFFont, indent = 0, labelWidth = 100) {
		const size = 10;
		const valueLines = lines(value, valueFont, size, WIDTH - indent - labelWidth);
		this.room(size * LEADING * Math.min(2, valueLines.length));
		drawLines(this.page, [label], LEFT + indent, labelWidth, this.y, size, fonts.font, MUTED);
		for (const line of valueLines) {
			this.room(size * LEADING);
			this.y = drawLines(this.page, [line], LEFT + indent + labelWidth, WIDTH - indent - labelWidth, this.y, size, valueFont);
		}
	}
}

/** The evidence sheet: the person, then each criterion with its status and certificates. */
export async function renderEvidenceSheetPdf(sheet: EvidenceSheet): Promise<Uint8Array> {
	const { pdf, font, strong } = await vietnamesePdf({
		title: `Phiếu minh chứng kỹ năng số năm ${sheet.year} – ${sheet.personName}`,
		author: sheet.provinceName,
		subject: 'Phiếu minh chứng kỹ năng số'
	});
	const fonts = { font, strong };
	const flow = new Flow(pdf);
	flow.y = letterhead(flow.page, strong, sheet.provinceName);
	flow.y -= 16;
	flow.text(`PHIẾU MINH CHỨNG KỸ NĂNG SỐ NĂM ${sheet.year}`, LEFT, WIDTH, 15, strong, GREEN, 'centre');
	flow.text(`Kèm theo bản tự đánh giá năm ${sheet.year}`, LEFT, WIDTH, 10, font, MUTED, 'centre');
	flow.y -= 14;

	flow.field('Họ và tên', sheet.personName, fonts, strong);
	flow.field('Tên đăng nhập', sheet.username, fonts, font);
	if (sheet.position) flow.field('Chức vụ', sheet.position, fonts, font);
	if (sheet.agencyName) flow.field('Cơ quan, đơn vị', sheet.agencyName, fonts, font);
	if (sheet.staffGroupText) flow.field('Đối tượng', sheet.staffGroupText, fonts, font);
	flow.y -= 8;
	flow.page.drawLine({ start: { x: LEFT, y: flow.y }, end: { x: RIGHT, y: flow.y }, thickness: 0.6, color: RULE });
	flow.y -= 14;

	if (sheet.criteria.length === 0) flow.text(`Không có tiêu chí nào áp dụng trong năm ${sheet.year}.`, LEFT, WIDTH, 10.5, font, MUTED);
	const cols = columns([
		['STT', 0.55, 'right'],
		['Khóa học', 4.6],
		['Ngày hoàn thành', 1.55],
		['Điểm', 1],
		['Mã chứng nhận', 1.9]
	]);
	sheet.criteria.forEach((criterion, index) => {
		const indent = 18;
		const title = lines(criterion.title, strong, 11.5, WIDTH - indent);
		// Keep a criterion's title with its first lines rather than alone at the foot of a page.
		flow.room(title.length * 11.5 * LEADING + 3 * 10 * LEADING + 10);
		drawLines(flow.page, [`${index + 1}.`], LEFT, indent, flow.y, 11.5, strong, GREEN);
		flow.y = drawLines(flow.page, title, LEFT + indent, WIDTH - indent, flow.y, 11.5, strong, GREEN);
		flow.y -= 3;
		if (criterion.basis) flow.field('Căn cứ', criterion.basis, fonts, font, indent, 84);
		flow.field('Tình trạng', criterion.status, fonts, strong, indent, 84);
		if (criterion.detail) flow.field('Chi tiết', criterion.detail, fonts, font, indent, 84);
		if (criterion.points) flow.field('Điểm', criterion.points, fonts, font, indent, 84);
		flow.y -= 6;

		if (criterion.evidence.length === 0) {
			flow.text('Chưa có minh chứng cho tiêu chí này.', LEFT + indent, WIDTH - indent, 9.5, font, MUTED);
		} else {
			const header = headerRow(cols, fonts);
			const rows = criterion.evidence.map((fact, i) => {
				const code = fact.code ? formatCertificateCode(normaliseCertificateCode(fact.code) ?? fact.code.replace(/-/g, '')) : '—';
				return layRow(
					cols,
					[{ text: String(i + 1), color: MUTED }, { text: fact.course }, { text: fact.completedOn }, { text: fact.score ?? '—' }, { text: code, bold: true }],
					fonts,
					fact.verifyUrl ? `Kiểm tra tại: ${fact.verifyUrl}` : null
				);
			});
			flow.room(header.height + rows[0]!.height);
			flow.y = drawRow(flow.page, cols, header, flow.y, true);
			for (const row of rows) {
				flow.room(row.height);
				flow.y = drawRow(flow.page, cols, row, flow.y);
			}
		}
		flow.y -= 16;
	});

	flow.room(40);
	flow.page.drawLine({ start: { x: LEFT, y: flow.y }, end: { x: RIGHT, y: flow.y }, thickness: 0.6, color: RULE });
	flow.y -= 8;
	flow.text(sheet.note, LEFT, WIDTH, 9.5, font, INK);
	flow.text(sheet.generatedText, LEFT, WIDTH, 9, font, MUTED);

	// Numbered last, once the number of pages is known.
	const pages = pdf.getPages();
	const footer = fit(`${sheet.personName} – Phiếu minh chứng năm ${sheet.year}`, font, 8.5, WIDTH - 80);
	pages.forEach((page, i) => {
		const label = `Trang ${i + 1}/${pages.length}`;
		page.drawLine({ start: { x: LEFT, y: 46 }, end: { x: RIGHT, y: 46 }, thickness: 0.5, color: RULE });
		page.drawText(footer, { x: LEFT, y: 32, size: 8.5, font, color: MUTED });
		page.drawText(label, { x: RIGHT - font.widthOfTextAtSize(label, 9), y: 32, size: 9, font, color: INK });
	});
	return pdf.save();
}

/** The text cut with an ellipsis where it would pass `width` (a running footer has one line). */
function fit(text: string, font: PDFFont, size: number, width: number): string {
	text = text.normalize('NFC');
	if (font.widthOfTextAtSize(text, size) <= width) return text;
	while (text.length > 1 && font.widthOfTextAtSize(`${text}…`, size) > width) text = text.slice(0, -1);
	return `${text.trimEnd()}…`;
}
