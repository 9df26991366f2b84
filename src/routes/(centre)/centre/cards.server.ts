import { type SignInCard, qrSvg, signInAddress } from '$lib/server/centre';
import type { PrintedCard } from './SignInCard.svelte';

/** Cards as the page prints them: dates as numbers, each with its QR code drawn. */
export function printedCards(cards: SignInCard[], origin: string): Promise<PrintedCard[]> {
	return Promise.all(
		cards.map(async (card) => {
			const address = signInAddress(origin, card.username);
			return { ...card, expiresAt: card.expiresAt.getTime(), address, qr: await qrSvg(address) };
		})
	);
}
