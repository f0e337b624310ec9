import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { nameScrubber, pseudonymiseEvents, pseudonymsOf } from './redact';

const joined = (seq: number, participantId: string, name: string): SessionEvent => ({
	type: 'participant.joined',
	participantId,
	name,
	teamId: 'blue',
	role: 'analyst',
	seq,
	at: seq
});

const LOG: SessionEvent[] = [
	joined(1, 'p1', 'Alice Martin'),
	joined(2, 'p2', 'Bob Okafor'),
	joined(3, 'p3', 'Alice Chen'),
	{
		type: 'chat.posted',
		messageId: 'm1',
		channel: 'room',
		participantId: 'p2',
		text: 'alice martin, can you isolate? Okafor here. Bobcat is a malware family.',
		scenarioMs: 0,
		seq: 4,
		at: 4
	},
	{
		type: 'response.submitted',
		responseId: 'r1',
		participantId: 'p1',
		teamId: 'blue',
		injectId: 'i',
		decisionId: 'd',
		value: { kind: 'text', text: 'Escalate to Bob and Alice' },
		seq: 5,
		at: 5
	},
	{
		type: 'feedback.submitted',
		participantId: 'p1',
		strengths: 'Good teamwork',
		improvements: 'None',
		ratings: {},
		comments: 'Thanks Bob Okafor!',
		seq: 6,
		at: 6
	}
];

describe('pseudonymising a log (issue 17)', () => {
	it('names trainees "Trainee n" in the order they joined', () => {
		expect(pseudonymsOf(LOG).map((p) => [p.participantId, p.pseudonym])).toEqual([
			['p1', 'Trainee 1'],
			['p2', 'Trainee 2'],
			['p3', 'Trainee 3']
		]);
	});

	it('replaces whole names and name parts in free text, a shared part by "[trainee]"', () => {
		const scrub = nameScrubber(pseudonymsOf(LOG));
		expect(scrub('alice martin, can you isolate? Okafor here. Bobcat is a malware family.')).toBe(
			'Trainee 1, can you isolate? Trainee 2 here. Bobcat is a malware family.'
		);
		expect(scrub('Escalate to Bob and Alice')).toBe('Escalate to Trainee 2 and [trainee]');
		expect(scrub('Nothing personal')).toBe('Nothing personal');
	});

	it('rewrites names and text, lists the fields touched, leaves the input and ids alone', () => {
		const before = structuredClone(LOG);
		const { events, fields } = pseudonymiseEvents(LOG);
		expect(LOG).toEqual(before);
		const text = JSON.stringify(events);
		for (const name of ['Alice', 'Martin', 'Okafor', 'Chen']) expect(text).not.toMatch(name);
		expect(text).toMatch('Bobcat');
		expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(events[1]).toEqual({ ...LOG[1], name: 'Trainee 2' });
		expect(fields).toEqual([
			'chat.posted.text',
			'feedback.submitted.comments',
			'participant.joined.name',
			'response.submitted.value.text'
		]);
	});
});
