import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { teamMembers } from './state';
import { phishScenario, phishTwoTeams } from '../testing';

describe('team members', () => {
	it('lists each team in joining order and follows later joins', () => {
		const scenario = phishScenario();
		const { sim } = phishTwoTeams(scenario);
		expect(teamMembers(sim.state, 'red').map((p) => p.id)).toEqual(['ana', 'ian']);
		expect(teamMembers(sim.state, 'blue').map((p) => p.id)).toEqual(['bob']);
		expect(teamMembers(sim.state, 'green')).toEqual([]);
		sim.must((s) =>
			command.join(scenario, s, { participantId: 'zoe', name: 'Zoe', teamId: 'red', role: 'ic' })
		);
		expect(teamMembers(sim.state, 'red').map((p) => p.id)).toEqual(['ana', 'ian', 'zoe']);
	});

	it('answers for the state it is given, not another one at the same position', () => {
		const scenario = phishScenario();
		const { sim } = phishTwoTeams(scenario);
		const earlier = replay(scenario, sim.log.slice(0, 2));
		expect(teamMembers(earlier, 'red').map((p) => p.id)).toEqual(['ana']);
		expect(teamMembers(sim.state, 'red').map((p) => p.id)).toEqual(['ana', 'ian']);
		expect(command.decisionMembers(scenario, sim.state, 'red', 'alert').map((p) => p.id)).toEqual([
			'ana',
			'ian'
		]);
	});
});
