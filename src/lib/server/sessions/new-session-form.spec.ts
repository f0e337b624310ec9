import { describe, expect, it } from 'vitest';
import { newSessionSchema, teamNames } from './new-session-form';

const valid = {
	scenarioId: 'phish',
	title: '  Q3 drill ',
	teams: 'Blue\r\n\n  Red  \n',
	speed: '5',
	release: 'manual'
};

describe('new session form', () => {
	it('reads one team per line, trimmed, without blank lines', () => {
		expect(teamNames('Blue\r\n\n  Red  \n')).toEqual(['Blue', 'Red']);
	});

	it('accepts a complete form and converts the speed', () => {
		const r = newSessionSchema.safeParse(valid);
		expect(r.success && r.data).toEqual({
			scenarioId: 'phish',
			title: 'Q3 drill',
			teams: ['Blue', 'Red'],
			speed: 5,
			release: 'manual'
		});
	});

	it('refuses no teams, duplicate names, long names and a speed out of range', () => {
		const bad = (patch: Record<string, string>) =>
			newSessionSchema.safeParse({ ...valid, ...patch }).success;
		expect(bad({ teams: '\n \n' })).toBe(false);
		expect(bad({ teams: 'Blue\nblue' })).toBe(false);
		expect(bad({ teams: 'x'.repeat(61) })).toBe(false);
		expect(bad({ speed: '0' })).toBe(false);
		expect(bad({ speed: 'fast' })).toBe(false);
		expect(bad({ release: 'sometimes' })).toBe(false);
	});
});
