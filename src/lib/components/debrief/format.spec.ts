import { describe, expect, it } from 'vitest';
import { clock, date, fraction, pct, seconds, share } from './format';

describe('debrief formatting', () => {
	it('says n/a for figures with nothing behind them', () => {
		expect([pct(null), share(null), clock(null), seconds(null), date(null)]).toEqual([
			'n/a',
			'n/a',
			'n/a',
			'n/a',
			'n/a'
		]);
	});

	it('prints figures the same everywhere', () => {
		expect(pct(70.85)).toBe('71%');
		expect(fraction(11.08, 12)).toBe('11.1/12');
		expect(share(0.667)).toBe('67%');
		expect(clock(14 * 60_000)).toBe('+14:00');
		expect(seconds(42.4)).toBe('42 s');
		expect(seconds(185)).toBe('3 min 5 s');
		expect(date(Date.UTC(2026, 2, 1, 9, 0))).toBe('2026-03-01 09:00 UTC');
	});
});
