/**
 * Input schemas of the person lifecycle page: a move, leaving or returning to the service, and a
 * merge of two accounts. Messages are called while an input is checked, in the request's language.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import { STAFF_GROUPS } from '../server/db/schema';

const input = () => z.string().normalize('NFC').trim();

/** The id of a listed thing; a tampered value is a message, not a 500. */
const requiredId = input()
	.regex(/^[1-9]\d{0,11}$/, { error: () => m.lifecycle_choose_from_list() })
	.transform(Number);
const optionalId = z.union([z.literal('').transform(() => null), requiredId], { error: () => m.lifecycle_choose_from_list() });

const POSITION_MAX = 100;

/** A move: a new commune of residence, a new agency with staff group and position, or both. */
export const moveSchema = z
	.object({
		commune: optionalId,
		agency: optionalId,
		staffGroup: z
			.union([z.literal(''), z.enum(STAFF_GROUPS)], { error: () => m.lifecycle_choose_from_list() })
			.transform((value) => (value === '' ? null : value)),
		position: input()
			.max(POSITION_MAX, { error: () => m.lifecycle_too_long({ max: POSITION_MAX }) })
			.transform((value) => value.replace(/\s+/g, ' ') || null)
	})
	.superRefine((value, ctx) => {
		if (value.commune === null && value.agency === null) ctx.addIssue({ code: 'custom', path: ['form'], message: m.lifecycle_nothing_to_move() });
		// The staff group decides which criteria count the person: an agency without one counts them nowhere.
		if (value.agency !== null && value.staffGroup === null) ctx.addIssue({ code: 'custom', path: ['staffGroup'], message: m.lifecycle_staff_group_missing() });
		if (value.agency === null && (value.staffGroup !== null || value.position !== null)) {
			ctx.addIssue({ code: 'custom', path: ['agency'], message: m.lifecycle_agency_for_work() });
		}
	});

export type MoveInput = z.output<typeof moveSchema>;

/** Leaving the service, or coming back to it. */
export const serviceSchema = z.object({
	left: z.enum(['true', 'false'], { error: () => m.lifecycle_choose_from_list() }).transform((value) => value === 'true')
});

/** The other account of a merge, as the admin types its username. */
export const findOtherSchema = z.object({
	other: input()
		.toLowerCase()
		.min(1, { error: () => m.lifecycle_username_missing() })
		.max(64, { error: () => m.lifecycle_merge_unknown() })
});

/** The merge itself: the account shown beside this one, and the admin's confirmation. */
export const mergeSchema = z.object({
	other: requiredId,
	confirm: z.literal('on', { error: () => m.lifecycle_confirm_missing() })
});
