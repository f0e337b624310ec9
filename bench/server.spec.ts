import { describe, expect, it } from 'vitest';
import { memoryPerUnit, memoryReading, memoryReport } from './server';
import { SseParser } from './sse';
import { VIEW_BYTES, VIEW_MESSAGE, viewMessage } from './stream-view';

describe('memory readings of bench/gc-preload.mjs', () => {
	const report = {
		rss: 999 * 1024 * 1024,
		heapUsed: 10 * 1024 * 1024,
		heapTotal: 20 * 1024 * 1024,
		external: 3 * 1024 * 1024 + 100,
		arrayBuffers: 0,
		plain: { rss: 150 * 1024 * 1024, heapUsed: 0, heapTotal: 40 * 1024 * 1024, external: 0 }
	};

	it('takes the JSON of a BENCH-MEMORY line only', () => {
		expect(memoryReport(`BENCH-MEMORY ${JSON.stringify(report)}`)).toBe(JSON.stringify(report));
		expect(memoryReport('Listening on http://127.0.0.1:3000')).toBeNull();
		expect(memoryReport(' BENCH-MEMORY {}')).toBeNull();
	});

	it('reads KB, the resident set from /proc rather than the report', () => {
		expect(memoryReading(JSON.stringify(report), 120_000)).toEqual({
			rssKB: 120_000,
			heapKB: 10 * 1024,
			heapTotalKB: 20 * 1024,
			externalKB: 3 * 1024,
			rssPlainKB: 150 * 1024,
			heapTotalPlainKB: 40 * 1024
		});
	});

	it('falls back to the one reading when there is no plain one (no --expose-gc)', () => {
		const { plain: _, ...noPlain } = report;
		const r = memoryReading(JSON.stringify(noPlain), 120_000);
		expect(r.rssPlainKB).toBe(120_000);
		expect(r.heapTotalPlainKB).toBe(20 * 1024);
	});

	it('divides the growth between two readings by the units added, to 0.1 KB', () => {
		const before = {
			rssKB: 100_000,
			heapKB: 20_000,
			heapTotalKB: 30_000,
			externalKB: 2_000,
			rssPlainKB: 110_000,
			heapTotalPlainKB: 35_000
		};
		const after = {
			rssKB: 100_000 + 98_000,
			heapKB: 20_000 + 49_049,
			heapTotalKB: 30_000 + 60_000,
			externalKB: 2_000 - 980,
			rssPlainKB: 110_000 + 196_000,
			heapTotalPlainKB: 35_000 + 98_000
		};
		expect(memoryPerUnit(before, after, 9800)).toEqual({
			rssKB: 10,
			heapKB: 5,
			heapTotalKB: 6.1,
			externalKB: -0.1,
			rssPlainGcKB: 20,
			heapTotalPlainGcKB: 10
		});
	});
});

describe('the memory floors’ first view', () => {
	it('is one view message whose data is JSON of the size asked', () => {
		for (const bytes of [1500, VIEW_BYTES]) {
			const [message, ...rest] = new SseParser().feed(viewMessage(bytes));
			expect(rest).toEqual([]);
			expect(message.event).toBe('view');
			expect(Buffer.byteLength(message.data)).toBe(bytes);
			expect(JSON.parse(message.data)).toMatchObject({ seq: 3 });
		}
		expect(VIEW_MESSAGE).toBe(viewMessage(VIEW_BYTES));
		expect(() => viewMessage(100)).toThrow(/at least/);
	});
});
