import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';
import { TeamNames } from './team-names';
import { Trainees } from './trainees';

const DAY = 86_400_000;
const JAN_10 = Date.UTC(2026, 0, 10, 12);
const teams = [teamOf('red', 'Red', 1, 1), teamOf('blue', 'Blue Team', 1, 1)];
const s1 = summaryOf('s1', JAN_10, teams, {
	trainees: [
		{ participantId: 'p1', name: 'Ana', teamId: 'red', role: 'ic', percent: 80 },
		{ participantId: 'p2', name: 'Ben', teamId: 'blue', role: 'ic', percent: null }
	]
});
const s2 = summaryOf('s2', JAN_10 + DAY, teams, {
	trainees: [{ participantId: 'p3', name: ' ana ', teamId: 'blue', role: 'ic', percent: 40 }]
});

describe('trainees', () => {
	it('groups trainees by name across sessions, latest spelling and percent last', () => {
		const trainees = new Trainees(new TeamNames());
		trainees.add(shownOf(s1));
		trainees.add(shownOf(s2));
		expect(trainees.result()).toEqual([
			{
				name: 'ana',
				sessions: 2,
				meanPercent: 60,
				lastDay: '2026-01-11',
				lastPercent: 40,
				teams: ['Blue Team', 'Red']
			},
			{
				name: 'Ben',
				sessions: 1,
				meanPercent: null,
				lastDay: '2026-01-10',
				lastPercent: null,
				teams: ['Blue Team']
			}
		]);
	});

	it('leaves out trainees of teams not selected, and pseudonymises when asked', () => {
		const trainees = new Trainees(new TeamNames(), (name) => `P-${name.toUpperCase()}`);
		trainees.add(shownOf(s1, { teams: ['red'] }));
		trainees.add(shownOf(s2, { teams: ['red'] }));
		expect(trainees.result()).toEqual([
			{
				name: 'P-ANA',
				sessions: 1,
				meanPercent: 80,
				lastDay: '2026-01-10',
				lastPercent: 80,
				teams: ['Red']
			}
		]);
	});
});
