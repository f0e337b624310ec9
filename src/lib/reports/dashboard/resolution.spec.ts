import { describe, expect, it } from 'vitest';
import { autoResolution, MAX_TREND_POINTS, periodStart, slotter } from './resolution';

function days(n: number, step: number): string[] {
	const start = Date.UTC(2024, 0, 1);
	return Array.from({ length: n }, (_, i) =>
		new Date(start + Math.floor(i * step) * 86_400_000).toISOString().slice(0, 10)
	);
}

describe('trend resolution', () => {
	it('starts weeks on Monday and months on the first', () => {
		expect(periodStart('2026-03-05', 'week')).toBe('2026-03-02');
		expect(periodStart('2026-03-02', 'week')).toBe('2026-03-02');
		expect(periodStart('2026-03-01', 'week')).toBe('2026-02-23');
		expect(periodStart('2026-03-05', 'month')).toBe('2026-03-01');
		expect(periodStart('2026-03-05', 'day')).toBe('2026-03-05');
	});

	it('picks the finest resolution that stays under the limit', () => {
		expect(autoResolution(days(MAX_TREND_POINTS, 1))).toBe('session');
		expect(autoResolution(days(MAX_TREND_POINTS + 1, 0.5))).toBe('day');
		expect(autoResolution(days(MAX_TREND_POINTS + 1, 1))).toBe('week');
		expect(autoResolution(days(MAX_TREND_POINTS * 7 + 1, 1))).toBe('month');
		expect(autoResolution(days(10_000, 1))).toBe('month');
	});

	it('puts a session on its own point, or on the point of its period', () => {
		expect(slotter('session')('s1', '2026-03-05')).toEqual({
			key: 's1',
			day: '2026-03-05',
			sessionId: 's1'
		});
		const week = slotter('week');
		expect(week('s1', '2026-03-05')).toEqual({
			key: '2026-03-02',
			day: '2026-03-02',
			sessionId: null
		});
		expect(week('s2', '2026-03-08').key).toBe('2026-03-02');
		expect(week('s3', '2026-03-09').key).toBe('2026-03-09');
	});
});
