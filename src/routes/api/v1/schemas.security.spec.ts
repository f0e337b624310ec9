import { describe, expect, it } from 'vitest';
import { responseBody } from './schemas';

const answer = (value: unknown) => ({
	injectId: 'i',
	decisionId: 'd',
	value,
	idempotencyKey: 'k'
});

describe('API answer bodies', () => {
	it('takes an empty multiple-choice answer as "none of these", as the answer form does', () => {
		// docs/api.md and the form's "None of these" box agree: [] is a real answer.
		expect(responseBody.safeParse(answer({ kind: 'multiple', optionIds: [] })).success).toBe(true);
		expect(responseBody.safeParse(answer({ kind: 'multiple', optionIds: ['a'] })).success).toBe(
			true
		);
		expect(responseBody.safeParse(answer({ kind: 'multiple', optionIds: [7] })).success).toBe(
			false
		);
	});
});
