import type { Language } from './catalog';
import type { PracticeView } from '../../practice';
import type { Practice } from './schema';

// Practice is not graded: its answers and explanations may travel with the page, so feedback shows
// at once with JavaScript and after the form round trip without it.
export function practiceView(id: string, practice: Practice, language: Language): PracticeView {
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
				explanation: practice.explanation[language]
			};
		case 'mock-application':
			return { kind: practice.kind, id, title: practice.title[language], steps: practice.steps.map((step) => ({ id: step.id, title: step.title[language], text: step.text[language] })) };
	}
}
