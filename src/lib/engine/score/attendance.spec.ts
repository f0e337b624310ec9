import { describe, expect, it } from 'vitest';
import { attendanceOf } from './attendance';
import { MINUTE } from '../scenario/model';
import { phishScenario, phishTwoTeams, playedPhish } from '../testing';
import * as command from '../session/commands';

const scenario = phishScenario();
const START = 1_000_000;

describe('attendance', () => {
	it('lists who took part by team with role, joining time and last recorded action', () => {
		const sim = playedPhish(scenario);
		expect(attendanceOf(scenario, sim.state)).toEqual([
			{
				participantId: 'ana',
				name: 'ana',
				teamId: 'red',
				teamName: 'Red',
				roleId: 'analyst',
				roleName: 'SOC analyst',
				joinedAt: START,
				lastActionAt: START + 60 * MINUTE
			},
			{
				participantId: 'ian',
				name: 'ian',
				teamId: 'red',
				teamName: 'Red',
				roleId: 'ic',
				roleName: 'Incident commander',
				joinedAt: START,
				lastActionAt: START + 60 * MINUTE
			},
			{
				participantId: 'bob',
				name: 'bob',
				teamId: 'blue',
				teamName: 'Blue',
				roleId: 'ic',
				roleName: 'Incident commander',
				joinedAt: START,
				// Bob's last answer was the indicators at 5 minutes; his team's deadline then passed.
				lastActionAt: START + 5 * MINUTE
			}
		]);
	});

	it('has no last action for someone who joined and did nothing', () => {
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		expect(attendanceOf(scenario, sim.state).map((r) => r.lastActionAt)).toEqual([
			null,
			null,
			null
		]);
	});
});
