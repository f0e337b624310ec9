import { describe, expect, it } from 'vitest';
import * as command from '../session/commands';
import { MINUTE } from '../scenario/model';
import { scoreSession } from './session-score';
import { phishScenario, phishTwoTeams as session, playedPhish as played, Sim } from '../testing';

const scenario = phishScenario();

describe('session scoring', () => {
	it('scores each trainee per phase over what their path let them reach', () => {
		const scores = scoreSession(scenario, played().state);
		const pct = (id: string) =>
			Object.fromEntries(
				Object.entries(scores.trainees.find((t) => t.participantId === id)!.phases).map(
					([k, v]) => [k, v.percent]
				)
			);
		expect(pct('ana')).toEqual({
			preparation: 100,
			identification: 100,
			containment: 0,
			eradication: null,
			recovery: null,
			'lessons-learned': 90
		});
		expect(pct('ian')).toEqual({
			preparation: 0,
			identification: 50,
			containment: 100,
			eradication: null,
			recovery: null,
			'lessons-learned': 10
		});
		expect(pct('bob')).toEqual({
			preparation: 100,
			identification: expect.closeTo(200 / 3, 10),
			containment: 0,
			eradication: null,
			recovery: null,
			'lessons-learned': 0
		});
	});

	it('scores teams by their decisions and their members’ mean, on their own path', () => {
		const scores = scoreSession(scenario, played().state);
		const [red, blue] = scores.teams;
		expect(red.phases.containment).toEqual({ earned: 10, reachable: 10, percent: 100 });
		expect(red.phases.preparation).toEqual({ earned: 2.5, reachable: 5, percent: 50 });
		expect(red.phases.identification.percent).toBe(75);
		expect(red.phases['lessons-learned']).toEqual({ earned: 5, reachable: 10, percent: 50 });
		// Blue never reached the text question: its lessons-learned is out of 5, not 10.
		expect(blue.phases['lessons-learned']).toEqual({ earned: 0, reachable: 5, percent: 0 });
		expect(blue.phases.containment).toEqual({ earned: -5, reachable: 10, percent: 0 });
		expect(scores.room).toMatchObject({
			preparation: 75,
			// (75 + 66.67) / 2, rounded once at display: 70.83, not 70.85 from rounding twice.
			identification: expect.closeTo((75 + 200 / 3) / 2, 10),
			containment: 50,
			'lessons-learned': 25,
			eradication: null
		});
	});

	it('measures time to contain, alignment, participation, timeouts and the attacker track', () => {
		const [red, blue] = scoreSession(scenario, played().state).teams;
		expect(red).toMatchObject({
			timeToContainMs: 6 * MINUTE,
			timeToIdentifyMs: null,
			alignment: 0.5,
			participation: 0.9,
			timeouts: 0,
			overrides: 0,
			stagesFired: [],
			stagesPrevented: ['lateral'],
			endingId: 'good'
		});
		expect(red.meanDecisionLatencySeconds).toBe(60);
		expect(blue).toMatchObject({
			timeToContainMs: null,
			alignment: null,
			participation: 0.5,
			timeouts: 1,
			stagesFired: ['lateral'],
			endingId: 'bad'
		});
	});

	it('carries the facilitator’s ratings per objective with the evidence', () => {
		const contain = scoreSession(scenario, played().state).objectives.find(
			(o) => o.objectiveId === 'contain'
		)!;
		expect(contain.byTeam).toEqual({ red: 'P', blue: 'U' });
		// Both ratings were for a team: the room has none of its own (it used to show Blue's U).
		expect(contain.rating).toBeNull();
		expect(contain.evidence.map((e) => e.text)).toEqual(['Isolated fast.', 'No decision.']);
	});

	it('handles a session nobody answered', () => {
		const { sim } = session();
		sim.must(command.start);
		sim.wait(61);
		const scores = scoreSession(scenario, sim.state);
		expect(scores.teams[0]).toMatchObject({ participation: 0, alignment: null, timeouts: 1 });
		expect(scores.teams[0].total.percent).toBe(0);
		expect(scores.trainees.find((t) => t.participantId === 'ana')).toMatchObject({
			answered: 0,
			meanLatencySeconds: null
		});
	});

	it('counts an override as the team’s decision, and late answers as nothing', () => {
		const { sim, answer } = session();
		sim.must(command.start);
		sim.wait(5);
		sim.must((s) =>
			command.override(scenario, s, {
				teamId: 'red',
				injectId: 'alert',
				decisionId: 'contain',
				optionId: 'wait',
				reason: 'Deadlock',
				by: 'fac'
			})
		);
		sim.wait(11);
		answer('ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
		const red = scoreSession(scenario, sim.state).teams[0];
		expect(red).toMatchObject({ overrides: 1 });
		expect(red.phases.containment.earned).toBe(-5);
		// brief has no deadline, so a late answer there still counts; make one that is late.
		const late = phishScenario();
		late.decisionByKey['brief/ready'].deadlineMs = MINUTE;
		const sim2 = new Sim(late);
		sim2.must((s) =>
			command.join(late, s, { participantId: 'x', name: 'X', teamId: 'red', role: 'ic' })
		);
		sim2.must(command.start);
		sim2.wait(2);
		sim2.must((s) =>
			command.submitResponse(late, s, {
				responseId: 'l1',
				participantId: 'x',
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		const x = scoreSession(late, sim2.state).trainees[0];
		expect(x).toMatchObject({ answered: 1, late: 1 });
		expect(x.phases.preparation).toEqual({ earned: 0, reachable: 5, percent: 0 });
	});
});

describe('reachable points per phase', () => {
	// "Isolate" is the best total (10) and scores only containment; "Report" scores 3 in
	// preparation, a phase "Isolate" does not touch. Before, reachable came from "Isolate" alone:
	// a team choosing "Report" showed preparation 3/0 ("—") and its total was inflated.
	const split = phishScenario();
	split.decisionByKey['alert/contain'].options = [
		{ ...split.decisionByKey['alert/contain'].options[0], scores: { containment: 10 } },
		{
			...split.decisionByKey['alert/contain'].options[1],
			scores: { preparation: 3, containment: 2 }
		}
	];

	function lockWith(optionId: string) {
		const sim = new Sim(split);
		sim.must((s) =>
			command.join(split, s, { participantId: 'ian', name: 'Ian', teamId: 'red', role: 'ic' })
		);
		sim.must(command.start);
		sim.wait(5);
		sim.must((s) =>
			command.submitResponse(split, s, {
				responseId: 'r1',
				participantId: 'ian',
				injectId: 'alert',
				decisionId: 'contain',
				value: { kind: 'single', optionId }
			})
		);
		return scoreSession(split, sim.state).teams[0];
	}

	it('is, per phase, the best that phase could get from the decision', () => {
		const red = lockWith('wait');
		// preparation: 5 from the briefing (unanswered) + 3 from "Report" reachable.
		expect(red.phases.preparation).toEqual({ earned: 3, reachable: 8, percent: 37.5 });
		expect(red.phases.containment).toEqual({ earned: 2, reachable: 10, percent: 20 });
	});

	it('keeps every percentage within 0..100 and the total the sum of its phases', () => {
		for (const optionId of ['isolate', 'wait']) {
			const red = lockWith(optionId);
			const phases = Object.values(red.phases);
			for (const p of phases) {
				expect(p.earned).toBeLessThanOrEqual(p.reachable);
				if (p.percent !== null) expect(p.percent).toBeGreaterThanOrEqual(0);
				if (p.percent !== null) expect(p.percent).toBeLessThanOrEqual(100);
			}
			expect(red.total.earned).toBeCloseTo(
				phases.reduce((a, p) => a + p.earned, 0),
				10
			);
			expect(red.total.reachable).toBe(phases.reduce((a, p) => a + p.reachable, 0));
		}
	});
});

describe('a P/S/M/U rating without an objective', () => {
	it('counts for the objectives of the inject it is tied to, in the debrief and the dashboard', () => {
		const { sim } = session(scenario);
		sim.must(command.start);
		sim.wait(6);
		sim.must((s) =>
			command.observe(scenario, s, {
				observationId: 'o1',
				teamId: 'red',
				injectId: 'alert',
				rating: 'S',
				text: 'Found the beacon, argued about isolating.',
				by: 'fac'
			})
		);
		const objectives = scoreSession(scenario, sim.state).objectives;
		const of = (id: string) => objectives.find((o) => o.objectiveId === id)!;
		// The alert's questions name both objectives; the rating was dropped from both before.
		expect(of('detect').byTeam).toEqual({ red: 'S' });
		expect(of('contain').byTeam).toEqual({ red: 'S' });
		expect(of('contain').evidence.map((e) => e.text)).toEqual([
			'Found the beacon, argued about isolating.'
		]);
	});

	it('is refused when tied to nothing, or to an inject whose questions name no objective', () => {
		const { sim } = session(scenario);
		sim.must(command.start);
		sim.wait(6);
		for (const injectId of [undefined, 'brief']) {
			const result = command.observe(scenario, sim.state, {
				observationId: 'o1',
				teamId: 'red',
				injectId,
				rating: 'M',
				text: 'Slow.',
				by: 'fac'
			});
			expect(result).toMatchObject({ ok: false, status: 400 });
			expect(JSON.stringify(result)).toContain('a rating needs an objective');
		}
		// Without a rating, a note tied to nothing is fine.
		const note = command.observe(scenario, sim.state, {
			observationId: 'o2',
			text: 'Quiet room.',
			by: 'fac'
		});
		expect(note.ok).toBe(true);
	});
});
