import { describe, expect, it } from 'vitest';
import { meanOf, minutesOf } from './numbers';

describe('dashboard numbers', () => {
	it('means at full precision (pages round once, at display), and nothing over no values', () => {
		expect(meanOf(200, 3)).toBe(200 / 3);
		expect(meanOf(0, 0)).toBeNull();
	});

	it('turns milliseconds into minutes, unrounded', () => {
		expect(minutesOf(90_000)).toBe(1.5);
		expect(minutesOf(1_000)).toBe(1 / 60);
		expect(minutesOf(null)).toBeNull();
	});
});
