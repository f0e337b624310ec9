import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ChatView, FacilitatorRoom, RfiView } from '#lib/engine/session/room-view.js';
import { loadScenario } from '#lib/engine/scenario/load.js';
import {
	audienceLabel,
	feedbackByObjective,
	improvisedYaml,
	injectIdFor,
	markSeen,
	orderRfis,
	releasableInjects,
	rfiAge,
	scenarioDuration,
	unreadCounts
} from './room-panel';
import minimal from '../../../tests/fixtures/scenarios/valid/minimal.yaml?raw';

const msg = (id: string, staff = false): ChatView => ({
	id,
	channel: 'room',
	author: staff ? 'Exercise control' : 'Ana',
	staff,
	html: `<p>${id}</p>`,
	mentions: [],
	scenarioMs: 0,
	at: 0
});

const channel = (id: string, messages: ChatView[], total = messages.length) => ({
	id,
	name: id,
	messages,
	total
});

describe('unread counts', () => {
	it("counts trainees' lines after the seen mark, not exercise control's", () => {
		const channels = [
			channel('room', [msg('a'), msg('b', true), msg('c')]),
			channel('blue', [msg('d')])
		];
		expect(unreadCounts(channels, {})).toEqual({ room: 2, blue: 1 });
		expect(unreadCounts(channels, { room: 1 })).toEqual({ room: 1, blue: 1 });
		expect(unreadCounts(channels, { room: 3, blue: 1 })).toEqual({ room: 0, blue: 0 });
	});

	it('counts lines older than the tail the console carries as unread', () => {
		const channels = [channel('room', [msg('y', true), msg('z')], 250)];
		expect(unreadCounts(channels, { room: 10 })).toEqual({ room: 238 + 1 });
	});

	it('marks a channel seen up to its total', () => {
		const channels = [channel('room', [msg('a')], 7)];
		expect(markSeen(channels, { blue: 2 }, 'room')).toEqual({ blue: 2, room: 7 });
		expect(unreadCounts(channels, markSeen(channels, {}, 'room'))).toEqual({ room: 0 });
	});
});

const rfi = (id: string, at: number, answerAt?: number): RfiView => ({
	id,
	teamId: 'blue',
	asker: 'Ana',
	text: id,
	scenarioMs: 0,
	at,
	answer: answerAt === undefined ? null : { html: '<p>ok</p>', scenarioMs: 0, at: answerAt },
	responseMs: answerAt === undefined ? null : answerAt - at
});

describe('RFIs', () => {
	it('puts open ones first, longest waiting first, then the latest answered', () => {
		const list = [rfi('a1', 10, 50), rfi('o2', 30), rfi('a2', 20, 90), rfi('o1', 5)];
		expect(orderRfis(list).map((r) => r.id)).toEqual(['o1', 'o2', 'a2', 'a1']);
	});

	it('ages from the question, never below zero', () => {
		expect(rfiAge({ at: 1_000 }, 61_000)).toBe(60_000);
		expect(rfiAge({ at: 5_000 }, 1_000)).toBe(0);
	});

	it('offers only the injects not released to or dropped for the team', () => {
		const injects = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
		const team = { released: [{ injectId: 'a' }], dropped: [{ injectId: 'c' }] };
		expect(releasableInjects(injects, team).map((i) => i.id)).toEqual(['b']);
		expect(releasableInjects(injects, undefined)).toEqual([]);
	});
});

const teams = [
	{ id: 'blue', name: 'Blue' },
	{ id: 'red', name: 'Red' }
];
const roles = [{ id: 'lead', name: 'Incident lead' }];

describe('audience and feedback', () => {
	it('says who an improvised inject goes to', () => {
		expect(audienceLabel({}, teams, roles)).toBe('every team · every role');
		expect(audienceLabel({ teamId: 'red', role: 'lead' }, teams, roles)).toBe(
			'Red · Incident lead'
		);
	});

	it('averages the ratings of each objective, null when nobody rated it', () => {
		const f = (ratings: Record<string, number>) => ({
			participant: 'x',
			teamId: 'blue',
			strengths: '',
			improvements: '',
			comments: '',
			ratings
		});
		const objectives = [
			{ id: 'contain', title: 'Contain' },
			{ id: 'talk', title: 'Talk' }
		];
		expect(feedbackByObjective([f({ contain: 4 }), f({ contain: 5 }), f({})], objectives)).toEqual([
			{ id: 'contain', title: 'Contain', average: 4.5, count: 2 },
			{ id: 'talk', title: 'Talk', average: null, count: 0 }
		]);
	});
});

type Item = FacilitatorRoom['improvised'][number];
const item = (over: Partial<Item> = {}): Item => ({
	id: 'u0123abcd',
	channel: 'call',
	from: 'Journalist, The Ledger',
	title: 'A reporter calls: “Is it ransomware?”',
	body: '**Off the record?** She has a screenshot.\n\n  - of the ransom note\n\nCall back by 10:00: yes/no?',
	html: '',
	question: 'What do you say: confirm, deny or "no comment"?',
	scenarioMs: 45 * 60_000,
	at: 0,
	audience: { teamId: 'blue', role: 'lead' },
	dueMs: 45 * 60_000 + 30_000,
	released: true,
	answers: [],
	...over
});

const ctx = { phases: ['identification', 'containment'], teams, roles };

/** The minimal fixture with `inject` added: what the checker makes of the pasted snippet. */
function withInject(inject: unknown) {
	const file = parse(minimal);
	file.injects.push(inject);
	return loadScenario(stringify(file), 'pasted.yaml');
}

describe('an improvised inject as scenario YAML', () => {
	it('parses to an inject with its fields, the phase left to choose', () => {
		const yaml = improvisedYaml(item(), ctx);
		expect(yaml).toContain('phase: null # choose a phase: identification, containment');
		const [inject] = parse(yaml);
		expect(inject).toEqual({
			id: 'improvised-a-reporter-calls-is-it-ransomware',
			title: 'A reporter calls: “Is it ransomware?”',
			phase: null,
			channel: 'phone',
			from: 'Journalist, The Ledger',
			audience: ['lead'],
			at: '45m30s',
			body: item().body,
			decisions: [
				{
					id: 'answer',
					kind: 'text',
					prompt: 'What do you say: confirm, deny or "no comment"?',
					scored: false
				}
			]
		});
	});

	it('validates against the scenario format once a phase is filled in', () => {
		const [inject] = parse(improvisedYaml(item(), ctx));
		expect(withInject(inject).errors).not.toEqual([]);
		const result = withInject({ ...inject, phase: 'containment' });
		expect(result.errors).toEqual([]);
		expect(result.scenario?.injectById[inject.id]?.title).toBe(inject.title);
	});

	it('keeps any text exact: a body that opens with spaces, odd characters, a plain title', () => {
		const body = '   indented first line\nthen: `code` # not a comment\n\n\ttab\n---\n...';
		const odd = item({ body, title: 'Yes', from: '', question: undefined, channel: 'other' });
		const yaml = improvisedYaml(odd, ctx);
		const [inject] = parse(yaml);
		expect(inject.body).toBe(body);
		expect(inject.title).toBe('Yes');
		expect(inject.channel).toBe('briefing');
		expect(yaml).toContain("it was 'other' in the session: choose a channel");
		expect(inject.decisions).toBeUndefined();
		expect(withInject({ ...inject, phase: 'identification' }).errors).toEqual([]);
		const control = item({ body: 'bell \u0007 and \r\n line' });
		expect(parse(improvisedYaml(control, ctx))[0].body).toBe(control.body);
	});

	it('writes durations and ids the format accepts', () => {
		expect(scenarioDuration(0)).toBe('0');
		expect(scenarioDuration(90_000)).toBe('1m30s');
		expect(scenarioDuration(5_400_000)).toBe('1h30m');
		expect(injectIdFor('Café résumé!', 'u1')).toBe('improvised-cafe-resume');
		expect(injectIdFor('!!!', 'u1F')).toBe('improvised-u1f');
		expect(injectIdFor('x'.repeat(100), 'u1')).toHaveLength(64);
	});
});
