import { describe, expect, it } from 'vitest';
import { count, percentText, points, rounded } from './number';

describe('display rounding', () => {
	it('rounds once, to two places by default', () => {
		expect(rounded(200 / 3)).toBe(66.67);
		expect(rounded(200 / 3, 1)).toBe(66.7);
		expect(rounded(-6.849)).toBe(-6.85);
		expect(Object.is(rounded(-0.001), 0)).toBe(true);
	});

	it('says "1 point" and "2 points"', () => {
		expect(count(1, 'point')).toBe('1 point');
		expect(count(2, 'point')).toBe('2 points');
		expect(count(0.5, 'point')).toBe('0.5 points');
		expect(points(20 / 3)).toBe('6.7');
	});

	it('shows whole percentages and points to at most one decimal (not "11.08 of 12", "28.38%")', () => {
		expect(points(11.08)).toBe('11.1');
		expect(points(12)).toBe('12');
		expect(count(11.08, 'point')).toBe('11.1 points');
		expect(percentText(28.38)).toBe('28%');
		expect(percentText(70.5)).toBe('71%');
		expect(percentText(null)).toBe('n/a');
	});
});
