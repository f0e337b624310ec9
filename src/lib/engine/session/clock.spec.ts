import { describe, expect, it } from 'vitest';
import {
	formatScenarioTime,
	parseScenarioTime,
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

	it('reads scenario times as people write them', () => {
		expect(parseScenarioTime('+1:05:30')).toBe((65 * 60 + 30) * 1000);
		expect(parseScenarioTime('20:00')).toBe(20 * 60_000);
		expect(parseScenarioTime('20m')).toBe(20 * 60_000);
		expect(parseScenarioTime('1h30m')).toBe(90 * 60_000);
		expect(parseScenarioTime('45')).toBe(45 * 60_000);
		for (const bad of ['', 'soon', '1:99', '-5', '1:2:3:4'])
			expect(parseScenarioTime(bad)).toBeNull();
	});
});
