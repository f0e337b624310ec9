/**
 * The findings form of the debrief: strengths and areas for improvement, one per line. The
 * limits match what the store keeps (`MAX_FINDINGS` lines of `MAX_FINDING_LENGTH` characters).
 */
import * as z from 'zod';
import { MAX_SIGN_OFF_COMMENT } from '#lib/engine/session/commands.js';
import { MAX_FINDING_LENGTH, MAX_FINDINGS } from '#lib/server/debrief.js';

const MAX_TEXT = MAX_FINDINGS * (MAX_FINDING_LENGTH + 2);

/** The non-blank lines of a textarea, trimmed (as findingsFromText keeps them). */
const findingLines = (text: string) =>
	text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter((l) => l.length > 0);

// Over-long findings are refused with a message rather than cut short where nobody sees it.
const lines = (label: string) =>
	z
		.string()
		.max(MAX_TEXT, `${label}: at most ${MAX_FINDINGS} lines of ${MAX_FINDING_LENGTH} characters`)
		.default('')
		.refine((text) => findingLines(text).every((l) => l.length <= MAX_FINDING_LENGTH), {
			message: `${label}: a finding has at most ${MAX_FINDING_LENGTH} characters`
		})
		.refine((text) => findingLines(text).length <= MAX_FINDINGS, {
			message: `${label}: at most ${MAX_FINDINGS} findings`
		});

export const findingsSchema = z.object({
	strengths: lines('Strengths'),
	improvements: lines('Areas for improvement')
});

/** Issue 16: the sign-off form, an optional comment. */
export const signOffSchema = z.object({
	comment: z
		.string()
		.trim()
		.max(MAX_SIGN_OFF_COMMENT, `Comment: at most ${MAX_SIGN_OFF_COMMENT} characters`)
		.default('')
});
