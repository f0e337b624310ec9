/**
 * The answer form of the trainee page, as posted without JavaScript: one form per decision with
 * its ids, an idempotency key, and the answer in fields named after its kind (`option` for
 * choices, `line` for flagged log lines, `text` for free text) plus an optional rationale.
 */
import { z } from 'zod';
import { MAX_RATIONALE, MAX_TEXT_ANSWER } from '#lib/engine/session/commands.js';
import type { ResponseValue } from '#lib/engine/session/events.js';
import type { DecisionKind } from '#lib/engine/scenario/model.js';

/** A field a form may send once (a string) or several times (an array). */
const many = z
	.union([z.string().max(100), z.array(z.string().max(100)).max(1000)])
	.optional()
	.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const respondForm = z.object({
	injectId: z.string().min(1).max(100),
	decisionId: z.string().min(1).max(100),
	idempotencyKey: z.string().min(1).max(100),
	option: many,
	/** "None of these": the explicit empty answer to a multiple choice. */
	none: z.literal('yes').optional(),
	line: many,
	text: z.string().max(MAX_TEXT_ANSWER, `Use at most ${MAX_TEXT_ANSWER} characters.`).optional(),
	rationale: z
		.string()
		.max(MAX_RATIONALE, `Keep the rationale under ${MAX_RATIONALE} characters.`)
		.optional()
});

export type RespondForm = z.output<typeof respondForm>;

/** The answer the form holds for a decision of `kind`, or a sentence saying what is missing. */
export function responseValue(kind: DecisionKind, form: RespondForm): ResponseValue | string {
	switch (kind) {
		case 'single':
			if (form.option.length !== 1) return 'Choose one option.';
			return { kind, optionId: form.option[0] };
		case 'multiple':
			if (form.none && form.option.length > 0) return 'Tick options or “None of these”, not both.';
			if (!form.none && form.option.length === 0)
				return 'Choose at least one option, or tick “None of these”.';
			return { kind, optionIds: [...new Set(form.option)] };
		case 'indicators': {
			const lines = form.line.map((n) => Number(n));
			if (lines.some((n) => !Number.isInteger(n) || n < 0)) return 'That line is not in the log.';
			if (lines.length === 0) return 'Flag at least one line of the log (tick its box).';
			return { kind, lines: [...new Set(lines)].sort((a, b) => a - b) };
		}
		case 'text': {
			const text = form.text?.trim() ?? '';
			if (!text) return 'Write your answer first.';
			return { kind, text };
		}
	}
}
