/**
 * Input schemas of the privacy pages: a person's deletion request and an admin's decision on one.
 * Read with parseForm from ./admin; messages speak the language of the request.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';

const REASON_MAX = 500;

const text = (max: number) =>
	z
		.string()
		.normalize('NFC')
		.trim()
		.max(max, { error: () => m.privacy_text_too_long({ max }) });

/** A ticked checkbox sends "on"; anything else is not a confirmation. */
const confirmed = (message: () => string) => z.literal('on', { error: message });

export const deletionRequestSchema = z.object({
	reason: text(REASON_MAX).transform((value) => value || null),
	confirm: confirmed(() => m.privacy_delete_confirm_missing())
});

const requestId = z
	.string()
	.regex(/^[1-9]\d{0,11}$/)
	.transform(Number);

export const carryOutSchema = z.object({
	request: requestId,
	confirm: confirmed(() => m.privacy_admin_confirm_missing())
});

export const refuseSchema = z.object({
	request: requestId,
	note: text(REASON_MAX).min(1, { error: () => m.privacy_admin_note_missing() })
});
