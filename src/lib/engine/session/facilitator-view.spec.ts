import { describe, expect, it } from 'vitest';
import { facilitatorView } from './facilitator-view';
import { MINUTE } from '../scenario/model';
import { phishInPlay, phishScenario } from '../testing';

const scenario = phishScenario();

describe('facilitator view', () => {
	it('shows who answered, what is pending and the attacker track', () => {
		const sim = phishInPlay(scenario);
		const view = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		const red = view.teams[0];
		const contain = red.decisions.find((d) => d.decisionId === 'contain')!;
		expect(contain.answered).toEqual([{ id: 'ana', name: 'ANA', optionId: 'wait' }]);
		expect(contain.waitingFor).toEqual([{ id: 'ian', name: 'IAN' }]);
		expect(red.upcoming.map((u) => [u.injectId, u.dueMs])).toEqual([['wrap', 60 * MINUTE]]);
		expect(red.stages).toEqual([
			{
				id: 'lateral',
				title: 'Lateral movement',
				technique: 'T1021.002',
				atMs: 14 * MINUTE,
				status: 'pending'
			}
		]);
		// Issue 18: what was played (2 releases) over all that is known (plus 3 open decisions,
		// the wrap-up release and the lateral stage still to come), not the time that passed.
		expect(view.progress).toBeCloseTo(2 / 7);
	});
});
