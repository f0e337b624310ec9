import { describe, expect, it } from 'vitest';
import { durationText } from './duration';

describe('durationText', () => {
	it('says seconds, minutes and hours as a person would', () => {
		expect(durationText(null)).toBe('n/a');
		expect(durationText(0)).toBe('0 s');
		expect(durationText(44_600)).toBe('45 s');
		expect(durationText(90_000)).toBe('1 min 30 s');
		expect(durationText(240_000)).toBe('4 min');
		expect(durationText(3_600_000 + 125_000)).toBe('1 h 2 min');
		expect(durationText(2 * 3_600_000)).toBe('2 h');
	});
});
