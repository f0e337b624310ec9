/**
 * Scenario format v2 (issue 11) in play: optional injects, dropping an inject for a team, text
 * that varies by state, and a team's answer to a text question written by one role.
 */
import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { traineeView } from './trainee-view';
import { facilitatorView } from './facilitator-view';
import { compileScenario } from '../scenario/compile';
import { MINUTE } from '../scenario/model';
import { ScenarioFileSchema, type ScenarioFile } from '../scenario/schema';
import { validateScenario } from '../check/validate';
import { explorePaths } from '../check/paths';
import { scoreSession } from '../score/session-score';
import { buildDebrief } from '../score/debrief';
import { Sim } from '../testing';
import type { ResponseValue } from './events';

function playFile(): ScenarioFile {
	return ScenarioFileSchema.parse({
		id: 'v2',
		title: 'V2',
		summary: 'Format v2.',
		version: '1.0.0',
		authors: ['Sandtable team'],
		licence: 'CC-BY-4.0',
		duration: { min: 10, max: 30 },
		difficulty: 'introductory',
		objectives: [{ id: 'o', title: 'Respond', phases: ['containment'] }],
		roles: [
			{ id: 'ic', name: 'Incident commander' },
			{ id: 'scribe', name: 'Scribe' },
			{ id: 'analyst', name: 'Analyst' }
		],
		variables: { breach: false },
		injects: [
			{
				id: 'brief',
				title: 'Briefing',
				phase: 'containment',
				channel: 'briefing',
				at: 0,
				body: 'Go?',
				decisions: [
					{
						id: 'go',
						kind: 'single',
						prompt: 'Confirm the breach?',
						team: { decider: 'ic' },
						options: [
							{
								id: 'yes',
								label: 'Yes',
								scores: { containment: 5 },
								effects: ['breach = true'],
								next: 'follow'
							},
							{ id: 'no', label: 'No', scores: { containment: 0 }, next: 'follow' }
						]
					}
				]
			},
			{
				id: 'side',
				title: 'Side quest',
				phase: 'identification',
				channel: 'email',
				at: '1m',
				optional: true,
				body: 'Only if you have time.',
				decisions: [
					{
						id: 'extra',
						kind: 'single',
						prompt: 'Look deeper?',
						team: { decider: 'ic' },
						options: [
							{ id: 'deep', label: 'Deeper', scores: { identification: 4 } },
							{ id: 'skip', label: 'Skip', scores: { identification: 0 } }
						]
					}
				]
			},
			{
				id: 'follow',
				title: 'Follow-up',
				phase: 'lessons-learned',
				channel: 'meeting',
				delay: '1m',
				body: 'Write it up.',
				variants: [
					{ when: 'breach', body: 'The breach is **confirmed**.' },
					{ when: 'not breach', body: 'No breach was confirmed.' },
					{ when: 'visited(brief)', body: 'You were briefed.' }
				],
				decisions: [
					{
						id: 'summary',
						kind: 'text',
						prompt: 'Summarise for the board.',
						team: { decider: 'scribe' },
						phase: 'lessons-learned',
						points: 10
					}
				]
			},
			{
				id: 'late',
				title: 'Late news',
				phase: 'containment',
				channel: 'news',
				at: '20m',
				body: 'The press calls.',
				decisions: [
					{
						id: 'statement',
						kind: 'single',
						prompt: 'Statement?',
						team: { decider: 'ic' },
						options: [
							{ id: 'now', label: 'Now', scores: { containment: 3 } },
							{ id: 'later', label: 'Later' }
						]
					}
				]
			}
		],
		endings: [
			{ id: 'good', title: 'Good', when: 'breach', outcome: 'good', summary: 'Good.' },
			{ id: 'bad', title: 'Bad', outcome: 'bad', summary: 'Bad.' }
		]
	});
}

const scenario = compileScenario(playFile());

function play(file = playFile()) {
	const sc = compileScenario(file);
	const sim = new Sim(sc);
	for (const [id, role] of [
		['ian', 'ic'],
		['sam', 'scribe'],
		['ana', 'analyst']
	]) {
		sim.must((s) => command.join(sc, s, { participantId: id, name: id, teamId: 'red', role }));
	}
	let n = 0;
	const answer = (who: string, injectId: string, decisionId: string, value: ResponseValue) =>
		sim.run((s) =>
			command.submitResponse(sc, s, {
				responseId: `r${++n}`,
				participantId: who,
				injectId,
				decisionId,
				value
			})
		);
	sim.must(command.start);
	return { sim, answer, sc };
}

const md = (s: string) => `<p>${s}</p>`;

describe('optional injects', () => {
	it('lets a team reach its ending with an optional decision unanswered', () => {
		const { sim, answer } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		sim.wait(2);
		answer('sam', 'follow', 'summary', { kind: 'text', text: 'Contained.' });
		sim.wait(20);
		answer('ian', 'late', 'statement', { kind: 'single', optionId: 'now' });
		sim.tick();
		expect(sim.team.decisions['side/extra'].status).toBe('open');
		expect(sim.team.ending?.endingId).toBe('good');
	});

	it('adds an unanswered optional decision to no reachable points, an answered one as usual', () => {
		const unanswered = play();
		unanswered.answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		unanswered.sim.wait(21);
		const team = scoreSession(scenario, unanswered.sim.state).teams[0];
		expect(team.phases.identification.reachable).toBe(0);
		expect(team.timeouts).toBe(0);

		const answered = play();
		answered.answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		answered.sim.wait(1);
		answered.answer('ian', 'side', 'extra', { kind: 'single', optionId: 'skip' });
		const scored = scoreSession(scenario, answered.sim.state).teams[0];
		expect(scored.phases.identification).toMatchObject({ earned: 0, reachable: 4 });
	});

	it('still expires an optional deadline while the team plays', () => {
		const file = playFile();
		file.injects[1].decisions![0].deadline = '2m';
		const { sim } = play(file);
		sim.wait(3.5);
		expect(sim.team.decisions['side/extra'].status).toBe('expired');
	});

	it('marks optional injects for trainees and the facilitator', () => {
		const { sim } = play();
		sim.wait(1);
		const view = traineeView(scenario, sim.state, 'ana', md)!;
		expect(view.injects.find((i) => i.id === 'side')?.optional).toBe(true);
		expect(view.injects.find((i) => i.id === 'brief')?.optional).toBe(false);
		const fac = facilitatorView(scenario, sim.state, sim.now, 0).teams[0];
		expect(fac.released.find((r) => r.injectId === 'side')?.optional).toBe(true);
		expect(fac.decisions.find((d) => d.injectId === 'side')?.optional).toBe(true);
	});
});

describe('dropping an inject for a team', () => {
	it('never releases a dropped pending inject', () => {
		const { sim, sc } = play();
		sim.must((s) =>
			command.drop(
				sc,
				s,
				{ teamId: 'red', injectId: 'late', by: 'fac', reason: 'No time' },
				sim.now
			)
		);
		sim.wait(30);
		expect(sim.team.releaseOrder).not.toContain('late');
		expect(sim.team.dropped.late).toMatchObject({ by: 'fac', reason: 'No time', released: false });
		const f = facilitatorView(sc, sim.state, sim.now, 0).teams[0];
		expect(f.upcoming.map((u) => u.injectId)).not.toContain('late');
		expect(
			command.release(sc, sim.state, { teamId: 'red', injectId: 'late' }, sim.now)
		).toMatchObject({
			ok: false
		});
	});

	it('closes the open decisions of a released inject so the team reaches its ending', () => {
		const { sim, sc, answer } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		sim.wait(2);
		answer('sam', 'follow', 'summary', { kind: 'text', text: 'Contained.' });
		sim.wait(20);
		expect(sim.team.ending).toBeNull();
		sim.must((s) => command.drop(sc, s, { teamId: 'red', injectId: 'late', by: 'fac' }, sim.now));
		sim.tick();
		expect(sim.team.decisions['late/statement']).toMatchObject({ status: 'dropped', by: 'fac' });
		expect(sim.team.ending?.endingId).toBe('good');
		const refused = answer('ian', 'late', 'statement', { kind: 'single', optionId: 'now' });
		expect(refused).toMatchObject({ ok: false, status: 409 });

		const team = scoreSession(sc, sim.state).teams[0];
		// 5 from "go"; the dropped statement (3) is not at stake and is no timeout.
		expect(team.phases.containment).toMatchObject({ earned: 5, reachable: 5 });
		expect(team.timeouts).toBe(0);

		const log = buildDebrief(sc, sim.state, sim.now).decisionLog.red;
		const entry = log.find((e) => e.injectId === 'late');
		expect(entry).toMatchObject({ decidedBy: 'dropped by the facilitator' });

		expect(replay(sc, sim.log)).toEqual(sim.state);
	});

	it('refuses unknown ids and repeats without changing anything', () => {
		const { sim, sc } = play();
		const input = { teamId: 'red', injectId: 'late', by: 'fac' };
		expect(command.drop(sc, sim.state, { ...input, teamId: 'nope' }, sim.now)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(command.drop(sc, sim.state, { ...input, injectId: 'nope' }, sim.now)).toMatchObject({
			ok: false,
			status: 404
		});
		sim.must((s) => command.drop(sc, s, input, sim.now));
		expect(command.drop(sc, sim.state, input, sim.now)).toMatchObject({ ok: false, status: 409 });
		// A released inject with nothing open has nothing to drop.
		sim.must((s) =>
			command.submitResponse(sc, s, {
				responseId: 'x',
				participantId: 'ian',
				injectId: 'brief',
				decisionId: 'go',
				value: { kind: 'single', optionId: 'no' }
			})
		);
		const before = sim.log.length;
		expect(command.drop(sc, sim.state, { ...input, injectId: 'brief' }, sim.now)).toMatchObject({
			ok: false,
			status: 409
		});
		expect(sim.log.length).toBe(before);
	});
});

describe('text that varies by state', () => {
	it('records at release the variants whose condition holds, and shows them after the body', () => {
		const { sim, answer } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		sim.wait(2);
		expect(sim.team.released.follow.variants).toEqual([0, 2]);
		const view = traineeView(scenario, sim.state, 'ana', md)!;
		expect(view.injects.find((i) => i.id === 'follow')?.variantsHtml).toEqual([
			'<p>The breach is **confirmed**.</p>',
			'<p>You were briefed.</p>'
		]);
		// Fixed at release: a later change of state does not change the text.
		expect(replay(scenario, sim.log).teams.red.released.follow.variants).toEqual([0, 2]);
	});

	it('picks the other text on the other branch', () => {
		const { sim, answer } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'no' });
		sim.wait(2);
		expect(sim.team.released.follow.variants).toEqual([1, 2]);
	});

	it('validates the conditions of variants', () => {
		const file = playFile();
		file.injects[2].variants = [{ when: 'brech and', body: 'x' }];
		const { errors } = validateScenario(file);
		expect(errors.some((e) => e.path.join('.').startsWith('injects.2.variants.0.when'))).toBe(true);
	});
});

describe("a team's answer to a text question", () => {
	it('is written by the decider role, closes the decision and is seen by teammates', () => {
		const { sim, answer } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		sim.wait(2);
		const other = answer('ana', 'follow', 'summary', { kind: 'text', text: 'Mine.' });
		expect(other).toMatchObject({ ok: false, status: 403 });
		const written = answer('sam', 'follow', 'summary', { kind: 'text', text: 'Host isolated.' });
		expect(written.ok).toBe(true);
		expect(sim.team.decisions['follow/summary']).toMatchObject({ status: 'locked', by: 'sam' });
		const again = answer('sam', 'follow', 'summary', { kind: 'text', text: 'Again.' });
		expect(again).toMatchObject({ ok: false, status: 409 });
		const seen = traineeView(scenario, sim.state, 'ana', md)!.injects.find(
			(i) => i.id === 'follow'
		)!.decisions[0];
		expect(seen.teamAnswer).toEqual({ text: 'Host isolated.', by: 'sam' });
		expect(seen.myAnswer).toBeNull();
		const onConsole = facilitatorView(scenario, sim.state, sim.now, 0);
		const summary = onConsole.teams
			.flatMap((t) => t.decisions)
			.filter((d) => d.injectId === 'follow' && d.decisionId === 'summary');
		expect(summary.map((d) => d.teamAnswer)).toEqual(['Host isolated.']);
	});

	it("counts the facilitator's mark in full for the team and for the writer", () => {
		const { sim, answer, sc } = play();
		answer('ian', 'brief', 'go', { kind: 'single', optionId: 'yes' });
		sim.wait(2);
		answer('sam', 'follow', 'summary', { kind: 'text', text: 'Host isolated.' });
		const responseId = sim.team.decisions['follow/summary'].responseId!;
		sim.must((s) => command.scoreText(sc, s, { responseId, points: 8, by: 'fac' }));
		const scores = scoreSession(sc, sim.state);
		expect(scores.teams[0].phases['lessons-learned']).toMatchObject({ earned: 8, reachable: 10 });
		const sam = scores.trainees.find((t) => t.participantId === 'sam')!;
		expect(sam.phases['lessons-learned']).toMatchObject({ earned: 8, reachable: 10 });
		const ana = scores.trainees.find((t) => t.participantId === 'ana')!;
		expect(ana.phases['lessons-learned'].reachable).toBe(0);
	});

	it('is a team decision the path explorer answers', () => {
		const report = explorePaths(scenario);
		expect(report.deadEnds).toEqual([]);
		expect(report.bestScore['lessons-learned']).toBe(10);
	});

	it('needs a role as decider: "majority" makes no sense for text', () => {
		const file = playFile();
		file.injects[2].decisions![0].team = { decider: 'majority' };
		const { errors } = validateScenario(file);
		expect(errors.map((e) => e.message).join('\n')).toContain('decider must be a role id');
		expect(validateScenario(playFile()).errors).toEqual([]);
	});
});

it('keeps the scenario minutes of releases', () => {
	const { sim } = play();
	sim.wait(1);
	expect(sim.team.released.side.scenarioMs).toBe(1 * MINUTE);
});
