import { describe, expect, it } from 'vitest';
import type { TraineeDecision } from '#lib/engine/session/trainee-view.js';
import { answerState, deciderSentence, describeAnswer, phaseLabel, totalPoints } from './decision';

function decision(over: Partial<TraineeDecision> = {}): TraineeDecision {
	return {
		id: 'contain',
		kind: 'single',
		promptHtml: '<p>Isolate?</p>',
		team: null,
		deadlineMs: null,
		status: 'open',
		options: [
			{ id: 'isolate', label: 'Isolate now' },
			{ id: 'wait', label: 'Keep watching' }
		],
		myAnswer: null,
		myRationale: null,
		myAnswerLate: false,
		proposals: [],
		lockedOptionId: null,
		lockedBy: null,
		lockRule: null,
		teamAnswer: null,
		...over
	};
}
const running = { status: 'running' as const, revealed: false, me: { role: 'analyst' } };
const team = (decider: string, roles: string[]) =>
	decision({
		team: { decider, deciderName: decider === 'ic' ? 'Incident commander' : decider },
		proposals: roles.map((role, i) => ({
			participantId: `p${i}`,
			name: `P${i}`,
			role,
			optionId: null
		}))
	});

describe('whether a decision can be answered', () => {
	it('offers individual questions until the reveal, warning once the deadline passed', () => {
		expect(answerState(running, decision())).toEqual({
			open: true,
			note: null,
			submitLabel: 'Submit answer'
		});
		const answered = decision({ myAnswer: { kind: 'single', optionId: 'wait' } });
		expect(answerState(running, answered).submitLabel).toBe('Update my answer');
		const late = answerState(running, decision({ status: 'expired' }));
		expect(late.open).toBe(true);
		expect(late.note).toMatch(/scores nothing/);
		expect(answerState({ ...running, revealed: true }, decision()).open).toBe(false);
	});

	it('closes everything when the session has ended or not started', () => {
		expect(answerState({ ...running, status: 'ended' }, decision()).note).toBe(
			'The exercise has ended.'
		);
		expect(answerState({ ...running, status: 'lobby' }, decision()).open).toBe(false);
		expect(answerState({ ...running, status: 'paused' }, decision()).open).toBe(true);
	});

	it('keeps team decisions open after the reveal until they lock or time out', () => {
		const open = team('ic', ['ic', 'analyst']);
		expect(answerState({ ...running, revealed: true }, open).submitLabel).toBe('Propose');
		expect(answerState({ ...running, me: { role: 'ic' } }, open).submitLabel).toBe(
			'Decide for the team'
		);
		expect(answerState(running, { ...open, status: 'locked' }).note).toBe('The team has decided.');
		expect(answerState(running, { ...open, status: 'expired' }).open).toBe(false);
	});
});

describe('who decides', () => {
	it('names the deciding role, or the majority when nobody holds it', () => {
		expect(deciderSentence('ic', team('ic', ['ic', 'analyst']))).toMatch(/^You decide/);
		expect(deciderSentence('analyst', team('ic', ['ic', 'analyst']))).toMatch(
			/^The Incident commander decides/
		);
		expect(deciderSentence('analyst', team('ic', ['analyst', 'analyst']))).toBe(
			'The majority decides (nobody in the team is Incident commander): the decision locks when more than half of the 2 members choose the same option.'
		);
		expect(deciderSentence('analyst', team('majority', ['analyst']))).toMatch(
			/half of the 1 member /
		);
		expect(deciderSentence('analyst', decision())).toBe('');
	});
});

describe('answers in words', () => {
	it('uses option labels and 1-based line numbers', () => {
		const d = decision();
		expect(describeAnswer(d, { kind: 'single', optionId: 'wait' })).toBe('Keep watching');
		expect(describeAnswer(d, { kind: 'multiple', optionIds: ['isolate', 'wait'] })).toBe(
			'Isolate now; Keep watching'
		);
		expect(describeAnswer(d, { kind: 'indicators', lines: [0, 3] })).toBe('lines 1, 4 flagged');
		expect(describeAnswer(d, { kind: 'indicators', lines: [2] })).toBe('line 3 flagged');
		expect(describeAnswer(d, { kind: 'text', text: 'Call legal' })).toBe('Call legal');
	});

	it('adds points and names phases', () => {
		expect(totalPoints({ containment: 7.5, identification: 2.25 })).toBe(9.75);
		expect(totalPoints({})).toBe(0);
		expect(phaseLabel('lessons-learned')).toBe('Lessons learned');
	});
});

describe('team text answers and dropped injects (issue 11)', () => {
	const teamText = (roles: string[], over: Partial<TraineeDecision> = {}) =>
		decision({
			kind: 'text',
			options: [],
			team: { decider: 'scribe', deciderName: 'Scribe' },
			proposals: roles.map((role, i) => ({
				participantId: `p${i}`,
				name: `P${i}`,
				role,
				optionId: null
			})),
			...over
		});

	it('offers the form only to the scribe, and closes it once the answer is in', () => {
		const scribe = { ...running, me: { role: 'scribe' } };
		expect(answerState(scribe, teamText(['scribe', 'analyst'])).open).toBe(true);
		const other = answerState(running, teamText(['scribe', 'analyst']));
		expect(other).toMatchObject({ open: false, note: "The Scribe writes the team's answer." });
		expect(answerState(scribe, teamText(['scribe'], { status: 'locked' })).open).toBe(false);
		expect(deciderSentence('analyst', teamText(['scribe', 'analyst']))).toContain('Scribe writes');
	});

	it('lets anyone write when nobody holds the role', () => {
		expect(answerState(running, teamText(['analyst'])).open).toBe(true);
	});

	it('closes a dropped decision', () => {
		expect(answerState(running, decision({ status: 'dropped' }))).toMatchObject({ open: false });
	});
});
