import { describe, expect, it } from 'vitest';
import type { ImprovisedView } from '#lib/engine/session/room-view.js';
import type {
	TraineeDecision,
	TraineeInject,
	TraineeView
} from '#lib/engine/session/trainee-view.js';
import { news } from './news';

const decision = (status: TraineeDecision['status']) =>
	({ id: 'q', status, decisions: [] }) as unknown as TraineeDecision;

function inject(id: string, decisions: TraineeDecision[] = []): TraineeInject {
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

const improvised = (id: string): ImprovisedView => ({
	id,
	channel: 'call',
	from: 'Exercise control',
	title: `Call ${id}`,
	html: '<p>x</p>',
	scenarioMs: 0,
	at: 0
});

function view(
	over: Partial<TraineeView> = {},
	improvisedItems: ImprovisedView[] = []
): TraineeView {
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
		injects: [],
		room: {
			channels: [],
			rfis: [],
			improvised: improvisedItems,
			record: { status: 'new', severity: null, summary: '', entries: [], changes: [] },
			objectives: [],
			myForm: null
		},
		...over
	};
}

describe('what changed between two views', () => {
	it('is nothing when nothing changed', () => {
		const v = view({ injects: [inject('a')] });
		expect(news(v, { ...v, seq: 2 })).toEqual({ added: [], said: [] });
	});

	it('names the injects that arrived, scripted and improvised', () => {
		const before = view({ injects: [inject('a')] }, [improvised('u1')]);
		const after = view({ injects: [inject('a'), inject('b')] }, [
			improvised('u1'),
			improvised('u2')
		]);
		expect(news(before, after)).toEqual({
			added: ['b', 'u2'],
			said: ['New inject: Inject b (email)', 'New inject: Call u2 (call)']
		});
	});

	it('says when a deadline passed, the status changed, answers were revealed, the team ended', () => {
		const before = view({ injects: [inject('a', [decision('open')])] });
		const after = view({
			injects: [inject('a', [decision('expired')])],
			status: 'ended',
			revealed: true,
			team: {
				id: 't',
				name: 'T',
				members: [],
				ending: { title: 'Contained', summaryHtml: '', outcome: 'good' }
			}
		});
		expect(news(before, after).said).toEqual([
			'The deadline passed: Inject a.',
			'The exercise has ended.',
			'The facilitator revealed the answers.',
			'Your team reached an ending: Contained'
		]);
	});
});
