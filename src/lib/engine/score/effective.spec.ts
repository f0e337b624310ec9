import { describe, expect, it } from 'vitest';
import { effectiveDecision, effectiveOptions, optionAvailable } from './effective';
import { decisionMaxPoints } from './points';
import { scoreAnswer } from './scoring';
import { compileScenario } from '../scenario/compile';
import type { DecisionState } from '../session/state';
import { phishFile } from '../testing';

const scenario = compileScenario(phishFile());
const lesson = scenario.decisionByKey['wrap/lesson'];

function state(extra: Partial<DecisionState> = {}): DecisionState {
	return {
		injectId: 'wrap',
		decisionId: 'lesson',
		openedMs: 0,
		openedAt: 0,
		deadlineMs: null,
		status: 'open',
		optionId: null,
		rule: null,
		by: null,
		closedMs: null,
		closedAt: null,
		overrideReason: null,
		...extra
	};
}

describe('effective options', () => {
	it('are the decision’s own options when nothing was fixed for the team', () => {
		expect(effectiveOptions(lesson, state())).toBe(lesson.options);
		expect(effectiveOptions(lesson, undefined)).toBe(lesson.options);
		// The same object, so per-decision caches (decisionMaxPoints) keep working.
		expect(effectiveDecision(lesson, state())).toBe(lesson);
	});

	it('leave out the options the team was not offered, in file order', () => {
		const d = state({ available: ['none', 'edr'] });
		expect(effectiveOptions(lesson, d).map((o) => o.id)).toEqual(['edr', 'none']);
		expect(optionAvailable(d, 'mfa')).toBe(false);
		expect(optionAvailable(d, 'edr')).toBe(true);
		expect(optionAvailable(state(), 'mfa')).toBe(true);
	});

	it('carry the scores fixed for the team, and scoring uses them', () => {
		const d = state({
			available: ['edr', 'mfa'],
			optionScores: {
				edr: { 'lessons-learned': 1 },
				mfa: { 'lessons-learned': 2 },
				none: { 'lessons-learned': -2 }
			}
		});
		const offered = effectiveDecision(lesson, d);
		expect(offered.options.map((o) => [o.id, o.scores])).toEqual([
			['edr', { 'lessons-learned': 1 }],
			['mfa', { 'lessons-learned': 2 }]
		]);
		expect(decisionMaxPoints(offered)).toEqual({ 'lessons-learned': 3 });
		expect(decisionMaxPoints(lesson)).toEqual({ 'lessons-learned': 5 });
		expect(scoreAnswer(offered, { kind: 'multiple', optionIds: ['edr'] })).toEqual({
			'lessons-learned': 1
		});
		// The scenario itself is untouched.
		expect(lesson.options[0].scores).toEqual({ 'lessons-learned': 3 });
	});
});
