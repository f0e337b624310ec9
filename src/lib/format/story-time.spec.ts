import { describe, expect, it } from 'vitest';
import { releaseTime, storyTime } from './story-time';

const MINUTE = 60_000;

describe('story time', () => {
	it('adds scenario time to the story start: weekday and HH:MM', () => {
		// 13 March 2025 was a Thursday.
		expect(storyTime('2025-03-13T17:00', 0)).toBe('Thursday 17:00');
		expect(storyTime('2025-03-13T17:00', 12 * MINUTE + 59_000)).toBe('Thursday 17:12');
		expect(storyTime('2025-03-13T23:50', 20 * MINUTE)).toBe('Friday 00:10');
	});

	it('does not depend on the time zone or daylight saving of the machine', () => {
		// The last Sunday of March: clocks change in Europe, not in the story.
		expect(storyTime('2025-03-30T01:30', 60 * MINUTE)).toBe('Sunday 02:30');
	});

	it('refuses a start that is not a real time', () => {
		expect(storyTime('2025-02-30T10:00', 0)).toBeNull();
		expect(storyTime('2025-03-13 17:00', 0)).toBeNull();
		expect(storyTime('2025-03-13T25:00', 0)).toBeNull();
	});

	it('falls back to the offset without a clock', () => {
		const offset = (ms: number) => `+${ms / MINUTE}m`;
		expect(releaseTime(undefined, 12 * MINUTE, offset)).toBe('+12m');
		expect(releaseTime('2025-03-13T17:00', 12 * MINUTE, offset)).toBe('Thursday 17:12');
	});
});
