import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import { seededDice, seedOf } from './chance';
import * as command from './commands';
import { parseDie } from '../scenario/dice';
import { compileScenario } from '../scenario/compile';
import { MINUTE } from '../scenario/model';
import type { ScenarioFile } from '../scenario/schema';
import { validateScenario } from '../check/validate';
import { phishFile, Sim } from '../testing';
import { buildDebrief } from '../score/debrief';
import { facilitatorView } from './facilitator-view';

const d20 = parseDie('d20')!;

/** Phish where the lateral movement is stopped by a roll, and isolating rolls for detection. */
function chanceFile(): ScenarioFile {
	const file = phishFile();
	file.variables = { ...file.variables, detect: 0 };
	const stage = file.attacker[0];
	stage.unless = "hostIsolated or roll('d20') + spread >= 11";
	const contain = file.injects
		.find((i) => i.id === 'alert')!
		.decisions!.find((d) => d.id === 'contain')!;
	contain.options!.find((o) => o.id === 'wait')!.effects = ["detect = roll('d20') + roll('2d6')"];
	return file;
}

function play(seed?: string) {
	const scenario = compileScenario(chanceFile());
	const sim = new Sim(scenario, seed === undefined ? {} : { seed });
	for (const [id, role] of [
		['ana', 'analyst'],
		['ian', 'ic']
	])
		sim.must((s) =>
			command.join(scenario, s, { participantId: id, name: id, teamId: 'red', role })
		);
	sim.must(command.start);
	sim.wait(6);
	sim.must((s) =>
		command.submitResponse(scenario, s, {
			responseId: 'r1',
			participantId: 'ian',
			injectId: 'alert',
			decisionId: 'contain',
			value: { kind: 'single', optionId: 'wait' }
		})
	);
	sim.wait(60);
	return { scenario, sim };
}

describe('seeded dice', () => {
	it('gives the same number for the same seed, team and roll number, within the die', () => {
		expect(seededDice(d20, 'seed', 'red', 3)).toBe(seededDice(d20, 'seed', 'red', 3));
		const faces = new Set<number>();
		for (let i = 0; i < 400; i++) faces.add(seededDice(d20, 'seed', 'red', i));
		expect([...faces].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		const twoD6 = parseDie('2d6')!;
		for (let i = 0; i < 200; i++) {
			const v = seededDice(twoD6, 'seed', 'red', i);
			expect(v).toBeGreaterThanOrEqual(2);
			expect(v).toBeLessThanOrEqual(12);
		}
	});

	it('draws different numbers for other teams and seeds', () => {
		const run = (seed: string, team: string) =>
			Array.from({ length: 10 }, (_, i) => seededDice(d20, seed, team, i)).join();
		expect(run('a', 'red')).not.toBe(run('a', 'blue'));
		expect(run('a', 'red')).not.toBe(run('b', 'red'));
	});

	it('derives a seed from the session id for logs written before seeds', () => {
		expect(seedOf({ sessionId: 's1' })).toBe('session:s1');
		expect(seedOf({ sessionId: 's1', seed: 'x' })).toBe('x');
		expect(new Sim(compileScenario(phishFile())).state.seed).toBe('session:s1');
	});
});

describe('chance in a session', () => {
	it('records every roll with its die, value, time and source; events carry the ones they used', () => {
		const { sim } = play('fixed-seed');
		const rolls = sim.team.rolls;
		expect(rolls.map((r) => [r.die, r.source, r.scenarioMs])).toEqual([
			['d20', 'option:alert/contain/wait', 6 * MINUTE],
			['2d6', 'option:alert/contain/wait', 6 * MINUTE],
			['d20', 'stage:lateral', 14 * MINUTE]
		]);
		expect(sim.team.vars.detect).toBe(rolls[0].value + rolls[1].value);
		// Roll numbers run on: each value is the seeded draw for its position.
		expect(rolls[0].value).toBe(seededDice(d20, 'fixed-seed', 'red', 0));
		expect(rolls[2].value).toBe(seededDice(d20, 'fixed-seed', 'red', 2));
		const stageEvent = sim.log.find(
			(e) => e.type === 'stage.fired' || e.type === 'stage.prevented'
		)!;
		expect(stageEvent).toMatchObject({ rolls: [{ die: 'd20', value: rolls[2].value }] });
		const prevented = rolls[2].value + 0 >= 11;
		expect(sim.team.stages.lateral.fired).toBe(!prevented);
	});

	it('lists the rolls for the facilitator and in the debrief', () => {
		const { scenario, sim } = play('fixed-seed');
		const view = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		// Each with what rolled it in words, as well as its source id.
		const listed = sim.team.rolls.map((r) =>
			expect.objectContaining({ ...r, about: expect.any(String) })
		);
		expect(view.teams[0].rolls).toEqual(listed);
		expect(buildDebrief(scenario, sim.state, sim.now).rolls.red).toEqual(listed);
		expect(view.teams[0].rolls.every((r) => !r.about.includes(':'))).toBe(true);
	});

	it('replays the log to exactly the live state, rolls included', () => {
		for (const seed of ['one', 'two', 'three', undefined]) {
			const { scenario, sim } = play(seed);
			expect(sim.team.rolls.length).toBe(3);
			expect(replay(scenario, sim.log)).toEqual(sim.state);
		}
	});

	it('trusts the rolls an event carries over drawing again', () => {
		const { scenario, sim } = play('fixed-seed');
		const log = structuredClone(sim.log);
		const stageEvent = log.find((e) => e.type === 'stage.fired' || e.type === 'stage.prevented')!;
		if (!('rolls' in stageEvent) || !stageEvent.rolls) throw new Error('no rolls');
		stageEvent.rolls[0].value = 17;
		expect(replay(scenario, log).teams.red.rolls[2].value).toBe(17);
	});

	it('gives the rolls of a "release next" that skips injects to each event in order', () => {
		const file = phishFile();
		file.injects.push(
			{
				id: 'x1',
				title: 'X1',
				phase: 'containment',
				channel: 'chat',
				at: '1m',
				when: "roll('d20') > 30",
				body: 'x'
			},
			{
				id: 'x2',
				title: 'X2',
				phase: 'containment',
				channel: 'chat',
				at: '2m',
				when: "roll('d20') > 0",
				body: 'x'
			}
		);
		const scenario = compileScenario(file);
		const sim = new Sim(scenario, { release: 'manual', seed: 'm' });
		sim.must(command.start);
		sim.must((s) => command.release(scenario, s, {}, sim.now)); // brief
		sim.wait(3);
		const events = sim.must((s) => command.release(scenario, s, {}, sim.now));
		expect(events.map((e) => e.type)).toEqual(['inject.skipped', 'inject.released']);
		expect(sim.team.rolls.map((r) => [r.source, r.value])).toEqual([
			['inject:x1', seededDice(d20, 'm', 'red', 0)],
			['inject:x2', seededDice(d20, 'm', 'red', 1)]
		]);
		expect(replay(scenario, sim.log)).toEqual(sim.state);
	});
});

describe('chance: validation', () => {
	it('refuses roll() in an ending, saying where to roll instead', () => {
		const file = chanceFile();
		file.endings[0].when = "roll('d20') > 10";
		const messages = validateScenario(file).errors.map((e) => e.message);
		expect(messages.some((m) => m.includes("an ending's `when` cannot roll dice"))).toBe(true);
	});

	it('accepts rolls in conditions and effects', () => {
		expect(validateScenario(chanceFile()).errors).toEqual([]);
	});
});
