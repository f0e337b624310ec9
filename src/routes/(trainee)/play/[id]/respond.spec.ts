import { describe, expect, it } from 'vitest';
import { respondForm, responseValue } from './respond';

const base = { injectId: 'alert', decisionId: 'flag', idempotencyKey: 'k1' };
const parse = (extra: Record<string, unknown>) => respondForm.parse({ ...base, ...extra });

describe('the answer form', () => {
	it('reads a single choice, and refuses none or two', () => {
		expect(responseValue('single', parse({ option: 'wait' }))).toEqual({
			kind: 'single',
			optionId: 'wait'
		});
		expect(responseValue('single', parse({}))).toBe('Choose one option.');
		expect(responseValue('single', parse({ option: ['a', 'b'] }))).toBe('Choose one option.');
	});

	it('reads repeated fields as lists, without duplicates', () => {
		expect(responseValue('multiple', parse({ option: ['a', 'b', 'a'] }))).toEqual({
			kind: 'multiple',
			optionIds: ['a', 'b']
		});
		expect(responseValue('multiple', parse({}))).toBe(
			'Choose at least one option, or tick “None of these”.'
		);
		expect(responseValue('multiple', parse({ none: 'yes' }))).toEqual({
			kind: 'multiple',
			optionIds: []
		});
		expect(responseValue('multiple', parse({ none: 'yes', option: 'a' }))).toBe(
			'Tick options or “None of these”, not both.'
		);
		expect(responseValue('indicators', parse({ line: ['3', '1', '3'] }))).toEqual({
			kind: 'indicators',
			lines: [1, 3]
		});
		expect(responseValue('indicators', parse({ line: '2' }))).toEqual({
			kind: 'indicators',
			lines: [2]
		});
	});

	it('refuses flags that are not line numbers, and an empty flag list', () => {
		expect(responseValue('indicators', parse({ line: ['1', 'x'] }))).toBe(
			'That line is not in the log.'
		);
		expect(responseValue('indicators', parse({ line: '-1' }))).toBe('That line is not in the log.');
		expect(responseValue('indicators', parse({}))).toMatch(/^Flag at least one line/);
	});

	it('trims text answers and refuses blank ones', () => {
		expect(responseValue('text', parse({ text: '  Call legal \n' }))).toEqual({
			kind: 'text',
			text: 'Call legal'
		});
		expect(responseValue('text', parse({ text: '   ' }))).toBe('Write your answer first.');
	});

	it('limits the rationale and needs the ids and the idempotency key', () => {
		expect(respondForm.safeParse({ ...base, rationale: 'x'.repeat(1000) }).success).toBe(true);
		const long = respondForm.safeParse({ ...base, rationale: 'x'.repeat(1001) });
		expect(long.success).toBe(false);
		expect(long.error?.issues[0].message).toMatch(/under 1000 characters/);
		expect(respondForm.safeParse({ ...base, idempotencyKey: '' }).success).toBe(false);
		expect(respondForm.safeParse({ injectId: 'a', decisionId: 'b' }).success).toBe(false);
	});
});
