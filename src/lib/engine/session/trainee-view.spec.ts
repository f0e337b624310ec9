import { describe, expect, it } from 'vitest';
import * as command from './commands';
import { traineeView } from './trainee-view';
import { MINUTE } from '../scenario/model';
import { phishFile, phishInPlay, phishScenario } from '../testing';
import { compileScenario } from '../scenario/compile';

const scenario = phishScenario();
const md = (s: string) => `<p>${s}</p>`;

describe('trainee view', () => {
	it('carries no part of the answer key before the reveal', () => {
		const sim = phishInPlay(scenario);
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

	it('carries no option’s outcome text before the team locks it, and no individual one', () => {
		const file = phishFile();
		file.injects[0].decisions![0].options![0].outcome = 'OUTCOME-ready';
		const contain = file.injects[1].decisions![1];
		contain.options![0].outcome = 'OUTCOME-isolate';
		contain.options![1].outcome = 'OUTCOME-wait';
		contain.timeout!.outcome = 'OUTCOME-timeout';
		const withOutcomes = compileScenario(file);
		// Ana has flagged lines and proposed to wait; nothing is locked.
		const sim = phishInPlay(withOutcomes);
		const json = JSON.stringify(traineeView(withOutcomes, sim.state, 'ana', md));
		expect(json).not.toContain('OUTCOME');
		expect(json).not.toContain('outcomeHtml');
	});

	it('shows the team decision’s proposals to every member', () => {
		const sim = phishInPlay(scenario);
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
		const sim = phishInPlay(scenario);
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
		expect(traineeView(scenario, phishInPlay(scenario).state, 'stranger', md)).toBeNull();
	});
});
