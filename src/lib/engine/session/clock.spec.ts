import { describe, expect, it } from 'vitest';
import {
	formatScenarioTime,
	pauseClock,
	scenarioTime,
	setSpeed,
	startClock,
	STOPPED_CLOCK,
	wallTimeAt
} from './clock';

describe('scenario clock', () => {
	it('runs at speed from the moment it starts, and freezes when paused', () => {
		let clock = startClock({ ...STOPPED_CLOCK, speed: 3 }, 1000);
		expect(scenarioTime(clock, 1000)).toBe(0);
		expect(scenarioTime(clock, 3000)).toBe(6000);
		clock = pauseClock(clock, 3000);
		expect(scenarioTime(clock, 999_999)).toBe(6000);
		clock = startClock(clock, 10_000);
		expect(scenarioTime(clock, 11_000)).toBe(9000);
	});

	it('changes speed without a jump, and converts scenario time back to wall time', () => {
		let clock = startClock(STOPPED_CLOCK, 0);
		clock = setSpeed(clock, 10, 60_000);
		expect(scenarioTime(clock, 60_000)).toBe(60_000);
		expect(scenarioTime(clock, 61_000)).toBe(70_000);
		expect(wallTimeAt(clock, 160_000)).toBe(70_000);
		expect(wallTimeAt(pauseClock(clock, 61_000), 160_000)).toBeNull();
	});

	it('formats scenario time for people', () => {
		expect(formatScenarioTime(0)).toBe('+00:00');
		expect(formatScenarioTime(65_000)).toBe('+01:05');
		expect(formatScenarioTime(3_725_000)).toBe('+1:02:05');
	});
});
