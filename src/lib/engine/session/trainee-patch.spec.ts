import { describe, expect, it } from 'vitest';
import * as command from './commands';
import { traineePatch, traineePatchKey } from './trainee-patch';
import { phishInPlay, phishScenario, phishTwoTeams } from '../testing';

const scenario = phishScenario();
const md = (s: string) => `<p>${s}</p>`;

describe('trainee patches', () => {
	it('tell a trainee only what changed for them', () => {
		const sim = phishInPlay(scenario);
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
		const sim = phishInPlay(scenario);
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
		const sim = phishInPlay(scenario);
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
