import { describe, expect, it } from 'vitest';
import { teamKey, TeamNames } from './team-names';

describe('team names', () => {
	it('matches names whatever their case and spacing', () => {
		expect(teamKey('  Blue   Team ')).toBe('blue team');
		expect(teamKey('BLUE\tteam')).toBe(teamKey('blue team'));
	});

	it('keeps the spelling without surrounding spaces and keys series by the match key', () => {
		const names = new TeamNames();
		expect(names.of(' Red Team ')).toEqual({
			key: 'red team',
			series: 'team:red team',
			label: 'Red Team'
		});
		expect(names.of('red  team').series).toBe('team:red team');
		expect(names.of('red  team').label).toBe('red  team');
	});
});
