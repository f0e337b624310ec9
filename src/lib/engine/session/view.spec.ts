import { describe, expect, it } from 'vitest';
import * as command from './commands';
import { facilitatorView } from './facilitator-view';
import { MINUTE } from '../scenario/model';
import { phishScenario, phishTwoTeams, Sim } from '../testing';
import { traineePatch, traineePatchKey, traineeView } from './view';

const scenario = phishScenario();
const md = (s: string) => `<p>${s}</p>`;

function playing(): Sim {
	const sim = new Sim(scenario);
	for (const [id, role] of [
		['ana', 'analyst'],
		['ian', 'ic']
	]) {
		sim.must((s) =>
			command.join(scenario, s, { participantId: id, name: id.toUpperCase(), teamId: 'red', role })
		);
	}
	sim.must(command.start);
	sim.wait(6);
	sim.must((s) =>
		command.submitResponse(scenario, s, {
			responseId: 'r1',
			participantId: 'ana',
			injectId: 'alert',
			decisionId: 'flag',
			value: { kind: 'indicators', lines: [1, 2] }
		})
	);
	sim.must((s) =>
		command.submitResponse(scenario, s, {
			responseId: 'r2',
			participantId: 'ana',
			injectId: 'alert',
			decisionId: 'contain',
			value: { kind: 'single', optionId: 'wait' }
		})
	);
	return sim;
}

describe('trainee view', () => {
	it('carries no part of the answer key before the reveal', () => {
		const sim = playing();
		const view = traineeView(scenario, sim.state, 'ana', md)!;
		const json = JSON.stringify(view);
		expect(view.injects.map((i) => i.id)).toEqual(['brief', 'alert']);
		for (const secret of [
			'"indicator":',
			'"note"',
			'"indicatorLines"',
			'macro',
			'"correct"',
			'scores',
			'Good.',
			'Too slow.',
			'hostIsolated',
			'Lateral movement',
			'feedback',
			'"reveal":',
			'spread'
		]) {
			expect(json).not.toContain(secret);
		}
	});

	it('shows the team decision’s proposals to every member', () => {
		const sim = playing();
		const contain = traineeView(scenario, sim.state, 'ian', md)!.injects[1].decisions[1];
		expect(contain.team).toEqual({ decider: 'ic', deciderName: 'Incident commander' });
		expect(contain.proposals).toEqual([
			{ participantId: 'ana', name: 'ANA', role: 'analyst', optionId: 'wait' },
			{ participantId: 'ian', name: 'IAN', role: 'ic', optionId: null }
		]);
		expect(contain.status).toBe('open');
		expect(contain.deadlineMs).toBe(15 * MINUTE);
	});

	it('adds the answer key, feedback and points after the reveal', () => {
		const sim = playing();
		sim.must(command.reveal);
		const alert = traineeView(scenario, sim.state, 'ana', md)!.injects[1];
		const log = alert.artefacts[0];
		expect(log.type === 'log' && log.lines.filter((l) => l.indicator).map((l) => l.n)).toEqual([
			1, 3
		]);
		const flag = alert.decisions[0];
		expect(flag.reveal).toMatchObject({
			indicatorLines: [1, 3],
			precision: 0.5,
			recall: 0.5,
			points: { identification: 5 },
			maxPoints: 10
		});
		const contain = alert.decisions[1];
		expect(contain.options.find((o) => o.id === 'isolate')).toMatchObject({
			correct: true,
			scores: { containment: 10 }
		});
		expect(contain.reveal?.timeoutFeedbackHtml).toBe('<p>Too slow.</p>');
	});

	it('shows nothing to someone who has not joined', () => {
		expect(traineeView(scenario, playing().state, 'stranger', md)).toBeNull();
	});
});

describe('facilitator view', () => {
	it('shows who answered, what is pending and the attacker track', () => {
		const sim = playing();
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
		expect(view.progress).toBeCloseTo(0.1);
	});
});

describe('trainee patches', () => {
	it('tell a trainee only what changed for them', () => {
		const sim = playing();
		const since = sim.log.length;
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: 'r3',
				participantId: 'ian',
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		const individual = sim.log.slice(since);
		expect(traineePatch(scenario, sim.state, 'ana', individual, md)).toBeNull();
		const mine = traineePatch(scenario, sim.state, 'ian', individual, md)!;
		expect(mine.injects?.map((i) => i.id)).toEqual(['brief']);
		expect(mine.injects?.[0].decisions[0].myAnswer).toEqual({ kind: 'single', optionId: 'yes' });
	});

	it('send a released inject and a locked team decision to every member', () => {
		const sim = playing();
		const since = sim.log.length;
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: 'r4',
				participantId: 'ian',
				injectId: 'alert',
				decisionId: 'contain',
				value: { kind: 'single', optionId: 'isolate' }
			})
		);
		sim.wait(2);
		const patch = traineePatch(scenario, sim.state, 'ana', sim.log.slice(since), md)!;
		expect(patch.injects?.map((i) => i.id)).toEqual(['alert', 'isolated']);
		expect(patch.injects?.[0].decisions[1]).toMatchObject({
			status: 'locked',
			lockedOptionId: 'isolate',
			lockedBy: 'IAN'
		});
		expect(JSON.stringify(patch)).not.toContain('"correct"');
	});

	it('send the whole view at the reveal', () => {
		const sim = playing();
		const since = sim.log.length;
		sim.must(command.reveal);
		const patch = traineePatch(scenario, sim.state, 'ana', sim.log.slice(since), md)!;
		expect(patch.view?.revealed).toBe(true);
	});
});

describe('trainee patch keys', () => {
	it('are equal only when the patches are equal, over a whole session event by event', () => {
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must((s) =>
			command.join(scenario, s, {
				participantId: 'ali',
				name: 'ali',
				teamId: 'red',
				role: 'analyst'
			})
		);
		const people = ['ana', 'ali', 'ian', 'bob'];
		let checked = 0;
		let shared = 0;
		const check = () => {
			const events = sim.log.slice(checked);
			checked = sim.log.length;
			const byKey = new Map<string, string>();
			for (const p of people) {
				const key = traineePatchKey(scenario, sim.state, p, events)!;
				const patch = JSON.stringify(traineePatch(scenario, sim.state, p, events, md));
				const seen = byKey.get(key);
				if (seen !== undefined) {
					expect(patch).toBe(seen);
					shared++;
				}
				byKey.set(key, patch);
			}
		};
		sim.must(command.start);
		check();
		sim.wait(5);
		check();
		answer('ana', 'alert', 'flag', { kind: 'indicators', lines: [1] });
		check();
		answer('ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		check();
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		check();
		sim.wait(3);
		check();
		sim.must(command.reveal);
		check();
		sim.wait(60);
		check();
		// Ana and Ali (same team and role) shared the release of the alert.
		expect(shared).toBeGreaterThan(0);
	});
});
