import { describe, expect, it } from 'vitest';
import type { FacilitatorDecision, FacilitatorTeam } from '#lib/engine/session/facilitator-view.js';
import { STUCK_MS, formatWait, tally, waitingMembers } from './room';

const decision = (over: Partial<FacilitatorDecision> = {}): FacilitatorDecision => ({
	injectId: 'alert',
	decisionId: 'contain',
	prompt: 'Isolate?',
	kind: 'single',
	isTeam: true,
	decider: 'ic',
	status: 'open',
	deadlineMs: null,
	optional: false,
	teamAnswer: null,
	answered: [],
	waitingFor: [],
	lockedOptionId: null,
	lockedBy: null,
	rule: null,
	overrideReason: null,
	options: [
		{ id: 'isolate', label: 'Isolate now', correct: true },
		{ id: 'wait', label: 'Keep watching', correct: false }
	],
	notOffered: [],
	...over
});

describe('answer bars', () => {
	it('counts answers per option with names and shares of those who answered', () => {
		const t = tally(
			decision({
				answered: [
					{ id: 'a', name: 'Ana', optionId: 'wait', choice: ['wait'], at: 2 },
					{ id: 'b', name: 'Bo', optionId: 'isolate', choice: ['isolate'], at: 3 },
					{ id: 'c', name: 'Cy', optionId: 'wait', choice: ['wait'], at: 1, rationale: 'Wait.' }
				],
				waitingFor: [{ id: 'd', name: 'Di' }]
			})
		);
		expect(t.options.map((o) => [o.label, o.count, o.names])).toEqual([
			['Isolate now', 1, ['Bo']],
			['Keep watching', 2, ['Ana', 'Cy']]
		]);
		expect(t.options[1].share).toBeCloseTo(2 / 3);
		expect([t.answered, t.asked]).toEqual([3, 4]);
		expect(t.rationales).toEqual([{ name: 'Cy', text: 'Wait.', choice: 'Keep watching' }]);
	});

	it('counts every option of a multiple choice and marks the locked one', () => {
		const t = tally(
			decision({
				kind: 'multiple',
				status: 'locked',
				lockedOptionId: 'isolate',
				answered: [{ id: 'a', name: 'Ana', optionId: null, choice: ['isolate', 'wait'] }]
			})
		);
		expect(t.options.map((o) => [o.count, o.share, o.locked])).toEqual([
			[1, 1, true],
			[1, 1, false]
		]);
	});

	it('has no bars for free text and indicators, only the count', () => {
		const t = tally(decision({ kind: 'text', answered: [{ id: 'a', name: 'A', optionId: null }] }));
		expect(t.options).toEqual([]);
		expect(t.answered).toBe(1);
	});
});

describe('who is stuck', () => {
	const team = (decisions: FacilitatorDecision[], lastActiveAt: number | null = null) =>
		({
			decisions,
			members: [
				{ id: 'a', name: 'Ana', role: 'x', roleName: 'X', lastActiveAt },
				{ id: 'b', name: 'Bo', role: 'x', roleName: 'X', lastActiveAt: null }
			]
		}) as unknown as FacilitatorTeam;

	it('lists members open decisions wait on, longest first, stuck after a while', () => {
		const now = 1_000_000;
		const ws = waitingMembers(
			team([
				decision({ openedAt: now - STUCK_MS - 1, waitingFor: [{ id: 'a', name: 'Ana' }] }),
				decision({
					decisionId: 'other',
					openedAt: now - 30_000,
					waitingFor: [
						{ id: 'a', name: 'Ana' },
						{ id: 'b', name: 'Bo' }
					]
				}),
				decision({ status: 'locked', openedAt: 0, waitingFor: [{ id: 'b', name: 'Bo' }] })
			]),
			now,
			['b']
		);
		expect(ws.map((w) => [w.name, w.open, w.stuck, w.online])).toEqual([
			['Ana', 2, true, false],
			['Bo', 1, false, true]
		]);
		expect(ws[1].waitingMs).toBe(30_000);
	});

	it('counts from the last answer when it came after the decision opened', () => {
		const now = 1_000_000;
		const [ana] = waitingMembers(
			team([decision({ openedAt: 0, waitingFor: [{ id: 'a', name: 'Ana' }] })], now - 10_000),
			now
		);
		expect(ana).toMatchObject({ waitingMs: 10_000, stuck: false, online: null });
	});

	it('writes waits for people', () => {
		expect([formatWait(45_000), formatWait(185_000), formatWait(3_900_000)]).toEqual([
			'45 s',
			'3 min',
			'1 h 05 min'
		]);
	});
});
