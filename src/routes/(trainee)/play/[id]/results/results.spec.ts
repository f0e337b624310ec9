import { describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishScenario, playedPhish } from '#lib/engine/testing.js';
import { traineeResults } from './results';

const scenario = phishScenario();
const md = (text: string) => `<p>${text}</p>`;

function played(reveal: boolean) {
	const sim = playedPhish(scenario);
	if (reveal) sim.must(command.reveal);
	return sim;
}

describe('trainee results', () => {
	it('say only that results come later before the reveal, nothing else', () => {
		const results = traineeResults(scenario, played(false).state, 'ana', md);
		expect(results).toEqual({ revealed: false, sessionTitle: 'Test session', status: 'ended' });
	});

	it('give the trainee’s own and their team’s per-phase scores after the reveal', () => {
		const results = traineeResults(scenario, played(true).state, 'ana', md)!;
		if (!results.revealed) throw new Error('expected results');
		expect(results.me).toEqual({ name: 'ana', roleName: 'SOC analyst', teamName: 'Red' });
		expect(results.phases.map((p) => p.id)).toEqual([
			'preparation',
			'identification',
			'containment',
			'lessons-learned'
		]);
		// Ana: "yes" (5/5), every indicator (10/10), proposed "wait" (-5 of 10), text 4/5 + 5/5.
		expect(results.mine.phases.preparation.percent).toBe(100);
		expect(results.mine.phases.identification.percent).toBe(100);
		expect(results.mine.phases.containment.percent).toBe(0);
		expect(results.mine.phases['lessons-learned'].percent).toBe(90);
		// The team: Ian's "no" halves preparation; the team isolated (10/10).
		expect(results.team.phases.preparation.percent).toBe(50);
		expect(results.team.phases.containment.percent).toBe(100);
		expect(results.ending).toMatchObject({ title: 'Contained', outcome: 'good' });
	});

	it('mark each answer against the key, with the team’s decision and the feedback', () => {
		const results = traineeResults(scenario, played(true).state, 'ana', md)!;
		if (!results.revealed) throw new Error('expected results');
		const byKey = Object.fromEntries(results.answers.map((a) => [a.key, a]));
		expect(byKey['brief/ready']).toMatchObject({ mine: 'Yes', verdict: 'full', earned: 5, max: 5 });
		expect(byKey['brief/ready'].options[0]).toEqual({
			label: 'Yes',
			correct: true,
			chosen: true,
			feedbackHtml: '<p>Good.</p>'
		});
		expect(byKey['alert/contain']).toMatchObject({
			mine: 'Keep watching',
			verdict: 'none',
			team: { decided: 'Isolate now', correct: true }
		});
		expect(byKey['alert/flag']).toMatchObject({ mine: 'lines 2, 4', verdict: 'full' });
		expect(byKey['alert/flag'].indicators?.lines.map((l) => [l.n, l.flagged])).toEqual([
			[1, true],
			[3, true]
		]);
		expect(byKey['isolated/why']).toMatchObject({ verdict: 'partial', earned: 4, max: 5 });
	});

	it('show a team that let the deadline pass what the timeout cost', () => {
		const results = traineeResults(scenario, played(true).state, 'bob', md)!;
		if (!results.revealed) throw new Error('expected results');
		const contain = results.answers.find((a) => a.key === 'alert/contain')!;
		expect(contain).toMatchObject({
			mine: null,
			verdict: 'unanswered',
			team: { decided: 'No decision: the deadline passed', correct: false },
			timeoutFeedbackHtml: '<p>Too slow.</p>'
		});
		expect(results.ending).toMatchObject({ title: 'It spread', outcome: 'bad' });
	});

	it('hold nothing about other trainees or other teams', () => {
		const text = JSON.stringify(traineeResults(scenario, played(true).state, 'ana', md));
		expect(text).not.toMatch(/\bian\b|\bbob\b|Blue/);
		expect(text).toContain('"name":"ana"');
	});

	it('are nothing for someone who is not in the session', () => {
		expect(traineeResults(scenario, played(true).state, 'stranger', md)).toBeNull();
	});
});
