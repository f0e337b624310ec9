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

/** A Prometheus histogram's cumulative buckets: upper bound (seconds, Infinity for +Inf) -> count. */
export type Buckets = Map<number, number>;

/** The cumulative buckets of histogram `name` in a Prometheus text exposition. */
export function parseBuckets(text: string, name: string): Buckets {
	const buckets: Buckets = new Map();
	const re = new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\} (\\S+)`, 'gm');
	for (const m of text.matchAll(re)) {
		const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
		buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
	}
	return buckets;
}

/** The value of an unlabelled gauge in a Prometheus text scrape, or null when absent. */
export function gaugeValue(text: string, name: string): number | null {
	const m = new RegExp(`^${name} (\\S+)`, 'm').exec(text);
	return m ? Number(m[1]) : null;
}

/**
 * Quantiles (0-1) of what a histogram observed between two scrapes, in milliseconds, as
 * Prometheus's histogram_quantile estimates them: linear within the bucket the rank falls in.
 * Null when nothing was observed; a rank in the +Inf bucket gives the largest finite bound.
 */
export function histogramQuantilesMs(
	before: Buckets,
	after: Buckets,
	quantiles: readonly number[]
): (number | null)[] {
	const bounds = [...after.keys()].sort((a, b) => a - b);
	const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
	const total = counts[counts.length - 1] ?? 0;
	return quantiles.map((q) => {
		if (total <= 0) return null;
		const rank = q * total;
		const i = counts.findIndex((c) => c >= rank);
		const upper = bounds[i];
		const lower = i === 0 ? 0 : bounds[i - 1];
		if (upper === Infinity) return round(lower * 1000, 1);
		const below = i === 0 ? 0 : counts[i - 1];
		const inBucket = counts[i] - below;
		const at = inBucket === 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
		return round(at * 1000, 1);
	});
}

/** The sum of several servers' histograms (the same metric on every instance), bucket by bucket. */
export function addBuckets(list: readonly Buckets[]): Buckets {
	const sum: Buckets = new Map();
	for (const buckets of list) {
		for (const [le, n] of buckets) sum.set(le, (sum.get(le) ?? 0) + n);
	}
	return sum;
}
