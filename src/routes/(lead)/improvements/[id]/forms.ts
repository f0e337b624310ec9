/** The item page's forms. Dates are plain calendar days; an empty field clears the value. */
import { z } from 'zod';
import { ITEM_STATUSES } from '#lib/server/improvements/store.js';

/** Empty, or a calendar day that exists (no 31 February). */
export function realDay(v: string): boolean {
	if (v === '') return true;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
	const date = new Date(`${v}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
}

const day = z
	.string()
	.trim()
	.refine(realDay, 'Give the date as YYYY-MM-DD.')
	.transform((v) => (v === '' ? null : v));

/** Every field is optional: a form sends only the fields its user may change. */
export const updateSchema = z.object({
	owner: z.string().trim().max(120, 'Keep the owner under 120 characters.').optional(),
	dueDate: day.optional(),
	correctiveAction: z
		.string()
		.trim()
		.min(1, 'Describe the corrective action.')
		.max(2000, 'Keep the corrective action under 2,000 characters.')
		.optional(),
	status: z.enum(ITEM_STATUSES).optional(),
	planSection: z
		.string()
		.trim()
		.max(100)
		.transform((v) => (v === '' ? null : v))
		.optional()
});

export const noteSchema = z.object({
	note: z
		.string()
		.trim()
		.max(1000, 'Keep the note under 1,000 characters.')
		.transform((v) => (v === '' ? null : v))
		.optional()
});
