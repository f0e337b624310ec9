import { describe, expect, it } from 'vitest';
import { facilitatorView } from './facilitator-view';
import { MINUTE } from '../scenario/model';
import * as command from './commands';
import { phishInPlay, phishScenario } from '../testing';

const scenario = phishScenario();

describe('facilitator view', () => {
	it('shows who answered, what is pending and the attacker track', () => {
		const sim = phishInPlay(scenario);
		const view = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		const red = view.teams[0];
		const contain = red.decisions.find((d) => d.decisionId === 'contain')!;
		expect(contain.answered).toEqual([
			{
				id: 'ana',
				name: 'ANA',
				optionId: 'wait',
				choice: ['wait'],
				rationale: null,
				scenarioMs: 6 * MINUTE,
				at: expect.any(Number),
				late: false
			}
		]);
		expect(contain.openedMs).toBe(red.released.find((r) => r.injectId === 'alert')!.scenarioMs);
		const flag = red.decisions.find((d) => d.decisionId === 'flag')!;
		expect(flag.answered[0]).toMatchObject({ choice: [], flagged: 2 });
		// Ana answered; Ian has only joined.
		const [ana, ian] = red.members;
		expect(ana.lastActiveAt).toBe(contain.answered[0].at);
		expect(ian.lastActiveAt).toBeLessThan(ana.lastActiveAt!);
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

describe('facilitator view: what the room thinks', () => {
	it('carries each answer with its rationale for the answer bars', () => {
		const sim = phishInPlay(scenario);
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: 'r9',
				participantId: 'ian',
				injectId: 'alert',
				decisionId: 'contain',
				value: { kind: 'single', optionId: 'isolate' },
				rationale: 'The host beacons out; cut it off.'
			})
		);
		const view = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		const contain = view.teams[0].decisions.find((d) => d.decisionId === 'contain')!;
		expect(contain.answered.map((a) => [a.name, a.choice, a.rationale])).toEqual([
			['ANA', ['wait'], null],
			['IAN', ['isolate'], 'The host beacons out; cut it off.']
		]);
		expect(contain.waitingFor).toEqual([]);
	});
});
