import { describe, expect, it } from 'vitest';
import * as command from './commands';
import { decisionMembers } from './commands';
import { screenView, SITUATION_MAX, type ScreenView } from './screen-view';
import { applyEvent } from './apply';
import { answerKey, type SessionState } from './state';
import { loadScenario } from '../scenario/load';
import { MINUTE, type Scenario } from '../scenario/model';
import type { ResponseValue } from './events';
import { phishInPlay, phishScenario, phishTwoTeams, playedPhish, Sim } from '../testing';

const bundled = import.meta.glob('../../../../scenarios/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

function bundledScenario(id: string): Scenario {
	const text = bundled[`../../../../scenarios/${id}.yaml`];
	const loaded = loadScenario(text, `${id}.yaml`);
	if (!loaded.scenario) throw new Error(`${id}: ${JSON.stringify(loaded.errors)}`);
	return loaded.scenario;
}

const phish = phishScenario();
const view = (sim: Sim, scenario = sim.scenario) => screenView(scenario, sim.state, sim.now, 0);

/**
 * Keys the answer key would travel under (the trainee views add them only after the reveal).
 * None may be in the big screen's JSON, before or after the reveal: it never shows options.
 */
const KEY_FIELDS =
	/"(options|correct|scores|optionScores|feedback|feedbackHtml|guidance|guidanceHtml|indicator|indicatorLines|note|expected|expectedActions|facilitatorNotes|outcomeHtml|summary|stages|attacker|reveal|vars|path|rolls|milestones)":/;

/**
 * Every text of the scenario's answer key, and what a team's play reveals of how well it did:
 * option labels, feedback and story outcomes, guidance, timeout texts, log line notes,
 * facilitator notes, expected actions, lessons, attacker stages, ending titles and summaries.
 * A text also found in what the screen may show (inject titles and senders, team names, titles)
 * is left out: finding it would prove nothing.
 */
function secretsOf(scenario: Scenario, publicTexts: string[]): string[] {
	const texts: (string | undefined)[] = [];
	for (const inject of scenario.injects) {
		texts.push(inject.facilitatorNotes, ...inject.expectedActions);
		for (const a of inject.artefacts)
			if (a.type === 'log')
				for (const line of a.lines) if (typeof line !== 'string') texts.push(line.note);
		for (const d of inject.decisions) {
			texts.push(d.guidance, d.timeout?.feedback, d.timeout?.outcome);
			for (const o of d.options) texts.push(o.label, o.feedback, o.outcome, o.detail);
		}
	}
	for (const s of scenario.stages) texts.push(s.title, s.description);
	for (const e of scenario.endings) texts.push(e.title, e.summary);
	for (const o of scenario.objectives) texts.push(...(o.debrief?.lessons ?? []));
	const open = publicTexts.map((t) => t.toLowerCase());
	return [...new Set(texts)].filter(
		(t): t is string =>
			t !== undefined && t.length >= 6 && !open.some((p) => p.includes(t.toLowerCase()))
	);
}

function publicTexts(scenario: Scenario, v: ScreenView): string[] {
	return [
		v.title,
		scenario.title,
		...v.teams.map((t) => t.name),
		...scenario.injects.flatMap((i) => [i.title, i.channel, i.from ?? ''])
	];
}

function leaks(scenario: Scenario, v: ScreenView): string[] {
	const json = JSON.stringify(v);
	const found = secretsOf(scenario, publicTexts(scenario, v)).filter((s) => json.includes(s));
	const key = KEY_FIELDS.exec(json);
	if (key) found.push(`key ${key[1]}`);
	return found;
}

/** An answer of the right kind, varied with `n` so different branches are taken. */
function someAnswer(scenario: Scenario, sim: Sim, teamId: string, key: string, n: number) {
	const d = sim.state.teams[teamId].decisions[key];
	const decision = scenario.decisionByKey[key];
	const offered = decision.options.filter((o) => !d.available || d.available.includes(o.id));
	let value: ResponseValue;
	if (decision.kind === 'single')
		value = { kind: 'single', optionId: offered[n % offered.length].id };
	else if (decision.kind === 'multiple') value = { kind: 'multiple', optionIds: [offered[0].id] };
	else if (decision.kind === 'indicators') value = { kind: 'indicators', lines: [0, 1] };
	else value = { kind: 'text', text: 'We contain it and tell the CFO.' };
	return value;
}

/**
 * The bundled ransomware scenario played to the end by two teams: Red (every role) answers
 * every open decision as it comes, Blue (a commander alone) answers nothing and lets every
 * deadline pass. Attacker stages fire, endings are reached or the session is ended.
 */
function playedBundled(scenario: Scenario): Sim {
	const sim = new Sim(scenario, {
		teams: [
			{ id: 'red', name: 'Red' },
			{ id: 'blue', name: 'Blue' }
		]
	});
	for (const role of scenario.roles)
		sim.must((s) =>
			command.join(scenario, s, {
				participantId: `red-${role.id}`,
				name: `Red ${role.name}`,
				teamId: 'red',
				role: role.id
			})
		);
	sim.must((s) =>
		command.join(scenario, s, {
			participantId: 'blue-ic',
			name: 'Blue commander',
			teamId: 'blue',
			role: scenario.roles[0].id
		})
	);
	sim.must(command.start);
	let n = 0;
	for (let minute = 0; minute < 400; minute += 3) {
		const red = sim.state.teams.red;
		for (const [key, d] of Object.entries(red.decisions)) {
			if (d.status !== 'open') continue;
			for (const m of decisionMembers(scenario, sim.state, 'red', d.injectId)) {
				if (sim.state.latest[answerKey(m.id, d.injectId, d.decisionId)] !== undefined) continue;
				if (sim.state.teams.red.decisions[key].status !== 'open') break;
				sim.run((s) =>
					command.submitResponse(scenario, s, {
						responseId: `r${++n}`,
						participantId: m.id,
						injectId: d.injectId,
						decisionId: d.decisionId,
						value: someAnswer(scenario, sim, 'red', key, n)
					})
				);
			}
		}
		if (sim.state.teamOrder.every((id) => sim.state.teams[id].ending)) break;
		sim.wait(3);
	}
	if (sim.state.status !== 'ended') sim.must((s) => command.end(scenario, s, sim.now));
	return sim;
}

describe('big screen view', () => {
	it('shows the lobby: teams and who joined, nothing played yet', () => {
		const { sim } = phishTwoTeams(phish);
		const v = view(sim);
		expect(v).toMatchObject({
			title: 'Test session',
			scenarioTitle: 'Phish',
			status: 'lobby',
			revealed: false,
			situation: [],
			attackerMoves: null
		});
		expect(v.clock).toEqual(sim.state.clock);
		expect(v.teams).toEqual([
			{
				id: 'red',
				name: 'Red',
				members: 2,
				progress: 0,
				decisions: { made: 0, total: 0 },
				finished: false,
				endedEarly: false,
				ending: null
			},
			{
				id: 'blue',
				name: 'Blue',
				members: 1,
				progress: 0,
				decisions: { made: 0, total: 0 },
				finished: false,
				endedEarly: false,
				ending: null
			}
		]);
	});

	it('shows the inject each team is on, its decisions made so far and the console progress', () => {
		const sim = phishInPlay(phish);
		const v = view(sim);
		expect(v.situation).toEqual([
			{
				injectId: 'alert',
				title: 'EDR alert',
				channel: 'alert',
				scenarioMs: 5 * MINUTE,
				teams: ['Red']
			}
		]);
		// brief/ready and alert's flag and contain are open; Ana answered two, Ian nothing.
		expect(v.teams[0].decisions).toEqual({ made: 0, total: 3 });
		expect(v.teams[0].progress).toBeCloseTo(2 / 7);
		sim.must((s) =>
			command.submitResponse(phish, s, {
				responseId: 'r9',
				participantId: 'ian',
				injectId: 'alert',
				decisionId: 'flag',
				value: { kind: 'indicators', lines: [1] }
			})
		);
		// Everyone asked has flagged: the decision counts as made before its deadline.
		expect(view(sim).teams[0].decisions).toEqual({ made: 1, total: 3 });
	});

	it('groups teams on the same inject and puts the newest first', () => {
		const { sim, answer } = phishTwoTeams(phish);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
		expect(view(sim).situation.map((s) => [s.injectId, s.teams])).toEqual([
			['alert', ['Red', 'Blue']]
		]);
		sim.wait(2);
		// Red's isolation ticket came 2 minutes after its lock; Blue is still on the alert.
		expect(view(sim).situation.map((s) => [s.injectId, s.channel, s.teams])).toEqual([
			['isolated', 'ticket', ['Red']],
			['alert', 'alert', ['Blue']]
		]);
		expect(view(sim).situation.length).toBeLessThanOrEqual(SITUATION_MAX);
	});

	it('shows a finished team as finished, without its ending, until the reveal', () => {
		const sim = playedPhish(phish);
		const before = view(sim);
		expect(before.teams.every((t) => t.finished)).toBe(true);
		expect(before.teams.map((t) => t.ending)).toEqual([null, null]);
		expect(before.attackerMoves).toBeNull();
		expect(leaks(phish, before)).toEqual([]);
		for (const ending of phish.endings) expect(JSON.stringify(before)).not.toContain(ending.title);

		sim.must(command.reveal);
		const after = view(sim);
		const reached = Object.values(sim.state.teams).map((t) => t.ending?.endingId);
		expect(after.teams.map((t) => t.ending?.title ?? null)).toEqual(
			reached.map((id) => phish.endings.find((e) => e.id === id)?.title ?? null)
		);
		expect(after.teams.some((t) => t.ending !== null)).toBe(true);
		// Red isolated in time; Blue let the deadline pass and the attacker moved on at 14m.
		expect(after.attackerMoves).toEqual([
			{
				stageId: 'lateral',
				title: 'Lateral movement',
				technique: 'T1021.002',
				teams: ['Blue'],
				scenarioMs: 14 * MINUTE
			}
		]);
	});

	it('says when a team ended before an outcome, and gives it no ending even after the reveal', () => {
		const { sim } = phishTwoTeams(phish);
		sim.must(command.start);
		sim.wait(7);
		sim.must((s) => command.end(phish, s, sim.now));
		sim.must(command.reveal);
		const v = view(sim);
		expect(v.teams.map((t) => [t.finished, t.endedEarly, t.ending])).toEqual([
			[true, true, null],
			[true, true, null]
		]);
		expect(v.teams[0].progress).toBeLessThan(1);
	});
});

describe('big screen view: nothing of the answer key before the reveal (bundled scenario)', () => {
	const scenario = bundledScenario('ransomware-file-server');
	const sim = playedBundled(scenario);

	it('was played far enough to have something to hide', () => {
		const teams = Object.values(sim.state.teams);
		expect(teams.some((t) => Object.values(t.stages).some((s) => s.fired))).toBe(true);
		expect(teams.some((t) => t.ending?.endingId)).toBe(true);
		const red = sim.state.teams.red;
		expect(
			Object.values(red.decisions).filter((d) => d.status === 'locked').length
		).toBeGreaterThan(2);
		expect(secretsOf(scenario, publicTexts(scenario, view(sim))).length).toBeGreaterThan(50);
	});

	it('holds no option, score, feedback, expected answer, indicator, stage or ending', () => {
		// At every step of the play, not only at the end.
		let state: SessionState | null = null;
		for (const event of sim.log) {
			state = applyEvent(scenario, state, event);
			if (state.revealed) break;
			const found = leaks(scenario, screenView(scenario, state, event.at, 0));
			if (found.length > 0) throw new Error(`after event ${event.seq}: ${found.join(', ')}`);
		}
		const v = view(sim);
		expect(v.revealed).toBe(false);
		expect(leaks(scenario, v)).toEqual([]);
		const json = JSON.stringify(v);
		for (const e of scenario.endings) expect(json).not.toContain(e.title);
		for (const s of scenario.stages) expect(json).not.toContain(s.title);
		for (const d of Object.values(scenario.decisionByKey))
			for (const o of d.options) if (o.feedback) expect(json).not.toContain(o.feedback);
		expect(v.attackerMoves).toBeNull();
		expect(v.teams.map((t) => t.finished)).toEqual([true, true]);
		expect(v.teams.map((t) => t.ending)).toEqual([null, null]);
	});

	it('finds the endings and the attacker moves once revealed: the search above is real', () => {
		const revealed = new Sim(scenario);
		revealed.state = structuredClone(sim.state);
		revealed.now = sim.now;
		revealed.must(command.reveal);
		const v = view(revealed);
		const json = JSON.stringify(v);
		const reached = Object.values(revealed.state.teams)
			.map((t) => scenario.endings.find((e) => e.id === t.ending?.endingId)?.title)
			.filter((t) => t !== undefined);
		expect(reached.length).toBeGreaterThan(0);
		for (const title of reached) expect(json).toContain(title);
		expect(v.attackerMoves!.length).toBeGreaterThan(0);
		expect(v.attackerMoves!.length).toBeLessThanOrEqual(5);
		expect(json).toContain(v.attackerMoves![0].title);
		expect(scenario.stages.map((s) => s.title)).toContain(v.attackerMoves![0].title);
		// Newest first, one line per stage with the teams it fired for.
		const times = v.attackerMoves!.map((m) => m.scenarioMs);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const ids = v.attackerMoves!.map((m) => m.stageId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(v.attackerMoves!.some((m) => m.teams.includes('Blue'))).toBe(true);
		for (const m of v.attackerMoves!) {
			for (const team of m.teams) {
				const id = team === 'Red' ? 'red' : 'blue';
				expect(revealed.state.teams[id].stages[m.stageId]?.fired).toBe(true);
			}
		}
		// Still no option, score or feedback: the screen never shows them.
		expect(KEY_FIELDS.exec(json)).toBeNull();
	});
});
