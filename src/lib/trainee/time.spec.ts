import { describe, expect, it } from 'vitest';
import { countdown, formatSpan } from './time';

describe('countdowns', () => {
	it('formats spans as m:ss or h:mm:ss, rounding up and never negative', () => {
		expect(formatSpan(0)).toBe('0:00');
		expect(formatSpan(61_000)).toBe('1:01');
		expect(formatSpan(60_500)).toBe('1:01');
		expect(formatSpan(3_723_000)).toBe('1:02:03');
		expect(formatSpan(-5)).toBe('0:00');
	});

	it('counts scenario time down and converts it to real time at the clock speed', () => {
		const clock = { running: true, speed: 10, baseMs: 60_000, since: 1_000 };
		// 6 real seconds at speed 10 is one scenario minute: 2:00 scenario time has passed.
		const c = countdown(clock, 5 * 60_000, 7_000);
		expect(c.leftMs).toBe(3 * 60_000);
		expect(c.realLeftMs).toBe(18_000);
		expect(c.passed).toBe(false);
	});

	it('stands still while the clock is stopped and reports a passed deadline', () => {
		const stopped = { running: false, speed: 1, baseMs: 4 * 60_000, since: null };
		expect(countdown(stopped, 5 * 60_000, 9e12)).toEqual({
			leftMs: 60_000,
			realLeftMs: null,
			passed: false
		});
		expect(countdown(stopped, 3 * 60_000, 0).passed).toBe(true);
	});
});
