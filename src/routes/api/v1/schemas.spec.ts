import { describe, expect, it } from 'vitest';
import {
	createSessionBody,
	joinBody,
	observationBody,
	overrideBody,
	responseBody,
	speedBody
} from './schemas';

const answer = {
	injectId: 'brief',
	decisionId: 'ready',
	value: { kind: 'single', optionId: 'yes' },
	idempotencyKey: 'k1'
};

describe('API request bodies', () => {
	it('fills in the default speed and trims team names', () => {
		const body = createSessionBody.parse({
			scenarioId: 'phish',
			teams: [' Red ', 'Blue'],
			release: 'manual'
		});
		expect(body).toEqual({
			scenarioId: 'phish',
			teams: ['Red', 'Blue'],
			speed: 1,
			release: 'manual'
		});
	});

	it('refuses too many, too long, empty or repeated team names', () => {
		const base = { scenarioId: 'phish', release: 'auto' };
		const teams = (list: string[]) => createSessionBody.safeParse({ ...base, teams: list }).success;
		expect(teams([])).toBe(false);
		expect(teams(Array.from({ length: 51 }, (_, i) => `T${i}`))).toBe(false);
		expect(teams(Array.from({ length: 50 }, (_, i) => `T${i}`))).toBe(true);
		expect(teams(['x'.repeat(61)])).toBe(false);
		expect(teams(['  '])).toBe(false);
		expect(teams(['Red', 'red'])).toBe(false);
	});

	it('keeps speed within 0.1..600 and must be a number', () => {
		expect(speedBody.safeParse({ speed: 0.1 }).success).toBe(true);
		expect(speedBody.safeParse({ speed: 600 }).success).toBe(true);
		expect(speedBody.safeParse({ speed: 0.05 }).success).toBe(false);
		expect(speedBody.safeParse({ speed: 601 }).success).toBe(false);
		expect(speedBody.safeParse({ speed: '2' }).success).toBe(false);
	});

	it('refuses unknown keys, naming them', () => {
		const result = joinBody.safeParse({ code: 'A', name: 'Ana', team: 'Red', role: 'ic', x: 1 });
		expect(result.success).toBe(false);
		expect(JSON.stringify(result.error?.issues)).toContain('"x"');
	});

	it('bounds the override reason and the observation text', () => {
		const override = { team: 'red', injectId: 'i', decisionId: 'd', optionId: 'o' };
		expect(overrideBody.safeParse({ ...override, reason: ' ' }).success).toBe(false);
		expect(overrideBody.safeParse({ ...override, reason: 'x'.repeat(501) }).success).toBe(false);
		expect(overrideBody.safeParse({ ...override, reason: 'late' }).success).toBe(true);
		expect(observationBody.safeParse({ text: 'ok', rating: 'X' }).success).toBe(false);
		expect(observationBody.safeParse({ text: 'ok', rating: 'P', team: 'Red' }).success).toBe(true);
	});

	it('takes each kind of answer and refuses a value of no known kind', () => {
		const values = [
			{ kind: 'single', optionId: 'yes' },
			{ kind: 'multiple', optionIds: ['a', 'b'] },
			{ kind: 'indicators', lines: [0, 3] },
			{ kind: 'text', text: 'Isolate the host.' }
		];
		for (const value of values)
			expect(responseBody.safeParse({ ...answer, value }).success).toBe(true);
		const bad = [
			{ kind: 'single' },
			{ kind: 'indicators', lines: [-1] },
			{ kind: 'indicators', lines: [1.5] },
			{ kind: 'text', text: '   ' },
			{ kind: 'text', text: 'x'.repeat(4001) },
			{ kind: 'vote', optionId: 'yes' },
			{ kind: 'single', optionId: 'yes', extra: true }
		];
		for (const value of bad)
			expect(responseBody.safeParse({ ...answer, value }).success).toBe(false);
	});

	it('bounds the rationale and the idempotency key', () => {
		expect(responseBody.safeParse({ ...answer, rationale: 'x'.repeat(1000) }).success).toBe(true);
		expect(responseBody.safeParse({ ...answer, rationale: 'x'.repeat(1001) }).success).toBe(false);
		expect(responseBody.safeParse({ ...answer, idempotencyKey: '' }).success).toBe(false);
		expect(responseBody.safeParse({ ...answer, idempotencyKey: 'k'.repeat(101) }).success).toBe(
			false
		);
	});
});
