import { describe, expect, it } from 'vitest';
import { applyDecay, decayFactor } from './decay';
import { MINUTE } from '../scenario/model';
import { compileScenario } from '../scenario/compile';
import * as command from '../session/commands';
import { phishFile, phishTwoTeams } from '../testing';
import { scoreSession } from './session-score';
import { buildDebrief } from './debrief';
import { validateScenario } from '../check/validate';

const decay = { fullMs: 10 * MINUTE, zeroMs: 40 * MINUTE, floor: 0 };

describe('decay', () => {
	it('pays in full until `full`, then falls linearly to the floor at `zero`', () => {
		expect(decayFactor(decay, 0)).toBe(1);
		expect(decayFactor(decay, 10 * MINUTE)).toBe(1);
		expect(decayFactor(decay, 25 * MINUTE)).toBeCloseTo(0.5);
		expect(decayFactor(decay, 40 * MINUTE)).toBe(0);
		expect(decayFactor(decay, 90 * MINUTE)).toBe(0);
	});

	it('keeps the floor', () => {
		const floored = { ...decay, floor: 0.5 };
		expect(decayFactor(floored, 25 * MINUTE)).toBeCloseTo(0.75);
		expect(decayFactor(floored, 60 * MINUTE)).toBe(0.5);
	});

	it('is 1 without a decay', () => {
		expect(decayFactor(undefined, 99 * MINUTE)).toBe(1);
	});

	it('reduces positive points only', () => {
		expect(applyDecay({ containment: 10, recovery: -4 }, 0.25)).toEqual({
			containment: 2.5,
			recovery: -4
		});
	});
});

describe('decay in a session', () => {
	/** Red locks containment 1m after the alert, Blue 4m after; Ana answers the briefing at once, Bob after 3m. */
	function played() {
		const file = phishFile();
		const brief = file.injects.find((i) => i.id === 'brief')!;
		brief.decisions![0].decay = { full: '1m', zero: '5m' };
		const alert = file.injects.find((i) => i.id === 'alert')!;
		alert.decisions!.find((d) => d.id === 'contain')!.decay = { full: '2m', zero: '8m' };
		const scenario = compileScenario(file);
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		answer('ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
		sim.wait(3);
		answer('bob', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
		sim.wait(3);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		sim.wait(3);
		answer('bob', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		return { scenario, sim };
	}

	it('reduces a team decision by the time to the lock; reachable stays full', () => {
		const { scenario, sim } = played();
		const scores = scoreSession(scenario, sim.state);
		const red = scores.teams.find((t) => t.teamId === 'red')!;
		const blue = scores.teams.find((t) => t.teamId === 'blue')!;
		expect(red.phases.containment).toMatchObject({ earned: 10, reachable: 10 });
		// Locked 4m after release: a third of the way from 2m to 8m is gone.
		expect(blue.phases.containment).toMatchObject({
			earned: expect.closeTo(20 / 3, 10),
			reachable: 10
		});
	});

	it('reduces an individual answer by the time to that answer', () => {
		const { scenario, sim } = played();
		const trainees = scoreSession(scenario, sim.state).trainees;
		const ana = trainees.find((t) => t.participantId === 'ana')!;
		const bob = trainees.find((t) => t.participantId === 'bob')!;
		expect(ana.phases.preparation).toMatchObject({ earned: 5, reachable: 5 });
		expect(bob.phases.preparation).toMatchObject({ earned: 2.5, reachable: 5 });
	});

	it('says in the debrief where time reduced the points', () => {
		const { scenario, sim } = played();
		const debrief = buildDebrief(scenario, sim.state, sim.now);
		const line = (team: string, decision: string) =>
			debrief.decisionLog[team].find((e) => e.decisionId === decision)!;
		expect(line('red', 'contain').decayed).toBeUndefined();
		expect(line('blue', 'contain').decayed).toEqual({ factor: 0.67, responseMs: 4 * MINUTE });
		expect(line('blue', 'ready').decayed).toEqual({ factor: 0.5, responseMs: 3 * MINUTE });
	});
});

describe('decay: validation', () => {
	it('wants zero after full', () => {
		const file = phishFile();
		file.injects[0].decisions![0].decay = { full: '10m', zero: '5m' };
		expect(validateScenario(file).errors.map((e) => e.message)).toContain(
			'decay.zero (5m) must come after decay.full (10m): points fall from full to zero'
		);
	});
});
