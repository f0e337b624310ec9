import { describe, expect, it } from 'vitest';
import { loadScenario } from '#lib/engine/scenario/load.js';
import {
	addDecision,
	addInject,
	addOption,
	changedSpan,
	editInject,
	setDeadline,
	StructureEditError
} from './structure-edits';
import { readStructure } from './structure';

import minimal from '../../../tests/fixtures/scenarios/valid/minimal.yaml?raw';
import ransomware from '../../../scenarios/ransomware-file-server.yaml?raw';

/** The lines of `before` all still in `after`, in order: nothing else was touched. */
function keepsEveryLine(before: string, after: string) {
	const rest = after.split('\n');
	let at = 0;
	for (const line of before.split('\n')) {
		const found = rest.indexOf(line, at);
		expect(found, `line kept: ${line}`).toBeGreaterThanOrEqual(0);
		at = found + 1;
	}
}

describe('addInject', () => {
	it('appends an inject in block style, keeping every other line', () => {
		const out = addInject(minimal, {
			id: 'press-call',
			title: 'Press: "Are you breached?"',
			phase: 'containment',
			channel: 'phone',
			at: '20m',
			body: 'A journalist calls.\n\nShe has a **source**.'
		});
		keepsEveryLine(minimal, out);
		expect(out).toContain(`  - id: press-call
    title: 'Press: "Are you breached?"'
    phase: containment
    channel: phone
    at: 20m
    body: |-
      A journalist calls.

      She has a **source**.
attacker:`);
		expect(loadScenario(out, 'minimal.yaml').errors).toEqual([]);
		expect(readStructure(out).injects.at(-1)).toMatchObject({ id: 'press-call', at: '20m' });
	});

	it('refuses a taken id, a bad channel, a bad duration and at with after', () => {
		const base = { title: 'T', phase: 'containment', channel: 'alert', body: 'B' };
		expect(() => addInject(minimal, { ...base, id: 'alert' })).toThrow(/already an inject 'alert'/);
		expect(() => addInject(minimal, { ...base, id: 'x', channel: 'fax' })).toThrow(/not a channel/);
		expect(() => addInject(minimal, { ...base, id: 'x', at: 'soon' })).toThrow(/not a duration/);
		expect(() => addInject(minimal, { ...base, id: 'Bad Id' })).toThrow(StructureEditError);
		expect(() => addInject(minimal, { ...base, id: 'x', at: '1m', after: 'alert' })).toThrow(
			/not both/
		);
	});

	it('refuses a document with syntax errors or a flow-style list', () => {
		const base = { id: 'x', title: 'T', phase: 'p', channel: 'alert', body: 'B' };
		expect(() => addInject('injects: [\n', base)).toThrow(/syntax errors/);
		expect(() => addInject('injects: [{ id: a }]\n', base)).toThrow(/block list/);
	});
});

describe('editInject', () => {
	it('changes title, body and timing in place', () => {
		const out = editInject(minimal, 'isolated', {
			title: 'LT-07: isolated',
			body: 'Off the network.\nTicket INC-1 opened.',
			delay: '3m'
		});
		expect(out).toContain(`  - id: isolated
    title: 'LT-07: isolated'
    phase: containment
    channel: ticket
    delay: 3m
    milestone: contained
    body: |-
      Off the network.
      Ticket INC-1 opened.
  - id: spread`);
		expect(loadScenario(out, 'minimal.yaml').errors).toEqual([]);
	});

	it('moves an inject from a branch to a time, and back', () => {
		const timed = editInject(minimal, 'spread', { at: '30', after: null, delay: null });
		expect(timed).toContain('    channel: alert\n    at: 30\n    body: FIN-WS-12');
		const back = editInject(timed, 'spread', { at: null });
		expect(back).toBe(minimal);
		expect(() => editInject(minimal, 'nope', { title: 'x' })).toThrow(/no inject 'nope'/);
		expect(() => editInject(minimal, 'alert', { title: ' ' })).toThrow(/title is empty/);
	});
});

describe('addDecision and addOption', () => {
	it('adds a team decision with scored options, one branching, to an inject without decisions', () => {
		const out = addDecision(minimal, 'isolated', {
			id: 'reimage',
			kind: 'single',
			prompt: 'Reimage LT-07 now?',
			decider: 'lead',
			deadline: '5m',
			options: [
				{ id: 'yes', label: 'Reimage', scores: { containment: 5, identification: 0 } },
				{ id: 'later', label: 'Wait', scores: { containment: -2 }, next: ['spread'] }
			]
		});
		keepsEveryLine(minimal, out);
		expect(out).toContain(`    body: The laptop is off the network.
    decisions:
      - id: reimage
        kind: single
        prompt: Reimage LT-07 now?
        team: { decider: lead }
        deadline: 5m
        options:
          - id: yes
            label: Reimage
            scores: { containment: 5 }
          - id: later
            label: Wait
            scores: { containment: -2 }
            next: spread
  - id: spread`);
		const loaded = loadScenario(out, 'minimal.yaml');
		expect(loaded.errors).toEqual([]);
		expect(readStructure(out).links).toContainEqual({
			kind: 'next',
			from: { inject: 'isolated', decision: 'reimage', option: 'later' },
			to: { inject: 'spread' }
		});

		const more = addOption(out, 'isolated', 'reimage', {
			id: 'escalate',
			label: 'Escalate',
			scores: { identification: 1 },
			next: ['spread', 'isolated']
		});
		expect(more).toContain(
			'            next: spread\n          - id: escalate\n            label: Escalate\n            scores: { identification: 1 }\n            next: [spread, isolated]\n  - id: spread'
		);
	});

	it('appends to an existing decisions list and refuses duplicates and individual branches', () => {
		const decision = {
			id: 'report',
			kind: 'multiple' as const,
			prompt: 'Who do you tell?',
			options: [
				{ id: 'ciso', label: 'The CISO', scores: { identification: 2 } },
				{ id: 'press', label: 'The press', scores: { identification: -2 } }
			]
		};
		const out = addDecision(minimal, 'alert', decision);
		expect(out).toContain('          scores: { containment: -5 }\n      - id: report\n');
		expect(loadScenario(out, 'minimal.yaml').errors).toEqual([]);
		expect(() => addDecision(out, 'alert', decision)).toThrow(/already a decision 'report'/);
		expect(() =>
			addDecision(minimal, 'alert', {
				...decision,
				options: [{ id: 'a', label: 'A', scores: {}, next: ['spread'] }]
			})
		).toThrow(/Only a team decision branches/);
		expect(() =>
			addOption(minimal, 'alert', 'contain', { id: 'watch', label: 'W', scores: {} })
		).toThrow(/already has an option 'watch'/);
		expect(() => addOption(minimal, 'alert', 'nope', { id: 'w', label: 'W', scores: {} })).toThrow(
			/no decision 'nope'/
		);
	});
});

describe('setDeadline', () => {
	it('replaces, removes and adds a deadline', () => {
		const changed = setDeadline(minimal, 'alert', 'contain', '15m');
		expect(changed).toBe(minimal.replace('deadline: 10m', 'deadline: 15m'));
		const removed = setDeadline(minimal, 'alert', 'contain', null);
		expect(removed).toBe(minimal.replace('        deadline: 10m\n', ''));
		expect(setDeadline(removed, 'alert', 'contain', '10m')).toBe(minimal);
		expect(() => setDeadline(minimal, 'alert', 'contain', '10 minutes')).toThrow(/not a duration/);
	});
});

describe('on a bundled scenario', () => {
	it('keeps its comments and every line, and stays valid', () => {
		const source = ransomware;
		// An inject released after another, whose decision branches to an inject released only by
		// branches (one with `at` or `after` cannot be a branch's target).
		const target = 'close-disruption';
		expect(readStructure(source).injects.find((i) => i.id === target)).toMatchObject({
			at: null,
			after: null
		});
		let out = addInject(source, {
			id: 'studio-added',
			title: 'Added in the studio',
			phase: 'identification',
			channel: 'chat',
			after: 'press-enquiry',
			delay: '2m',
			body: 'A message.'
		});
		out = addDecision(out, 'studio-added', {
			id: 'studio-decision',
			kind: 'single',
			prompt: 'What now?',
			decider: 'majority',
			options: [
				{ id: 'a', label: 'A', scores: { identification: 3 }, next: [target] },
				{ id: 'b', label: 'B', scores: { identification: -1 } }
			]
		});
		keepsEveryLine(source, out);
		expect(out.split('\n').length - source.split('\n').length).toBe(20);
		expect(loadScenario(out, 'ransomware-file-server.yaml').errors).toEqual([]);
	});
});

describe('changedSpan', () => {
	it('finds the one span that differs', () => {
		expect(changedSpan('abcdef', 'abXYef')).toEqual({ from: 2, to: 4, insert: 'XY' });
		expect(changedSpan('a\nb\n', 'a\nnew\nb\n')).toEqual({ from: 2, to: 2, insert: 'new\n' });
		expect(changedSpan('aaa', 'aa')).toEqual({ from: 2, to: 3, insert: '' });
		expect(changedSpan('same', 'same')).toBeNull();
	});
});
