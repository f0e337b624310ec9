import { describe, expect, it } from 'vitest';
import { readStructure, timingOf } from './structure';

import minimal from '../../../tests/fixtures/scenarios/valid/minimal.yaml?raw';
import ransomware from '../../../scenarios/ransomware-file-server.yaml?raw';

describe('readStructure', () => {
	it('reads injects, decisions, options, stages and endings with their lines', () => {
		const s = readStructure(minimal);
		expect(s.readable).toBe(true);
		expect(s.injects.map((i) => [i.id, i.line])).toEqual([
			['alert', 25],
			['isolated', 50],
			['spread', 57]
		]);
		const [alert] = s.injects;
		expect(alert).toMatchObject({ title: 'EDR alert on LT-07', channel: 'alert', at: '0' });
		expect(alert.decisions[0]).toMatchObject({
			id: 'contain',
			team: true,
			deadline: '10m',
			line: 33
		});
		expect(alert.decisions[0].options[0]).toEqual({
			id: 'isolate',
			label: 'Isolate it from the network',
			line: 40,
			scores: { containment: 10, identification: 2 },
			next: ['isolated']
		});
		expect(s.stages).toEqual([
			{
				id: 'lateral',
				title: 'Lateral movement over SMB',
				at: '15m',
				after: null,
				inject: 'spread',
				line: 63
			}
		]);
		expect(s.endings.map((e) => [e.id, e.outcome, e.line])).toEqual([
			['contained', 'good', 70],
			['spread', 'bad', 75]
		]);
		expect(s.phases).toEqual(['identification', 'containment']);
		expect(s.roles).toEqual(['lead']);
	});

	it('links options, timeouts, after and stages to what they release', () => {
		const s = readStructure(`injects:
  - id: a
    decisions:
      - id: d
        options:
          - { id: o, next: [b, c] }
        timeout: { next: c }
  - id: b
    after: { inject: a, delay: 5m }
  - id: c
attacker:
  - { id: st, after: b, inject: c }
`);
		expect(s.links).toEqual([
			{ kind: 'next', from: { inject: 'a', decision: 'd', option: 'o' }, to: { inject: 'b' } },
			{ kind: 'next', from: { inject: 'a', decision: 'd', option: 'o' }, to: { inject: 'c' } },
			{ kind: 'timeout', from: { inject: 'a', decision: 'd' }, to: { inject: 'c' } },
			{ kind: 'after', from: { inject: 'a' }, to: { inject: 'b' } },
			{ kind: 'after', from: { inject: 'b' }, to: { stage: 'st' } },
			{ kind: 'stage', from: { stage: 'st' }, to: { inject: 'c' } }
		]);
		expect(s.phases).toContain('lessons-learned');
	});

	it('tolerates broken and partial documents', () => {
		expect(readStructure('').readable).toBe(false);
		expect(readStructure('- just a list').injects).toEqual([]);
		const partial = readStructure(
			'injects:\n  - id: a\n    title: [unclosed\n  - title: no id\n  - id: b\n'
		);
		expect(partial.readable).toBe(true);
		expect(partial.injects.map((i) => i.id)).toContain('a');
		expect(partial.injects.every((i) => i.id !== '')).toBe(true);
	});

	it('reads a bundled scenario whole', () => {
		const s = readStructure(ransomware);
		expect(s.injects.length).toBeGreaterThan(10);
		expect(s.links.filter((l) => l.kind === 'next').length).toBeGreaterThan(3);
		expect(s.endings.length).toBeGreaterThan(1);
	});
});

describe('timingOf', () => {
	it('says how an inject is released', () => {
		expect(timingOf({ at: '0', after: null, delay: null })).toBe('at 0');
		expect(timingOf({ at: null, after: 'alert', delay: '5m' })).toBe('after alert +5m');
		expect(timingOf({ at: null, after: null, delay: '2m' })).toBe('by a branch +2m');
	});
});
