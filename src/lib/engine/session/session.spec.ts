import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { scenarioTime } from './clock';
import { MINUTE } from '../scenario/model';
import { phishScenario, Sim } from '../testing';

const scenario = phishScenario();

function joinTeam(sim: Sim, people: [id: string, role: string, teamId?: string][]) {
	for (const [participantId, role, teamId] of people) {
		sim.must((s) =>
			command.join(scenario, s, {
				participantId,
				name: participantId,
				teamId: teamId ?? 'red',
				role
			})
		);
	}
}

function answer(
	sim: Sim,
	participantId: string,
	injectId: string,
	decisionId: string,
	value: Parameters<typeof command.submitResponse>[2]['value']
) {
	return sim.run((s) =>
		command.submitResponse(scenario, s, {
			responseId: `${participantId}-${sim.log.length}`,
			participantId,
			injectId,
			decisionId,
			value
		})
	);
}

describe('releases on the scenario clock', () => {
	it('releases absolute injects when the clock reaches them, not before', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.tick();
		expect(sim.team.releaseOrder).toEqual(['brief']);
		sim.wait(4.9);
		expect(sim.team.releaseOrder).toEqual(['brief']);
		sim.wait(0.1);
		expect(sim.team.releaseOrder).toEqual(['brief', 'alert']);
		expect(sim.team.released.alert.scenarioMs).toBe(5 * MINUTE);
	});

	it('runs the scenario clock at the session speed and stops it while paused', () => {
		const sim = new Sim(scenario, { speed: 5 });
		sim.must(command.start);
		sim.wait(1); // 5 scenario minutes
		expect(sim.team.releaseOrder).toContain('alert');
		sim.must(command.pause);
		sim.wait(100);
		expect(scenarioTime(sim.state.clock, sim.now)).toBe(5 * MINUTE);
		expect(sim.team.stages).toEqual({});
		sim.must(command.resume);
		sim.must((s) => command.changeSpeed(s, 1));
		sim.wait(2);
		expect(scenarioTime(sim.state.clock, sim.now)).toBe(7 * MINUTE);
	});

	it('holds an inject back from automatic release until it is let go', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.must((s) =>
			command.hold(scenario, s, { teamId: 'red', injectId: 'alert', held: true }, sim.now)
		);
		sim.wait(8);
		expect(sim.team.releaseOrder).toEqual(['brief']);
		sim.must((s) =>
			command.hold(scenario, s, { teamId: 'red', injectId: 'alert', held: false }, sim.now)
		);
		expect(sim.team.releaseOrder).toEqual(['brief', 'alert']);
		expect(sim.team.released.alert).toMatchObject({ scenarioMs: 8 * MINUTE, cause: 'facilitator' });
	});

	it('in manual mode waits for the facilitator, while the attacker track keeps running', () => {
		const sim = new Sim(scenario, { release: 'manual' });
		sim.must(command.start);
		sim.wait(20);
		expect(sim.team.releaseOrder).toEqual([]);
		expect(sim.team.stages.lateral).toEqual({ fired: true, scenarioMs: 14 * MINUTE });
		sim.must((s) => command.release(scenario, s, { teamId: 'red' }, sim.now));
		expect(sim.team.releaseOrder).toEqual(['brief']);
		expect(sim.team.released.brief.cause).toBe('facilitator');
	});

	it('releases a given inject early on the facilitator’s word', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.must((s) => command.release(scenario, s, { injectId: 'wrap' }, sim.now));
		expect(sim.team.releaseOrder).toEqual(['brief', 'wrap']);
		const again = sim.run((s) => command.release(scenario, s, { injectId: 'wrap' }, sim.now));
		expect(again).toMatchObject({ ok: false, status: 409 });
		const unknown = sim.run((s) => command.release(scenario, s, { injectId: 'nope' }, sim.now));
		expect(unknown).toMatchObject({ ok: false, status: 404 });
	});
});

describe('team decisions and the branch they drive', () => {
	it('locks when the deciding role answers, runs the effects and releases the branch after its delay', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [
			['ana', 'analyst'],
			['ian', 'ic']
		]);
		sim.must(command.start);
		sim.wait(6);
		const proposal = answer(sim, 'ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		expect(proposal.ok && proposal.events.map((e) => e.type)).toEqual(['response.submitted']);
		expect(sim.team.decisions['alert/contain'].status).toBe('open');
		const lock = answer(sim, 'ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		expect(lock.ok && lock.events.map((e) => e.type)).toEqual([
			'response.submitted',
			'decision.locked'
		]);
		expect(sim.team.decisions['alert/contain']).toMatchObject({
			status: 'locked',
			optionId: 'isolate',
			rule: 'role',
			by: 'ian'
		});
		expect(sim.team.vars.hostIsolated).toBe(true);
		expect(sim.team.milestones.contained).toBe(6 * MINUTE);
		sim.wait(1.9);
		expect(sim.team.releaseOrder).not.toContain('isolated');
		sim.wait(0.1);
		expect(sim.team.released.isolated).toMatchObject({ scenarioMs: 8 * MINUTE, cause: 'branch' });
		const late = answer(sim, 'ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		expect(late).toMatchObject({ ok: false, status: 409, message: 'the team has already decided' });
	});

	it('locks by majority when nobody holds the deciding role', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [
			['a', 'analyst'],
			['b', 'analyst'],
			['c', 'analyst']
		]);
		sim.must(command.start);
		sim.wait(5);
		answer(sim, 'a', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		answer(sim, 'b', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		expect(sim.team.decisions['alert/contain'].status).toBe('open');
		answer(sim, 'c', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		expect(sim.team.decisions['alert/contain']).toMatchObject({
			status: 'locked',
			optionId: 'isolate',
			rule: 'majority',
			by: 'c'
		});
	});

	it('a team of one decides alone', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [['solo', 'analyst']]);
		sim.must(command.start);
		sim.wait(5);
		answer(sim, 'solo', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		expect(sim.team.decisions['alert/contain']).toMatchObject({
			status: 'locked',
			optionId: 'wait',
			rule: 'majority'
		});
	});

	it('sends two teams down different branches', () => {
		const sim = new Sim(scenario, {
			teams: [
				{ id: 'red', name: 'Red' },
				{ id: 'blue', name: 'Blue' }
			]
		});
		joinTeam(sim, [
			['r', 'ic', 'red'],
			['b', 'ic', 'blue']
		]);
		sim.must(command.start);
		sim.wait(5);
		answer(sim, 'r', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		answer(sim, 'b', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		sim.wait(10);
		const { red, blue } = sim.state.teams;
		expect(red.releaseOrder).toEqual(['brief', 'alert', 'isolated']);
		expect(blue.releaseOrder).toEqual(['brief', 'alert', 'spread-news', 'lateral-alert']);
		expect(red.stages.lateral.fired).toBe(false);
		expect(blue.stages.lateral.fired).toBe(true);
		expect(blue.vars.spread).toBe(1);
	});

	it('takes the timeout outcome when the deadline passes, and the attacker stage fires first', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [
			['ana', 'analyst'],
			['ian', 'ic']
		]);
		sim.must(command.start);
		sim.wait(16);
		const d = sim.team.decisions['alert/contain'];
		expect(d).toMatchObject({
			status: 'expired',
			rule: 'timeout',
			optionId: null,
			closedMs: 15 * MINUTE
		});
		expect(sim.team.stages.lateral).toEqual({ fired: true, scenarioMs: 14 * MINUTE });
		expect(sim.team.releaseOrder).toEqual(['brief', 'alert', 'lateral-alert', 'spread-news']);
		const tooLate = answer(sim, 'ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		expect(tooLate).toMatchObject({ ok: false, status: 409 });
	});

	it('containment before the stage is due prevents it', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [['ian', 'ic']]);
		sim.must(command.start);
		sim.wait(13);
		answer(sim, 'ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		sim.wait(2);
		expect(sim.team.stages.lateral).toEqual({ fired: false, scenarioMs: 14 * MINUTE });
	});

	it('lets the facilitator override an open team decision with a reason, and only then', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.wait(5);
		const noReason = sim.run((s) =>
			command.override(scenario, s, {
				teamId: 'red',
				injectId: 'alert',
				decisionId: 'contain',
				optionId: 'isolate',
				reason: ' ',
				by: 'fac'
			})
		);
		expect(noReason).toMatchObject({ ok: false, status: 400 });
		sim.must((s) =>
			command.override(scenario, s, {
				teamId: 'red',
				injectId: 'alert',
				decisionId: 'contain',
				optionId: 'isolate',
				reason: 'Team deadlocked',
				by: 'fac'
			})
		);
		expect(sim.team.decisions['alert/contain']).toMatchObject({
			status: 'locked',
			rule: 'override',
			overrideReason: 'Team deadlocked'
		});
		expect(sim.team.vars.hostIsolated).toBe(true);
		const twice = sim.run((s) =>
			command.override(scenario, s, {
				teamId: 'red',
				injectId: 'alert',
				decisionId: 'contain',
				optionId: 'wait',
				reason: 'x',
				by: 'fac'
			})
		);
		expect(twice).toMatchObject({ ok: false, status: 409 });
	});
});

describe('answers', () => {
	it('refuses answers that do not fit the decision', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [['ana', 'analyst']]);
		expect(answer(sim, 'ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' })).toMatchObject(
			{ status: 409 }
		);
		sim.must(command.start);
		expect(answer(sim, 'ana', 'alert', 'flag', { kind: 'indicators', lines: [1] })).toMatchObject({
			status: 404
		});
		sim.wait(5);
		expect(answer(sim, 'ana', 'alert', 'flag', { kind: 'single', optionId: 'x' })).toMatchObject({
			status: 400
		});
		expect(answer(sim, 'ana', 'alert', 'flag', { kind: 'indicators', lines: [7] })).toMatchObject({
			status: 400,
			message: 'line 7 is not in the log (it has 5 lines)'
		});
		expect(
			answer(sim, 'ana', 'alert', 'flag', { kind: 'indicators', lines: [1, 1] })
		).toMatchObject({ status: 400 });
		expect(answer(sim, 'ana', 'alert', 'nope', { kind: 'indicators', lines: [1] })).toMatchObject({
			status: 404
		});
		expect(answer(sim, 'ghost', 'alert', 'flag', { kind: 'indicators', lines: [1] })).toMatchObject(
			{ status: 403 }
		);
		expect(
			answer(sim, 'ana', 'alert', 'flag', { kind: 'indicators', lines: [1, 3] })
		).toMatchObject({ ok: true });
	});

	it('keeps answers after a deadline, marked late, without replacing one given in time', () => {
		const withDeadline = phishScenario();
		withDeadline.decisionByKey['brief/ready'].deadlineMs = 2 * MINUTE;
		const sim = new Sim(withDeadline);
		sim.must((s) =>
			command.join(withDeadline, s, {
				participantId: 'ana',
				name: 'Ana',
				teamId: 'red',
				role: 'analyst'
			})
		);
		sim.must(command.start);
		sim.must((s) =>
			command.submitResponse(withDeadline, s, {
				responseId: 'r1',
				participantId: 'ana',
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		sim.wait(3);
		sim.must((s) =>
			command.submitResponse(withDeadline, s, {
				responseId: 'r2',
				participantId: 'ana',
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'no' }
			})
		);
		expect(sim.state.responses.map((r) => [r.responseId, r.late])).toEqual([
			['r1', false],
			['r2', true]
		]);
		expect(sim.state.latest['ana|brief/ready']).toBe(0);
	});

	it('refuses individual answers once the answers are revealed', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [['ana', 'analyst']]);
		sim.must(command.start);
		sim.must(command.reveal);
		expect(answer(sim, 'ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' })).toMatchObject(
			{ status: 409 }
		);
	});
});

describe('endings', () => {
	it('completes a team when nothing more can happen, with the first ending that holds', () => {
		const sim = new Sim(scenario);
		joinTeam(sim, [['ian', 'ic']]);
		sim.must(command.start);
		sim.wait(5);
		answer(sim, 'ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		sim.wait(54);
		expect(sim.team.ending).toBeNull();
		sim.wait(1);
		expect(sim.team.ending).toEqual({ endingId: 'good', scenarioMs: 60 * MINUTE });
	});

	it('ending the session early gives unfinished teams no ending: ended before an outcome', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.wait(20);
		sim.must((s) => command.end(scenario, s, sim.now));
		expect(sim.state.status).toBe('ended');
		// Issue 18: not the fallback ('bad') ending whose condition happens to hold.
		expect(sim.team.ending).toEqual({
			endingId: null,
			scenarioMs: 20 * MINUTE,
			reason: 'ended-early'
		});
		expect(replay(scenario, sim.log).teams.red.ending).toEqual(sim.team.ending);
		expect(sim.wait(60)).toEqual([]);
	});

	it('replays logs written before issue 18 with the ending they recorded', () => {
		const sim = new Sim(scenario);
		sim.must(command.start);
		sim.wait(20);
		const log = [
			...sim.log,
			{ type: 'team.completed', teamId: 'red', endingId: 'bad', scenarioMs: 20 * MINUTE },
			{ type: 'session.ended' }
		].map((e, i) => ({ ...e, seq: i + 1, at: sim.now })) as typeof sim.log;
		expect(replay(scenario, log).teams.red.ending).toEqual({
			endingId: 'bad',
			scenarioMs: 20 * MINUTE
		});
	});
});

describe('the log', () => {
	function playFullSession(): Sim {
		const sim = new Sim(scenario, {
			teams: [
				{ id: 'red', name: 'Red' },
				{ id: 'blue', name: 'Blue' }
			],
			speed: 2
		});
		joinTeam(sim, [
			['r1', 'ic', 'red'],
			['r2', 'analyst', 'red'],
			['b1', 'analyst', 'blue']
		]);
		sim.must(command.start);
		sim.wait(3);
		answer(sim, 'r2', 'alert', 'flag', { kind: 'indicators', lines: [1, 2] });
		answer(sim, 'r1', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		sim.must(command.pause);
		sim.wait(5);
		sim.must(command.resume);
		sim.must((s) =>
			command.observe(scenario, s, {
				observationId: 'o1',
				teamId: 'blue',
				objectiveId: 'contain',
				rating: 'M',
				text: 'Slow',
				by: 'fac'
			})
		);
		sim.wait(40);
		sim.must(command.reveal);
		sim.must((s) => command.end(scenario, s, sim.now));
		return sim;
	}

	it('replays to exactly the state built event by event', () => {
		const sim = playFullSession();
		expect(sim.log.length).toBeGreaterThan(20);
		expect(sim.log.map((e) => e.seq)).toEqual(sim.log.map((_, i) => i + 1));
		expect(replay(scenario, sim.log)).toEqual(sim.state);
	});

	it('catching up after a long gap yields the same events as living through it', () => {
		const live = new Sim(scenario);
		live.must(command.start);
		for (let i = 0; i < 70; i++) live.wait(1);
		const late = new Sim(scenario);
		late.must(command.start);
		late.wait(70);
		const strip = (s: Sim) =>
			s.log.map(({ seq, type, ...rest }) => ({
				seq,
				type,
				scenarioMs: 'scenarioMs' in rest ? rest.scenarioMs : undefined
			}));
		expect(strip(late)).toEqual(strip(live));
		expect(late.team.ending).toEqual(live.team.ending);
	});
});
