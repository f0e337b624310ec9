import { describe, expect, it } from 'vitest';
import { responseBody } from './schemas';

const answer = (value: unknown) => ({
	injectId: 'i',
	decisionId: 'd',
	value,
	idempotencyKey: 'k'
});

describe('API answer bodies', () => {
	it('refuses a multiple-choice answer with no option, as the answer form does', () => {
		const empty = responseBody.safeParse(answer({ kind: 'multiple', optionIds: [] }));
		expect(empty.success).toBe(false);
		expect(empty.error?.issues[0].message).toBe('choose at least one option');
		expect(responseBody.safeParse(answer({ kind: 'multiple', optionIds: ['a'] })).success).toBe(
			true
		);
	});
});
