import { describe, expect, it } from 'vitest';
import { meanOf, minutesOf } from './numbers';

describe('dashboard numbers', () => {
	it('means to hundredths, and nothing over no values', () => {
		expect(meanOf(200, 3)).toBe(66.67);
		expect(meanOf(0, 0)).toBeNull();
	});

	it('turns milliseconds into minutes to hundredths', () => {
		expect(minutesOf(90_000)).toBe(1.5);
		expect(minutesOf(1_000)).toBe(0.02);
		expect(minutesOf(null)).toBeNull();
	});
});
