import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, round, summarise } from './stats';

describe('benchmark statistics', () => {
	it('takes percentiles by nearest rank, whatever the order of the samples', () => {
		const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
		expect(percentile(values, 50)).toBe(5);
		expect(percentile(values, 95)).toBe(10);
		expect(percentile(values, 10)).toBe(1);
		expect(median([3, 1, 2])).toBe(2);
		expect(percentile([], 50)).toBeNull();
	});

	it('summarises a latency sample without overflowing on a large one', () => {
		const values = Array.from({ length: 200_000 }, (_, i) => i / 1000);
		const s = summarise(values);
		expect(s).toMatchObject({ count: 200_000, p50: 100, p95: 190, p99: 198, max: 200 });
		expect(summarise([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
	});

	it('rounds ratios and refuses to divide by nothing', () => {
		expect(ratio(3, 2)).toBe(1.5);
		expect(ratio(1, 3)).toBe(0.33);
		expect(ratio(null, 2)).toBeNull();
		expect(ratio(2, 0)).toBeNull();
		expect(round(1.25, 1)).toBe(1.3);
	});
});
