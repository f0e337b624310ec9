/**
 * Consequences at once (scenario format v2): the story outcome of the option a team locks, several
 * injects from one option, options offered only when their `when` holds, and scores that depend
 * on state (`scoresIf`).
 */
import { describe, expect, it } from 'vitest';
import * as command from './commands';
import { traineePatch } from './trainee-patch';
import { traineeView } from './trainee-view';
import { facilitatorView } from './facilitator-view';
import { compileScenario } from '../scenario/compile';
import type { ScenarioFile } from '../scenario/schema';
import { decisionKey, MINUTE } from '../scenario/model';
import { scoreSession } from '../score/session-score';
import { phishFile, phishTwoTeams, Sim } from '../testing';

const md = (s: string) => `<p>${s}</p>`;

/** Phish with outcome texts on the containment decision, its options and its timeout. */
function storyFile(): ScenarioFile {
	const file = phishFile();
	const contain = file.injects[1].decisions![1];
	contain.options![0].outcome = 'STORY-isolate: the host drops off the network.';
	contain.options![1].outcome = 'STORY-wait: the attacker keeps typing.';
	contain.timeout!.outcome = 'STORY-timeout: nobody decided.';
	file.injects[0].decisions![0].options![0].outcome = 'STORY-ready: the plan is on the table.';
	return file;
}

function contain(view: ReturnType<typeof traineeView>) {
	return view!.injects.find((i) => i.id === 'alert')!.decisions.find((d) => d.id === 'contain')!;
}

describe('outcome text', () => {
	const scenario = compileScenario(storyFile());

	it('reaches the team as soon as its decision locks, and only the locked option’s', () => {
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		const before = JSON.stringify(traineeView(scenario, sim.state, 'ana', md));
		expect(before).not.toContain('STORY');

		const since = sim.log.length;
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		const view = traineeView(scenario, sim.state, 'ana', md);
		expect(contain(view).outcomeHtml).toBe('<p>STORY-isolate: the host drops off the network.</p>');
		const json = JSON.stringify(view);
		for (const other of ['STORY-wait', 'STORY-timeout', 'STORY-ready']) {
			expect(json).not.toContain(other);
		}
		// The live patch that tells Ana of the lock carries it too, and nothing else's.
		const patch = traineePatch(scenario, sim.state, 'ana', sim.log.slice(since), md)!;
		const patched = JSON.stringify(patch);
		expect(patched).toContain('STORY-isolate');
		expect(patched).not.toMatch(/STORY-(wait|timeout|ready)/);
		// The other team has seen nothing of it.
		expect(JSON.stringify(traineeView(scenario, sim.state, 'bob', md))).not.toContain('STORY');
	});

	it('tells a team whose deadline passed the timeout’s outcome', () => {
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(16);
		const blue = traineeView(scenario, sim.state, 'bob', md);
		expect(contain(blue).status).toBe('expired');
		expect(contain(blue).outcomeHtml).toBe('<p>STORY-timeout: nobody decided.</p>');
		expect(JSON.stringify(blue)).not.toMatch(/STORY-(isolate|wait|ready)/);
	});

	it('of individual decisions, and of the options not taken, waits for the reveal', () => {
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		answer('ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
		const brief = () => traineeView(scenario, sim.state, 'ana', md)!.injects[0].decisions[0];
		expect(brief().outcomeHtml).toBeUndefined();
		expect(JSON.stringify(brief())).not.toContain('STORY');
		sim.must(command.reveal);
		expect(brief().options[0].outcomeHtml).toBe('<p>STORY-ready: the plan is on the table.</p>');
	});
});

describe('several injects from one option', () => {
	function file(): ScenarioFile {
		const f = phishFile();
		f.injects.push({
			id: 'notify',
			title: 'Notify the DPO',
			phase: 'containment',
			channel: 'email',
			delay: '4m',
			body: 'Tell the DPO.'
		});
		const contain = f.injects[1].decisions![1];
		contain.options![0].next = ['isolated', 'notify'];
		contain.timeout!.next = ['spread-news', 'notify'];
		return f;
	}

	it('schedules each, after its own delay, when the option locks', () => {
		const scenario = compileScenario(file());
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		expect(sim.state.teams.red.scheduled).toEqual([
			{ injectId: 'isolated', dueMs: 8 * MINUTE, cause: 'branch' },
			{ injectId: 'notify', dueMs: 10 * MINUTE, cause: 'branch' }
		]);
		sim.wait(4);
		expect(sim.state.teams.red.releaseOrder).toEqual(['brief', 'alert', 'isolated', 'notify']);
	});

	it('schedules every inject of a timeout’s list', () => {
		const scenario = compileScenario(file());
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(20);
		expect(sim.state.teams.blue.releaseOrder).toEqual(
			expect.arrayContaining(['spread-news', 'notify'])
		);
	});
});

describe('options with when', () => {
	/** Phish with a third containment option offered only once the malware has spread. */
	function file(spread: number): ScenarioFile {
		const f = phishFile({ variables: { hostIsolated: false, spread } });
		f.injects[1].decisions![1].options!.push({
			id: 'reimage',
			label: 'Reimage every host',
			when: 'spread > 0',
			scores: { containment: 3 },
			next: 'spread-news'
		});
		return f;
	}

	it('are fixed for the team when the inject is released', () => {
		const scenario = compileScenario(file(0));
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		expect(sim.state.teams.red.decisions[decisionKey('alert', 'contain')].available).toEqual([
			'isolate',
			'wait'
		]);
		// Decisions whose options have no `when` keep their state small.
		expect(sim.state.teams.red.decisions[decisionKey('brief', 'ready')]).not.toHaveProperty(
			'available'
		);
		const offered = compileScenario(file(1));
		const other = phishTwoTeams(offered).sim;
		other.must(command.start);
		other.wait(6);
		expect(other.state.teams.red.decisions[decisionKey('alert', 'contain')].available).toEqual([
			'isolate',
			'wait',
			'reimage'
		]);
	});

	it('hides an unavailable option from trainees and the console', () => {
		const scenario = compileScenario(file(0));
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		const view = traineeView(scenario, sim.state, 'ana', md);
		expect(contain(view).options.map((o) => o.id)).toEqual(['isolate', 'wait']);
		expect(JSON.stringify(view)).not.toContain('Reimage');
		const console = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		const d = console.teams[0].decisions.find((x) => x.decisionId === 'contain')!;
		expect(d.options.map((o) => o.id)).toEqual(['isolate', 'wait']);
		expect(d.notOffered).toEqual(['Reimage every host']);
	});

	it('refuses an answer, a lock or an override naming an unavailable option', () => {
		const scenario = compileScenario(file(0));
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		const propose = (participantId: string) =>
			sim.run((s) =>
				command.submitResponse(scenario, s, {
					responseId: `x-${participantId}`,
					participantId,
					injectId: 'alert',
					decisionId: 'contain',
					value: { kind: 'single', optionId: 'reimage' }
				})
			);
		const message =
			"option 'Reimage every host' is not available to your team: its condition did not hold when the decision opened";
		expect(propose('ana')).toEqual({ ok: false, status: 409, message });
		// The decider's answer would lock it: refused too, and nothing is recorded.
		expect(propose('ian')).toEqual({ ok: false, status: 409, message });
		expect(sim.state.responses.filter((r) => r.injectId === 'alert')).toEqual([]);
		const override = sim.run((s) =>
			command.override(scenario, s, {
				teamId: 'red',
				injectId: 'alert',
				decisionId: 'contain',
				optionId: 'reimage',
				reason: 'because',
				by: 'fac'
			})
		);
		expect(override).toMatchObject({ ok: false, status: 409 });
		expect(!override.ok && override.message).toContain('not available to Red');
		expect(sim.state.teams.red.decisions[decisionKey('alert', 'contain')].status).toBe('open');
	});

	it('counts only the offered options in the points reachable', () => {
		// Multiple choice: every positive option adds to the maximum, so an unavailable one must not.
		const f = phishFile();
		const lesson = f.injects.find((i) => i.id === 'wrap')!.decisions![0];
		lesson.options![0].when = 'hostIsolated';
		const scenario = compileScenario(f);
		const sim = new Sim(scenario);
		sim.must((s) =>
			command.join(scenario, s, { participantId: 'ana', name: 'Ana', teamId: 'red', role: 'ic' })
		);
		sim.must(command.start);
		sim.wait(61);
		const ll = scoreSession(scenario, sim.state).teams[0].phases['lessons-learned'];
		// Without the isolation, EDR tuning (3) is not offered: only MFA (2) is reachable there.
		expect(ll.reachable).toBe(2);
	});
});

describe('scores that depend on state', () => {
	it('are fixed for a team decision at lock, before the chosen option’s effects', () => {
		const f = phishFile();
		const isolate = f.injects[1].decisions![1].options![0];
		// Isolating an isolated host is worth nothing; isolating sets hostIsolated itself.
		isolate.scoresIf = [{ when: 'hostIsolated', scores: {} }];
		const scenario = compileScenario(f);
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		const d = sim.state.teams.red.decisions[decisionKey('alert', 'contain')];
		expect(sim.state.teams.red.vars.hostIsolated).toBe(true);
		expect(d.optionScores).toEqual({ isolate: { containment: 10 }, wait: { containment: -5 } });
		expect(scoreSession(scenario, sim.state).teams[0].phases.containment.earned).toBe(10);
	});

	it('replace an option’s scores with the first entry that holds', () => {
		const f = phishFile({ variables: { hostIsolated: true, spread: 2 } });
		const isolate = f.injects[1].decisions![1].options![0];
		isolate.scoresIf = [
			{ when: 'spread > 5', scores: { containment: 1 } },
			{ when: 'hostIsolated', scores: { containment: 0, identification: -2 } },
			{ when: 'spread > 0', scores: { containment: 7 } }
		];
		const scenario = compileScenario(f);
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		const red = scoreSession(scenario, sim.state).teams[0];
		expect(red.phases.containment.earned).toBe(0);
		expect(red.phases.identification.earned).toBe(-2);
		// Neither option was worth containment points to this team any more: none were reachable.
		expect(red.phases.containment.reachable).toBe(0);
	});

	it('are fixed for an individual decision when its inject is released', () => {
		const f = phishFile();
		const edr = f.injects.find((i) => i.id === 'wrap')!.decisions![0].options![0];
		edr.scoresIf = [{ when: 'hostIsolated', scores: { 'lessons-learned': 1 } }];
		const scenario = compileScenario(f);
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		sim.wait(55);
		answer('bob', 'wrap', 'lesson', { kind: 'multiple', optionIds: ['edr'] });
		answer('ana', 'wrap', 'lesson', { kind: 'multiple', optionIds: ['edr'] });
		expect(sim.state.teams.red.decisions[decisionKey('wrap', 'lesson')].optionScores).toEqual({
			edr: { 'lessons-learned': 1 },
			mfa: { 'lessons-learned': 2 },
			none: { 'lessons-learned': -2 }
		});
		const scores = scoreSession(scenario, sim.state);
		const ana = scores.trainees.find((t) => t.participantId === 'ana')!;
		const bob = scores.trainees.find((t) => t.participantId === 'bob')!;
		// Red had isolated the host: EDR tuning is worth 1 to it (of 1 + 2, plus 5 for the text
		// answer the isolation brought); Blue had not: 3 (of 3 + 2).
		expect(ana.phases['lessons-learned']).toMatchObject({ earned: 1, reachable: 8 });
		expect(bob.phases['lessons-learned']).toMatchObject({ earned: 3, reachable: 5 });
		sim.must(command.reveal);
		const wrap = traineeView(scenario, sim.state, 'ana', md)!.injects.find((i) => i.id === 'wrap')!;
		expect(wrap.decisions[0].options[0].scores).toEqual({ 'lessons-learned': 1 });
		expect(wrap.decisions[0].reveal).toMatchObject({ maxPoints: 3 });
	});
});
