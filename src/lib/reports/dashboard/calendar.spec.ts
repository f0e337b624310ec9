import { describe, expect, it } from 'vitest';
import { calendarDay, dayCounter, daysBetween } from './calendar';

const LATE = Date.UTC(2026, 0, 31, 23, 30);

describe('calendar days', () => {
	it('counts a day at an offset from UTC', () => {
		expect(calendarDay(LATE)).toBe('2026-01-31');
		expect(calendarDay(LATE, 60)).toBe('2026-02-01');
		expect(calendarDay(Date.UTC(2026, 0, 1, 0, 30), -60)).toBe('2025-12-31');
	});

	it('remembers days without changing them, either side of midnight at the offset', () => {
		const dayOf = dayCounter(60);
		expect(dayOf(LATE - 3_600_000)).toBe('2026-01-31');
		expect(dayOf(LATE)).toBe('2026-02-01');
		expect(dayOf(LATE + 60_000)).toBe('2026-02-01');
		expect(dayOf(LATE - 3_600_000 + 1)).toBe('2026-01-31');
	});

	it('tells the days between two days, negative when the second is earlier', () => {
		expect(daysBetween('2026-01-20', '2026-02-01')).toBe(12);
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2026-02-01', '2026-01-31')).toBe(-1);
	});
});
