import { describe, expect, it } from 'vitest';
import { GC_LINE, memoryPerUnit, memoryReading, memoryReport } from './server';
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
		// bench/gc-preload.mjs writes `plain: null` when it could not collect.
		const nulled = memoryReading(JSON.stringify({ ...report, plain: null }), 120_000);
		expect(nulled.rssPlainKB).toBe(120_000);
		expect(nulled.heapTotalPlainKB).toBe(20 * 1024);
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

describe('GC_LINE (--trace-gc)', () => {
	it("reads the kind and the main-thread pause of Node 24's lines and of Node 20's", () => {
		const node24 = [
			'[20363:0x1e41b000]       28 ms: Scavenge 4.8 (5.8) -> 4.3 (6.8) MB, pooled: 0 MB, 3.69 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ',
			'[20476:0x2c16b000]       94 ms: Mark-Compact 29.3 (51.9) -> 26.3 (59.2) MB, pooled: 0 MB, 7.95 / 0.00 ms  (+ 16.2 ms in 85 steps since start of marking, biggest step 5.1 ms, walltime since start of marking 41 ms) (average mu = 0.790, current mu = 0.790) finalize incremental marking via stack guard; GC in old space requested'
		];
		const node20 =
			'[1234:0x5a]      120 ms: Scavenge 12.1 (13.0) -> 11.2 (17.0) MB, 2.15 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ';
		const read = (line: string) => {
			const m = GC_LINE.exec(line);
			return m ? [m[1], Number(m[2])] : null;
		};
		expect(node24.map(read)).toEqual([
			['Scavenge', 3.69],
			['Mark-Compact', 7.95]
		]);
		expect(read(node20)).toEqual(['Scavenge', 2.15]);
		expect(read('main: steady 500/s')).toBeNull();
	});
});
