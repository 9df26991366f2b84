import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatCertificateCode } from './codes';

/** Everything printed on a certificate, already in words. */
export interface CertificatePrint {
	code: string;
	holderName: string;
	courseTitleVi: string;
	courseTitleEn: string;
	courseVersion: number;
	completedOn: string;
	score: string | null;
	unitName: string | null;
	issuerName: string;
	issuingAuthority: string | null;
	signerName: string | null;
	signerTitle: string | null;
	verifyUrl: string;
	revoked: boolean;
}

// Be Vietnam Pro (SIL Open Font License 1.1), drawn for Vietnamese: every stacked diacritic is a
// real glyph, so the text stays selectable and searchable. Read once per process.
const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;
function fontBytes() {
	fonts ??= Promise.all([
		readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf')),
		readFile(require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'))
	]).then(([regular, bold]) => ({ regular, bold }));
	return fonts;
}

/**
 * Parsing the font takes most of a certificate's time: pdf-lib asks fontkit to parse the same
 * bytes for every document, so hand it a fontkit whose `create` remembers what it parsed (keyed
 * by the bytes object, read once above). Each document still builds its own subset.
 */
const parsed = new Map<Uint8Array, ReturnType<typeof fontkit.create>>();
const fontkitParsingOnce: typeof fontkit = {
	...fontkit,
	create(data, postscriptName) {
		let font = parsed.get(data);
		if (!font) {
			font = fontkit.create(data, postscriptName);
			parsed.set(data, font);
		}
		return font;
	}
};

export const GREEN = rgb(0.043, 0.365, 0.294);
export const INK = rgb(0.106, 0.122, 0.137);
export const MUTED = rgb(0.29, 0.31, 0.345);

/**
 * A new PDF with Be Vietnam Pro embedded (regular and bold, subset), for every printable document
 * of the platform: the fonts are read and parsed once per process.
 */
export async function vietnamesePdf(meta: { title: string; author: string; subject: string }): Promise<{ pdf: PDFDocument; font: PDFFont; strong: PDFFont }> {
	const { regular, bold } = await fontBytes();
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkitParsingOnce);
	pdf.setTitle(meta.title);
	pdf.setAuthor(meta.author);
	pdf.setSubject(meta.subject);
	pdf.setCreator('Học vụ số');
	return { pdf, font: await pdf.embedFont(regular, { subset: true }), strong: await pdf.embedFont(bold, { subset: true }) };
}

/** Lines of at most `width` points, broken between words. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const next = line ? `${line} ${word}` : word;
		if (line && font.widthOfTextAtSize(next, size) > width) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line) lines.push(line);
	return lines;
}

/** Centred lines below `top` (their top edge); returns the top of what comes next. */
function centred(page: PDFPage, text: string, top: number, size: number, font: PDFFont, color = INK, maxWidth = 640): number {
	// Shrink a very long name or title rather than run off the page.
	let fitted = size;
	let lines = wrap(text, font, fitted, maxWidth);
	while (lines.length > 2 && fitted > size * 0.6) {
		fitted -= 1;
		lines = wrap(text, font, fitted, maxWidth);
	}
	for (const line of lines) {
		const baseline = top - fitted;
		page.drawText(line, { x: (page.getWidth() - font.widthOfTextAtSize(line, fitted)) / 2, y: baseline, size: fitted, font, color });
		top = baseline - fitted * 0.35;
	}
	return top;
}

/** A4 landscape certificate with a QR code to its public verification page. */
export async function renderCertificatePdf(print: CertificatePrint): Promise<Uint8Array> {
	const { pdf, font, strong } = await vietnamesePdf({ title: `Giấy chứng nhận ${formatCertificateCode(print.code)}`, author: print.issuerName, subject: print.courseTitleVi });
	const page = pdf.addPage([841.89, 595.28]);
	const { width, height } = page.getSize();

	page.drawRectangle({ x: 18, y: 18, width: width - 36, height: height - 36, borderColor: GREEN, borderWidth: 3 });
	page.drawRectangle({ x: 26, y: 26, width: width - 52, height: height - 52, borderColor: GREEN, borderWidth: 0.8 });

	let y = height - 70;
	// The national heading belongs to official documents: only with a real issuing authority and signer.
	if (print.issuingAuthority && print.signerName) {
		page.drawText(print.issuingAuthority.toLocaleUpperCase('vi'), { x: 60, y, size: 11, font: strong, color: INK });
		const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
		const motto = 'Độc lập - Tự do - Hạnh phúc';
		const right = width - 60;
		page.drawText(nation, { x: right - strong.widthOfTextAtSize(nation, 11), y, size: 11, font: strong, color: INK });
		const mottoWidth = strong.widthOfTextAtSize(motto, 11);
		const mottoX = right - strong.widthOfTextAtSize(nation, 11) / 2 - mottoWidth / 2;
		page.drawText(motto, { x: mottoX, y: y - 16, size: 11, font: strong, color: INK });
		page.drawLine({ start: { x: mottoX, y: y - 20 }, end: { x: mottoX + mottoWidth, y: y - 20 }, thickness: 0.6, color: INK });
		y -= 40;
	} else {
		y -= 10;
	}

	y = centred(page, 'GIẤY CHỨNG NHẬN', y - 10, 34, strong, GREEN);
	y = centred(page, 'Certificate of completion', y, 12, font, MUTED);
	y = centred(page, 'Chứng nhận', y - 16, 14, font);
	y = centred(page, print.holderName, y - 4, 28, strong);
	y = centred(page, 'đã hoàn thành khóa học', y - 8, 14, font);
	y = centred(page, print.courseTitleVi, y - 4, 20, strong, GREEN);
	y = centred(page, `(${print.courseTitleEn} · phiên bản ${print.courseVersion})`, y - 2, 11, font, MUTED);
	const facts = [`Ngày hoàn thành: ${print.completedOn}`, print.score ? `Điểm bài kiểm tra: ${print.score}` : null, print.unitName].filter(Boolean).join('   ·   ');
	centred(page, facts, y - 12, 12, font);

	// Bottom left: code and QR; bottom right: issuer and signer.
	const qr = QRCode.create(print.verifyUrl, { errorCorrectionLevel: 'M' });
	const cells = qr.modules.size;
	const qrSize = 96;
	const cell = qrSize / cells;
	const qrX = 60;
	const qrY = 60;
	page.drawRectangle({ x: qrX - 4, y: qrY - 4, width: qrSize + 8, height: qrSize + 8, color: rgb(1, 1, 1) });
	// One path of each row's dark runs, in module units: a rectangle per module took half the render.
	const runs: string[] = [];
	for (let row = 0; row < cells; row++) {
		for (let col = 0; col < cells; col++) {
			if (!qr.modules.get(row, col)) continue;
			const start = col;
			while (col + 1 < cells && qr.modules.get(row, col + 1)) col++;
			runs.push(`M${start} ${row}H${col + 1}V${row + 1}H${start}Z`);
		}
	}
	page.drawSvgPath(runs.join(''), { x: qrX, y: qrY + qrSize, scale: cell, color: INK, borderWidth: 0 });
	page.drawText(`Mã: ${formatCertificateCode(print.code)}`, { x: qrX + qrSize + 14, y: qrY + 60, size: 13, font: strong, color: INK });
	page.drawText('Kiểm tra giấy chứng nhận tại:', { x: qrX + qrSize + 14, y: qrY + 40, size: 10, font, color: MUTED });
	page.drawText(print.verifyUrl, { x: qrX + qrSize + 14, y: qrY + 26, size: 10, font, color: MUTED });

	const right = width - 70;
	const signer = [print.signerTitle, print.signerName].filter((line): line is string => Boolean(line));
	const block = [print.issuerName, ...signer];
	block.forEach((line, i) => {
		const f = i === 0 || i === block.length - 1 ? strong : font;
		page.drawText(line, { x: right - f.widthOfTextAtSize(line, 12), y: 120 - i * 18, size: 12, font: f, color: INK });
	});

	if (print.revoked) {
		page.drawText('ĐÃ THU HỒI', { x: width / 2 - 150, y: height / 2 - 20, size: 64, font: strong, color: rgb(0.64, 0.09, 0.1), opacity: 0.35 });
	}
	return pdf.save();
}
