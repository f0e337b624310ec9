import { describe, expect, it } from 'vitest';
import { nextWakeMs, pendingFor } from './advance';
import { replay } from './apply';
import * as command from './commands';
import { compileScenario } from '../scenario/compile';
import { MINUTE } from '../scenario/model';
import type { ScenarioFile } from '../scenario/schema';
import { validateScenario } from '../check/validate';
import { phishFile, Sim } from '../testing';

/** Phish with things scheduled relative to the containment decision and the briefing. */
function relativeFile(): ScenarioFile {
	const file = phishFile();
	file.injects.push(
		{
			id: 'follow-up',
			title: 'Follow-up call',
			phase: 'containment',
			channel: 'phone',
			after: { inject: 'alert', decision: 'contain', delay: '3m' },
			body: 'How did it go?'
		},
		{
			id: 'praise',
			title: 'Quick work',
			phase: 'containment',
			channel: 'chat',
			after: { inject: 'alert', decision: 'contain' },
			when: 'lockedAt(alert/contain) < 7m and elapsed(alert) < 2m',
			body: 'Fast.'
		}
	);
	file.attacker.push(
		{
			id: 'beacon',
			title: 'Beacon',
			after: { inject: 'brief', delay: '5m' },
			effects: ['spread += 10']
		},
		{
			id: 'exfil',
			title: 'Exfiltration',
			after: { inject: 'alert', decision: 'contain', delay: '4m' },
			unless: 'hostIsolated'
		}
	);
	return file;
}

function started(file = relativeFile()) {
	const scenario = compileScenario(file);
	const sim = new Sim(scenario);
	for (const [id, role] of [
		['ana', 'analyst'],
		['ian', 'ic']
	])
		sim.must((s) =>
			command.join(scenario, s, { participantId: id, name: id, teamId: 'red', role })
		);
	sim.must(command.start);
	const lock = (optionId: string) =>
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: `r${sim.log.length}`,
				participantId: 'ian',
				injectId: 'alert',
				decisionId: 'contain',
				value: { kind: 'single', optionId }
			})
		);
	return { scenario, sim, lock };
}

describe('relative timing', () => {
	it('releases an inject a delay after a decision locks', () => {
		const { sim, lock } = started();
		sim.wait(6);
		lock('isolate');
		expect(sim.team.scheduled).toContainEqual({
			injectId: 'follow-up',
			dueMs: 9 * MINUTE,
			cause: 'after'
		});
		sim.wait(2.9);
		expect(sim.team.released['follow-up']).toBeUndefined();
		sim.wait(0.1);
		expect(sim.team.released['follow-up']).toMatchObject({
			scenarioMs: 9 * MINUTE,
			cause: 'after'
		});
	});

	it('counts from the deadline when the decision expires', () => {
		const { sim } = started();
		sim.wait(20);
		expect(sim.team.decisions['alert/contain'].status).toBe('expired');
		expect(sim.team.released['follow-up'].scenarioMs).toBe(18 * MINUTE);
	});

	it('reads when the decision closed in a condition: quick lock released, slow lock skipped', () => {
		const quick = started();
		quick.sim.wait(6);
		quick.lock('isolate');
		quick.sim.tick();
		expect(quick.sim.team.released.praise?.scenarioMs).toBe(6 * MINUTE);

		const slow = started();
		slow.sim.wait(8);
		slow.lock('isolate');
		slow.sim.tick();
		expect(slow.sim.team.skipped.praise).toBe(8 * MINUTE);
	});

	it('schedules an attacker stage after an inject, visible to pending() and the wake-up time', () => {
		const { scenario, sim } = started();
		sim.tick();
		expect(pendingFor(scenario, sim.team)).toContainEqual({
			teamId: 'red',
			dueMs: 5 * MINUTE,
			kind: 'stage',
			id: 'beacon'
		});
		expect(nextWakeMs(scenario, sim.state)).toBe(5 * MINUTE);
		const events = sim.wait(5);
		// The stage resolves before the release due at the same instant.
		expect(events.map((e) => e.type)).toEqual(['stage.fired', 'inject.released']);
		expect(sim.team.stages.beacon).toEqual({ fired: true, scenarioMs: 5 * MINUTE });
		expect(sim.team.vars.spread).toBe(10);
		expect(sim.team.stagesDue).toEqual([]);
	});

	it('schedules an attacker stage after a decision, and its unless is read then', () => {
		const isolated = started();
		isolated.sim.wait(6);
		isolated.lock('isolate');
		isolated.sim.wait(4);
		expect(isolated.sim.team.stages.exfil).toEqual({ fired: false, scenarioMs: 10 * MINUTE });

		const waited = started();
		waited.sim.wait(6);
		waited.lock('wait');
		waited.sim.wait(4);
		expect(waited.sim.team.stages.exfil).toEqual({ fired: true, scenarioMs: 10 * MINUTE });
	});

	it('does not complete a team while a relative stage is still to come', () => {
		const file = relativeFile();
		file.injects = file.injects.filter((i) => i.id !== 'wrap');
		file.attacker.push({ id: 'late', title: 'Late', after: { inject: 'alert', delay: '90m' } });
		const { sim, lock } = started(file);
		sim.wait(6);
		lock('isolate');
		sim.wait(60);
		expect(sim.team.ending).toBeNull();
		sim.wait(40);
		expect(sim.team.stages.late).toEqual({ fired: true, scenarioMs: 95 * MINUTE });
		expect(sim.team.ending).not.toBeNull();
	});

	it('replays to the same state', () => {
		const { scenario, sim, lock } = started();
		sim.wait(6);
		lock('wait');
		sim.wait(30);
		expect(replay(scenario, sim.log)).toEqual(sim.state);
	});
});

describe('relative timing: validation', () => {
	const errors = (file: ScenarioFile) => validateScenario(file).errors.map((e) => e.message);

	it('names a decision the anchor inject does not have, with a hint', () => {
		const file = relativeFile();
		file.injects.find((i) => i.id === 'follow-up')!.after = {
			inject: 'alert',
			decision: 'contian'
		};
		expect(errors(file)).toContain(
			"after: inject 'alert' has no decision 'contian' (it has flag, contain); did you mean 'contain'?"
		);
	});

	it('wants exactly one of at and after on an attacker stage, and known ids', () => {
		const file = relativeFile();
		file.attacker.push(
			{ id: 'both', title: 'Both', at: '5m', after: 'brief' },
			{ id: 'neither', title: 'Neither' },
			{ id: 'nowhere', title: 'Nowhere', after: { inject: 'alret', decision: 'contain' } }
		);
		const found = errors(file);
		expect(found).toContain('an attacker stage has `at` or `after`, not both');
		expect(found).toContain(
			'an attacker stage needs `at` (a scenario time) or `after` (an inject or decision)'
		);
		expect(found).toContain("after: unknown inject 'alret'; did you mean 'alert'?");
	});

	it('accepts the relative file as a whole', () => {
		expect(errors(relativeFile())).toEqual([]);
	});
});
