import { describe, expect, it } from 'vitest';
import { MAX_FINDING_LENGTH, MAX_FINDINGS } from '#lib/server/debrief.js';
import { findingsSchema } from './findings';

describe('the findings form', () => {
	it('refuses a finding longer than the store keeps instead of cutting it short', () => {
		const long = findingsSchema.safeParse({ strengths: 'x'.repeat(MAX_FINDING_LENGTH + 1) });
		expect(long.success).toBe(false);
		expect(long.error?.issues[0].message).toBe(
			`Strengths: a finding has at most ${MAX_FINDING_LENGTH} characters`
		);
		const fits = findingsSchema.safeParse({ strengths: ` ${'x'.repeat(MAX_FINDING_LENGTH)} ` });
		expect(fits.success).toBe(true);
	});

	it('refuses more findings than the store keeps; blank lines do not count', () => {
		const many = Array.from({ length: MAX_FINDINGS + 1 }, (_, i) => `finding ${i}`);
		const over = findingsSchema.safeParse({ improvements: many.join('\n') });
		expect(over.success).toBe(false);
		expect(over.error?.issues[0].message).toBe(
			`Areas for improvement: at most ${MAX_FINDINGS} findings`
		);
		const spaced = findingsSchema.safeParse({ improvements: many.slice(1).join('\n\n') });
		expect(spaced.success).toBe(true);
	});
});
