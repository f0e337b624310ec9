import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { scenarioTime } from './clock';
import type { ReleaseMode } from './events';
import { compileScenario } from '../scenario/compile';
import { MINUTE } from '../scenario/model';
import { phishFile, Sim } from '../testing';

/** Phish plus "Late news" at 20 min, released only if lateral movement (14 min) happened. */
function lateNews() {
	const file = phishFile();
	file.injects.push({
		id: 'late-news',
		title: 'Late news',
		phase: 'identification',
		channel: 'news',
		at: '20m',
		when: 'fired(lateral)',
		body: 'The press has it.'
	});
	return compileScenario(file);
}

function started(release: ReleaseMode = 'auto') {
	const scenario = lateNews();
	const sim = new Sim(scenario, { release });
	sim.must(command.start);
	return { scenario, sim };
}

const at = (sim: Sim) => scenarioTime(sim.state.clock, sim.now);

describe('release next', () => {
	it('releases what is due next, after the stages due before it have fired', () => {
		const { scenario, sim } = started();
		sim.wait(6);
		const events = sim.must((s) => command.release(scenario, s, {}, sim.now));
		// Not "Wrap-up" (the next inject in script order whose condition holds now, 54 minutes
		// early), but "Late news" at 20 min, judged after lateral movement fired at 14 min.
		expect(events.map((e) => e.type)).toEqual([
			'clock.skipped',
			'stage.fired',
			'inject.released',
			'deadline.expired',
			'inject.released',
			'inject.released'
		]);
		expect(sim.team.releaseOrder).toEqual([
			'brief',
			'alert',
			'lateral-alert',
			'spread-news',
			'late-news'
		]);
		expect(sim.team.released['late-news'].scenarioMs).toBe(20 * MINUTE);
		expect(at(sim)).toBe(20 * MINUTE);
		expect(sim.state.clockSkips).toEqual([
			{ fromMs: 6 * MINUTE, toMs: 20 * MINUTE, at: sim.now, by: 'fac' }
		]);
		expect(replay(scenario, sim.log)).toEqual(sim.state);
	});

	it('in manual mode, releases the next one due; skipping what is due on the way first', () => {
		const { scenario, sim } = started('manual');
		sim.wait(2);
		// "Briefing" (due at 0) waits for the facilitator: released now, no skip.
		sim.must((s) => command.release(scenario, s, { teamId: 'red' }, sim.now));
		expect(sim.team.releaseOrder).toEqual(['brief']);
		expect(at(sim)).toBe(2 * MINUTE);
		sim.must((s) => command.release(scenario, s, { teamId: 'red' }, sim.now));
		expect(sim.team.releaseOrder).toEqual(['brief', 'alert']);
		expect(sim.team.released.alert.scenarioMs).toBe(5 * MINUTE);
		expect(at(sim)).toBe(5 * MINUTE);
	});

	it('says so when nothing is left', () => {
		const { scenario, sim } = started();
		sim.wait(61);
		const r = command.release(scenario, sim.state, {}, sim.now);
		expect(r).toMatchObject({ ok: false, status: 409 });
	});
});

describe('skip the clock', () => {
	it('fires every release, deadline and stage due on the way, in order, and records the skip', () => {
		const { scenario, sim } = started();
		sim.wait(1);
		sim.must(command.pause);
		const events = sim.must((s) =>
			command.skip(scenario, s, { toMs: 30 * MINUTE, by: 'fac' }, sim.now)
		);
		expect(
			events.map((e) => ('scenarioMs' in e ? `${e.type}@${e.scenarioMs / MINUTE}` : e.type))
		).toEqual([
			'clock.skipped',
			'inject.released@5',
			'stage.fired@14',
			'inject.released@14',
			'deadline.expired@15',
			'inject.released@15',
			'inject.released@20'
		]);
		// Still paused, at the time skipped to.
		expect(sim.state.status).toBe('paused');
		sim.wait(10);
		expect(at(sim)).toBe(30 * MINUTE);
		expect(sim.state.clockSkips).toHaveLength(1);
		expect(replay(scenario, sim.log)).toEqual(sim.state);
	});

	it('refuses a time not after now, past a week, or before the start', () => {
		const { scenario, sim } = started();
		sim.wait(10);
		const skip = (toMs: number) => command.skip(scenario, sim.state, { toMs, by: 'fac' }, sim.now);
		expect(skip(5 * MINUTE)).toMatchObject({ ok: false, status: 400 });
		expect(skip(10 * MINUTE)).toMatchObject({ ok: false, status: 400 });
		expect(skip(8 * 24 * 60 * MINUTE)).toMatchObject({ ok: false, status: 400 });
		const lobby = new Sim(lateNews());
		expect(
			command.skip(lobby.scenario, lobby.state, { toMs: MINUTE, by: 'fac' }, lobby.now)
		).toMatchObject({
			ok: false,
			status: 409
		});
	});
});
