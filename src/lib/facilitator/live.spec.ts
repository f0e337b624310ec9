import { describe, expect, it } from 'vitest';
import { facilitatorView } from '#lib/engine/session/facilitator-view.js';
import * as command from '#lib/engine/session/commands.js';
import { phishTwoTeams } from '#lib/engine/testing.js';
import { clockOffset, isWaiting, percent, progressAt, scenarioNow } from './live';

describe('console between two views', () => {
	it('runs the scenario clock from the server clock, whatever this machine reads', () => {
		const view = {
			clock: { running: true, speed: 2, baseMs: 60_000, since: 1_000_000 }
		} as Parameters<typeof scenarioNow>[0];
		// This machine is 5 s behind the server.
		const offset = clockOffset(1_010_000, 1_005_000);
		expect(scenarioNow(view, 1_005_000, offset)).toBe(60_000 + 10_000 * 2);
	});

	it('shows the progress the server counted, never 100 % while decisions are open', () => {
		const { sim, answer } = phishTwoTeams();
		const scenario = sim.scenario;
		const expected = 60 * 60_000;
		sim.must((s) => command.start(s));
		sim.wait(15);
		const view = facilitatorView(scenario, sim.state, sim.now, expected);
		const then = progressAt(view, view.scenarioMs, expected);
		expect(then.overall).toBeCloseTo(view.progress, 6);
		// Issue 18: time alone moves nothing; the old figure was the share of 60 min elapsed (50 %).
		expect(progressAt(view, 30 * 60_000, expected).overall).toBeCloseTo(view.progress, 6);
		expect(then.teams.red).toBeLessThan(1);
		// Answering moves it: Blue's brief is answered by its only member.
		answer('bob', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
		const after = facilitatorView(scenario, sim.state, sim.now, expected);
		expect(progressAt(after).teams.blue).toBeGreaterThan(then.teams.blue);
		// Ended early, teams show how far they got, not 100 %.
		sim.must((s) => command.end(scenario, s, sim.now));
		const ended = progressAt(facilitatorView(scenario, sim.state, sim.now, expected));
		expect(ended.overall).toBeLessThan(1);
		expect(percent(ended.overall)).toBeLessThan(100);
		expect(percent(1.7)).toBe(100);
		expect(percent(0.996)).toBe(99);
	});

	it('says an inject waits once due in manual mode or while held', () => {
		const item = { dueMs: 5000, held: false };
		expect(isWaiting({ release: 'manual' }, item, 4999)).toBe(false);
		expect(isWaiting({ release: 'manual' }, item, 5000)).toBe(true);
		expect(isWaiting({ release: 'auto' }, item, 9000)).toBe(false);
		expect(isWaiting({ release: 'auto' }, { ...item, held: true }, 9000)).toBe(true);
	});
});
