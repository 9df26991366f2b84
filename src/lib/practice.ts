/** A practice simulation in one language, as the lesson page shows it. */
export type PracticeView =
	| {
			kind: 'spot-the-scam';
			id: string;
			title: string;
			messages: { id: string; channel: 'sms' | 'zalo' | 'call'; from: string; text: string; verdict: 'scam' | 'safe'; why: string }[];
	  }
	| {
			kind: 'check-before-pay';
			id: string;
			title: string;
			expected: { payee: string; amount: number; purpose: string };
			screen: { payee: string; amount: number; purpose: string; bank: string };
			problems: string[];
			explanation: string;
			/** SVG of a QR code that is deliberately not a payment code. */
			qrSvg: string;
	  }
	| { kind: 'mock-application'; id: string; title: string; steps: { id: string; title: string; text: string }[] };


/** The learner's answer to one practice item, as saved or just given. */
export interface PracticeAnswer {
	itemId: string;
	answer: string;
	/** Null where the item has no right answer (a mock-application step). */
	correct: boolean | null;
}
