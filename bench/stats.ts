/**
 * Small statistics for the benchmark: exact percentiles over recorded samples (autocannon's
 * histogram has no p95), and a compact summary of a latency sample.
 */

/** The p-th percentile (0-100) of `values` by the nearest-rank method; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
	return percentileSorted(
		[...values].sort((a, b) => a - b),
		p
	);
}

function percentileSorted(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The median of `values`; null for none. */
export function median(values: readonly number[]): number | null {
	return percentile(values, 50);
}

export interface LatencySummary {
	count: number;
	p50: number | null;
	p95: number | null;
	p99: number | null;
	max: number | null;
}

/** p50/p95/p99/max of a latency sample, rounded to 0.1 ms. */
export function summarise(values: readonly number[]): LatencySummary {
	const r = (x: number | null) => (x === null ? null : round(x, 1));
	// One sort for all three percentiles: samples run to hundreds of thousands.
	const sorted = [...values].sort((a, b) => a - b);
	return {
		count: values.length,
		p50: r(percentileSorted(sorted, 50)),
		p95: r(percentileSorted(sorted, 95)),
		p99: r(percentileSorted(sorted, 99)),
		max: r(values.length ? values.reduce((a, b) => (b > a ? b : a)) : null)
	};
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 0): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

/** `a / b` rounded to 2 decimals, or null when either is missing or `b` is 0. */
export function ratio(a: number | null, b: number | null): number | null {
	if (a === null || b === null || b === 0) return null;
	return round(a / b, 2);
}
