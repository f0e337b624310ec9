import { describe, expect, it } from 'vitest';
import { utcMinute, utcMinuteOr } from './time';

const MORNING = Date.UTC(2026, 2, 1, 9, 0, 59, 999);

describe('UTC times to the minute', () => {
	it('prints the UTC date and time, cutting (not rounding) the seconds', () => {
		expect(utcMinute(MORNING)).toBe('2026-03-01 09:00 UTC');
		expect(utcMinute(Date.UTC(2025, 11, 31, 23, 59, 30))).toBe('2025-12-31 23:59 UTC');
		expect(utcMinute(0)).toBe('1970-01-01 00:00 UTC');
	});

	it('refuses a time that is not one', () => {
		expect(() => utcMinute(Number.NaN)).toThrow(RangeError);
	});

	it('prints what the caller chose for a missing or invalid time', () => {
		expect(utcMinuteOr(MORNING, 'n/a')).toBe('2026-03-01 09:00 UTC');
		expect(utcMinuteOr(null, 'n/a')).toBe('n/a');
		expect(utcMinuteOr(undefined, '—')).toBe('—');
		expect(utcMinuteOr(Number.NaN, '—')).toBe('—');
		expect(utcMinuteOr(Infinity, '—')).toBe('—');
		expect(utcMinuteOr(9e15, '—')).toBe('—');
	});
});
