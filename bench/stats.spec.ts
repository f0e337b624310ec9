import { describe, expect, it } from 'vitest';
import {
	addBuckets,
	gaugeValue,
	histogramQuantilesMs,
	median,
	parseBuckets,
	percentile,
	ratio,
	round,
	summarise
} from './stats';

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

	it('estimates quantiles of what a Prometheus histogram observed between two scrapes', () => {
		const scrape = (counts: number[]) =>
			[
				'# HELP sandtable_answer_ack_seconds Time.',
				'# TYPE sandtable_answer_ack_seconds histogram',
				...[0.01, 0.05, 0.1].map(
					(le, i) => `sandtable_answer_ack_seconds_bucket{le="${le}"} ${counts[i]}`
				),
				`sandtable_answer_ack_seconds_bucket{le="+Inf"} ${counts[3]}`,
				`sandtable_answer_ack_seconds_sum 1`,
				`sandtable_answer_ack_seconds_count ${counts[3]}`,
				'sandtable_other_bucket{le="0.01"} 99'
			].join('\n');
		const before = parseBuckets(scrape([10, 10, 10, 10]), 'sandtable_answer_ack_seconds');
		// Between the scrapes: 50 under 10 ms, 40 in 10-50 ms, 10 in 50-100 ms.
		const after = parseBuckets(scrape([60, 100, 110, 110]), 'sandtable_answer_ack_seconds');
		expect(before.get(Infinity)).toBe(10);
		expect(histogramQuantilesMs(before, after, [0.5, 0.7, 0.95, 1])).toEqual([10, 30, 75, 100]);
		expect(histogramQuantilesMs(after, after, [0.5])).toEqual([null]);
		// Ranks past the last finite bound are reported at that bound.
		const late = parseBuckets(scrape([60, 100, 110, 130]), 'sandtable_answer_ack_seconds');
		expect(histogramQuantilesMs(before, late, [0.99])).toEqual([100]);
	});

	it("adds two instances' histograms bucket by bucket", () => {
		const a = new Map([
			[0.01, 2],
			[0.1, 5],
			[Infinity, 6]
		]);
		const b = new Map([
			[0.01, 1],
			[0.1, 1],
			[Infinity, 3]
		]);
		expect([...addBuckets([a, b])]).toEqual([
			[0.01, 3],
			[0.1, 6],
			[Infinity, 9]
		]);
		expect(addBuckets([]).size).toBe(0);
	});
});

describe('gaugeValue', () => {
	const text = [
		'# HELP nodejs_eventloop_lag_p99_seconds The 99th percentile of the recorded event loop delays.',
		'# TYPE nodejs_eventloop_lag_p99_seconds gauge',
		'nodejs_eventloop_lag_p99_seconds 0.052',
		'nodejs_eventloop_lag_max_seconds 0.2',
		'sandtable_connected_streams{kind="trainee"} 12'
	].join('\n');
	it('reads an unlabelled gauge, and null for one the scrape lacks', () => {
		expect(gaugeValue(text, 'nodejs_eventloop_lag_p99_seconds')).toBe(0.052);
		expect(gaugeValue(text, 'nodejs_eventloop_lag_max_seconds')).toBe(0.2);
		expect(gaugeValue(text, 'nodejs_eventloop_lag_p50_seconds')).toBeNull();
	});
});
