/**
 * The findings form of the debrief: strengths and areas for improvement, one per line. The
 * limits match what the store keeps (`MAX_FINDINGS` lines of `MAX_FINDING_LENGTH` characters).
 */
import * as z from 'zod';
import { MAX_FINDING_LENGTH, MAX_FINDINGS } from '$lib/server/debrief';

const MAX_TEXT = MAX_FINDINGS * (MAX_FINDING_LENGTH + 2);

const lines = (label: string) =>
	z
		.string()
		.max(MAX_TEXT, `${label}: at most ${MAX_FINDINGS} lines of ${MAX_FINDING_LENGTH} characters`)
		.default('');

export const findingsSchema = z.object({
	strengths: lines('Strengths'),
	improvements: lines('Areas for improvement')
});
