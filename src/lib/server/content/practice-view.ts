import QRCode from 'qrcode';
import type { Language } from './catalog';
import type { PracticeView } from '../../practice';
import type { Practice } from './schema';

// Practice is not graded: its answers and explanations may travel with the page, so feedback shows
// at once with JavaScript and after the form round trip without it.
export async function practiceView(id: string, practice: Practice, language: Language): Promise<PracticeView> {
	switch (practice.kind) {
		case 'spot-the-scam':
			return {
				kind: practice.kind,
				id,
				title: practice.title[language],
				messages: practice.messages.map((message) => ({
					id: message.id,
					channel: message.channel,
					from: message.from[language],
					text: message.text[language],
					verdict: message.verdict,
					why: message.why[language]
				}))
			};
		case 'check-before-pay':
			return {
				kind: practice.kind,
				id,
				title: practice.title[language],
				expected: { payee: practice.expected.payee[language], amount: practice.expected.amount, purpose: practice.expected.purpose[language] },
				screen: { payee: practice.screen.payee[language], amount: practice.screen.amount, purpose: practice.screen.purpose[language], bank: practice.screen.bank[language] },
				problems: [...practice.problems].sort(),
				qrSvg: await practiceQr(language),
				explanation: practice.explanation[language]
			};
		case 'mock-application':
			return { kind: practice.kind, id, title: practice.title[language], steps: practice.steps.map((step) => ({ id: step.id, title: step.title[language], text: step.text[language] })) };
	}
}

/**
 * The picture of a QR code on the mock payment screen. It holds plain words, not a VietQR
 * (EMVCo) payload, so no banking app can read it as a payment.
 */
const qrCache = new Map<Language, Promise<string>>();
export function practiceQr(language: Language): Promise<string> {
	let svg = qrCache.get(language);
	if (!svg) {
		svg = QRCode.toString(PRACTICE_QR_TEXT[language], { type: 'svg', margin: 1, errorCorrectionLevel: 'L' });
		qrCache.set(language, svg);
	}
	return svg;
}

export const PRACTICE_QR_TEXT: Record<Language, string> = {
	vi: 'LUYEN TAP - KHONG PHAI MA THANH TOAN',
	en: 'PRACTICE - NOT A PAYMENT CODE'
};
