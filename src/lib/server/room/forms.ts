/**
 * The room's forms and API bodies (issue 13), parsed: one zod schema per action, shared by the
 * trainee page, the console and the JSON API so that a limit reads the same everywhere. Text
 * bounds here only stop absurd posts early; the engine (room.ts) owns the real limits and says
 * them in words.
 */
import * as z from 'zod';
import {
	HOTWASH_KINDS,
	IMPROVISED_CHANNELS,
	MAX_CHAT,
	MAX_FEEDBACK_TEXT,
	MAX_IMPROVISED_BODY,
	MAX_RECORD_TEXT,
	MAX_RFI,
	MAX_TITLE
} from '#lib/engine/session/room.js';
import { parseScenarioTime } from '#lib/engine/session/clock.js';

const id = z.string().trim().min(1).max(100);
const optionalId = z
	.string()
	.trim()
	.max(100)
	.optional()
	.transform((v) => (v ? v : undefined));
const bounded = (max: number, what: string) =>
	z.string().max(max + 200, `the ${what} is longer than ${max} characters`);
/** A client's key that makes a retried post land once. */
const key = z.string().max(100).optional();

export const chatForm = z.object({
	channel: id,
	text: bounded(MAX_CHAT, 'message'),
	key
});

export const rfiForm = z.object({ text: bounded(MAX_RFI, 'question'), key });

export const rfiAnswerForm = z.object({
	rfiId: id,
	text: bounded(MAX_RFI * 4, 'answer').optional(),
	injectId: optionalId
});

/** "+1:30:00", "45:00", "90m" or minutes; empty: now. */
const scenarioAt = z
	.string()
	.max(20)
	.optional()
	.transform((text, ctx) => {
		if (!text || !text.trim()) return undefined;
		const ms = parseScenarioTime(text);
		if (ms === null) {
			ctx.addIssue({
				code: 'custom',
				message: 'write the time as +1:30:00, 45:00, 90m or a number of minutes'
			});
			return z.NEVER;
		}
		return ms;
	});

export const improviseForm = z.object({
	teamId: optionalId,
	role: optionalId,
	channel: z.enum(IMPROVISED_CHANNELS, 'choose a channel'),
	from: bounded(MAX_TITLE, 'sender').optional().default(''),
	title: bounded(MAX_TITLE, 'title'),
	body: bounded(MAX_IMPROVISED_BODY, 'message'),
	question: bounded(MAX_RFI, 'question').optional(),
	at: scenarioAt
});

export const improvisedAnswerForm = z.object({
	improvisedId: id,
	text: bounded(MAX_FEEDBACK_TEXT, 'answer')
});

export const recordForm = z.object({
	status: optionalId,
	severity: optionalId,
	summary: bounded(MAX_RECORD_TEXT, 'summary').optional()
});

export const entryForm = z.object({
	kind: z.enum(['timeline', 'evidence'], 'choose a timeline entry or an evidence item'),
	text: bounded(MAX_RECORD_TEXT, 'entry'),
	hash: z.string().max(200).optional(),
	key
});

export const custodyForm = z.object({ entryId: id, text: bounded(MAX_RECORD_TEXT, 'note') });

/**
 * The participant feedback form: `rating.<objective id>` fields hold 1..5 (or nothing); the
 * API sends `ratings` as an object.
 */
export const feedbackForm = z
	.looseObject({
		strengths: bounded(MAX_FEEDBACK_TEXT, 'strengths').optional(),
		improvements: bounded(MAX_FEEDBACK_TEXT, 'areas for improvement').optional(),
		comments: bounded(MAX_FEEDBACK_TEXT, 'comments').optional()
	})
	.transform((form, ctx) => {
		const ratings: Record<string, number> = {};
		for (const [k, v] of Object.entries(form)) {
			if (!k.startsWith('rating.') || v === '' || v === undefined) continue;
			const n = Number(v);
			if (!Number.isInteger(n) || n < 1 || n > 5) {
				ctx.addIssue({ code: 'custom', message: 'each rating is from 1 to 5', path: [k] });
				return z.NEVER;
			}
			ratings[k.slice('rating.'.length)] = n;
		}
		return {
			strengths: form.strengths,
			improvements: form.improvements,
			comments: form.comments,
			ratings
		};
	});

export const hotwashForm = z.object({
	kind: z.enum(HOTWASH_KINDS, 'choose strength, area for improvement or note'),
	objectiveId: optionalId,
	text: bounded(MAX_FEEDBACK_TEXT, 'note')
});

/** The participant feedback form as JSON (the API): ratings by objective id. */
export const feedbackBody = z.strictObject({
	strengths: bounded(MAX_FEEDBACK_TEXT, 'strengths').optional(),
	improvements: bounded(MAX_FEEDBACK_TEXT, 'areas for improvement').optional(),
	comments: bounded(MAX_FEEDBACK_TEXT, 'comments').optional(),
	ratings: z
		.record(z.string().max(100), z.number().int().min(1).max(5))
		.default({})
		.refine((r) => Object.keys(r).length <= 30, 'at most 30 ratings')
});

/**
 * The JSON API's bodies (strict: a mistyped key is a 400 naming it); the forms above are also
 * read from HTML form posts, which carry extra keys (SvelteKit's own).
 */
export const chatBody = chatForm.strict();
export const rfiBody = rfiForm.strict();
export const rfiAnswerBody = rfiAnswerForm.omit({ rfiId: true }).strict();
export const improviseBody = improviseForm.strict();
