import { describe, expect, it } from 'vitest';
import { delivered, MAX_ATTEMPTS, retryable, retryDelay } from './retry';

describe('webhook retries', () => {
	it('retries network errors, 5xx, 408 and 429, and nothing else', () => {
		expect(retryable(null)).toBe(true);
		for (const s of [500, 502, 503, 504, 408, 429]) expect(retryable(s), String(s)).toBe(true);
		for (const s of [200, 204, 301, 400, 401, 403, 404, 410, 422]) expect(retryable(s)).toBe(false);
		expect(delivered(204)).toBe(true);
		expect(delivered(302)).toBe(false);
		expect(delivered(null)).toBe(false);
	});

	it('doubles the wait from the base, six attempts over about ten minutes', () => {
		const waits = [1, 2, 3, 4, 5].map((n) => retryDelay(n, 20_000, 0.5));
		expect(waits).toEqual([20_000, 40_000, 80_000, 160_000, 320_000]);
		expect(retryDelay(MAX_ATTEMPTS, 20_000, 0.5)).toBeNull();
		expect(MAX_ATTEMPTS).toBe(6);
		const total = (waits as number[]).reduce((a, b) => a + b, 0);
		expect(total / 60_000).toBeCloseTo(10.33, 1);
	});

	it('jitters each wait by at most 10 per cent', () => {
		expect(retryDelay(1, 20_000, 0)).toBe(18_000);
		expect(retryDelay(1, 20_000, 0.999999)).toBe(22_000);
	});
});
