import { describe, expect, it } from 'vitest';
import type {
	TraineeDecision,
	TraineeInject,
	TraineeView
} from '#lib/engine/session/trainee-view.js';
import type { ImprovisedView } from '#lib/engine/session/room-view.js';
import { feedItems, isSettled, isUrgent, nextDeadline, openQuestions } from './feed';
import { countdown } from './time';

function decision(over: Partial<TraineeDecision> = {}): TraineeDecision {
	return {
		id: 'q',
		kind: 'single',
		promptHtml: '<p>?</p>',
		team: null,
		deadlineMs: null,
		status: 'open',
		options: [{ id: 'a', label: 'A' }],
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
const team = { decider: 'ic', deciderName: 'Incident commander' };
const answered = { myAnswer: { kind: 'single', optionId: 'a' } } as const;

function inject(id: string, decisions: TraineeDecision[]): TraineeInject {
	return {
		id,
		title: `Inject ${id}`,
		phase: 'p',
		phaseName: 'P',
		channel: 'email',
		scenarioMs: 0,
		bodyHtml: '',
		variantsHtml: [],
		optional: false,
		dropped: false,
		artefacts: [],
		decisions
	};
}

function view(injects: TraineeInject[], over: Partial<TraineeView> = {}): TraineeView {
	return {
		sessionId: 's',
		title: 'S',
		scenarioTitle: 'S',
		status: 'running',
		revealed: false,
		clock: { running: true, speed: 1, baseMs: 0, since: 0 },
		seq: 1,
		me: { id: 'me', name: 'Me', teamId: 't', role: 'analyst', roleName: 'Analyst' },
		team: { id: 't', name: 'T', members: [], ending: null },
		room: {
			channels: [],
			rfis: [],
			improvised: [],
			record: { status: 'new', severity: null, summary: '', entries: [], changes: [] },
			objectives: [],
			myForm: null
		},
		injects,
		...over
	};
}

describe('open questions', () => {
	it('lists unanswered questions in reading order, not answered or closed ones', () => {
		const v = view([
			inject('one', [decision({ id: 'done', ...answered }), decision({ id: 'todo' })]),
			inject('two', [decision({ id: 'locked', team, status: 'locked' })]),
			inject('three', [decision({ id: 'team', team, deadlineMs: 600_000 })])
		]);
		expect(openQuestions(v).map((q) => `${q.injectId}/${q.decisionId}`)).toEqual([
			'one/todo',
			'three/team'
		]);
		expect(openQuestions(view(v.injects, { status: 'ended' }))).toEqual([]);
	});

	it('leaves out a question whose deadline passed (an answer scores nothing)', () => {
		expect(openQuestions(view([inject('one', [decision({ status: 'expired' })])]))).toEqual([]);
	});
});

describe('the next deadline', () => {
	it('is the earliest deadline the team still waits on', () => {
		const v = view([
			inject('one', [decision({ id: 'late', deadlineMs: 900_000 })]),
			inject('two', [
				// Answered by me but the team has not decided: the team still races the clock.
				decision({ id: 'proposed', team, deadlineMs: 600_000, ...answered }),
				decision({ id: 'mine', deadlineMs: 300_000, ...answered }),
				decision({ id: 'gone', deadlineMs: 100_000, status: 'expired' })
			])
		]);
		expect(nextDeadline(v)).toMatchObject({ injectId: 'two', decisionId: 'proposed' });
		expect(nextDeadline(view(v.injects, { status: 'paused' }))?.decisionId).toBe('proposed');
		expect(nextDeadline(view(v.injects, { status: 'ended' }))).toBeNull();
		expect(nextDeadline(view([]))).toBeNull();
	});

	it('turns urgent in the last real minute, or scenario minute while the clock is stopped', () => {
		const fast = { running: true, speed: 20, baseMs: 0, since: 0 };
		// 10 scenario minutes at speed 20 are 30 real seconds: urgent.
		expect(isUrgent(countdown(fast, 600_000, 0))).toBe(true);
		const normal = { running: true, speed: 1, baseMs: 0, since: 0 };
		expect(isUrgent(countdown(normal, 61_000, 0))).toBe(false);
		expect(isUrgent(countdown(normal, 60_000, 0))).toBe(true);
		expect(isUrgent(countdown(normal, 60_000, 60_000))).toBe(false);
		const stopped = { running: false, speed: 1, baseMs: 0, since: null };
		expect(isUrgent(countdown(stopped, 30_000, 99_999))).toBe(true);
	});
});

describe('done injects', () => {
	it('are those whose questions are all answered or closed, with no team decision open', () => {
		const v = view([]);
		expect(isSettled(v, inject('a', [decision(answered)]))).toBe(true);
		expect(isSettled(v, inject('a', [decision(answered), decision()]))).toBe(false);
		expect(isSettled(v, inject('a', [decision({ team, ...answered })]))).toBe(false);
		expect(isSettled(v, inject('a', [decision({ team, status: 'expired' })]))).toBe(true);
		expect(isSettled(v, inject('a', [decision({ status: 'dropped' })]))).toBe(true);
		// Nothing asked: nothing to fold.
		expect(isSettled(v, inject('a', []))).toBe(false);
		// After the reveal every inject has feedback to read.
		expect(isSettled(view([], { revealed: true }), inject('a', [decision(answered)]))).toBe(false);
	});
});

describe('feed items', () => {
	const at = (i: TraineeInject, scenarioMs: number) => ({ ...i, scenarioMs });
	const improvised = (id: string, scenarioMs: number): ImprovisedView => ({
		id,
		channel: 'email',
		from: 'Exercise control',
		title: `Unscripted ${id}`,
		html: '<p>body</p>',
		question: 'Why?',
		scenarioMs,
		at: scenarioMs
	});
	const withImprovised = (injects: TraineeInject[], items: ImprovisedView[]) =>
		view(injects, { room: { ...view([]).room, improvised: items } });

	it('places improvised injects among the scripted ones by scenario time', () => {
		const v = withImprovised(
			[at(inject('a', []), 0), at(inject('b', []), 60_000), at(inject('c', []), 120_000)],
			[improvised('u2', 130_000), improvised('u1', 60_000), improvised('u0', 30_000)]
		);
		expect(feedItems(v).map((i) => i.id)).toEqual(['a', 'u0', 'b', 'u1', 'c', 'u2']);
	});

	it('shows an improvised inject like an inject with nothing to answer, marked as unscripted', () => {
		const [item] = feedItems(withImprovised([], [improvised('u1', 5_000)]));
		expect(item).toMatchObject({
			id: 'u1',
			title: 'Unscripted u1',
			channel: 'email',
			from: 'Exercise control',
			bodyHtml: '<p>body</p>',
			decisions: [],
			artefacts: [],
			improvised: { question: 'Why?' }
		});
		// Nothing to answer: it never folds away like a settled inject.
		expect(isSettled(view([]), item)).toBe(false);
	});

	it('keeps the injects as they are when nothing was improvised', () => {
		const injects = [inject('a', []), inject('b', [])];
		expect(feedItems(view(injects))).toEqual(injects);
	});
});
