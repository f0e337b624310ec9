import { describe, expect, it } from 'vitest';
import { readStructure } from '#lib/studio/structure.js';
import { DECISION_ROW, graphGeometry, HEADER, NODE_WIDTH, OPTION_ROW } from './graph-geometry';

const text = `injects:
  - id: alert
    decisions:
      - id: contain
        team: { decider: lead }
        options:
          - { id: isolate, next: isolated }
          - { id: watch }
  - id: isolated
attacker:
  - { id: lateral, inject: isolated }
endings:
  - { id: good, title: Good }
`;

describe('graphGeometry', () => {
	it('sizes inject boxes by their rows and draws each link from its row', () => {
		const g = graphGeometry(readStructure(text));
		const alert = g.boxes['inject:alert'];
		const isolated = g.boxes['inject:isolated'];
		expect(alert.height).toBe(HEADER + DECISION_ROW + 2 * OPTION_ROW + 6);
		expect(isolated.x).toBeGreaterThan(alert.x);
		const next = g.lines.find((l) => l.kind === 'next')!;
		const optionY = alert.y + HEADER + DECISION_ROW + OPTION_ROW / 2;
		expect(next.d.startsWith(`M${alert.x + NODE_WIDTH},${optionY} `)).toBe(true);
		expect(next.d.endsWith(` ${isolated.x},${isolated.y + HEADER / 2}`)).toBe(true);
		expect(next.label).toBe('next: isolate → isolated');
		expect(g.lines.map((l) => l.kind)).toEqual(['next', 'stage']);
	});

	it('puts the endings in a column right of everything else', () => {
		const g = graphGeometry(readStructure(text));
		const ending = g.boxes['ending:good'];
		expect(ending.x).toBeGreaterThan(g.boxes['inject:isolated'].x);
		expect(g.width).toBeGreaterThanOrEqual(ending.x + NODE_WIDTH);
	});

	it('leaves out links to what does not exist', () => {
		const g = graphGeometry(readStructure('injects:\n  - { id: a, after: nowhere }\n'));
		expect(g.lines).toEqual([]);
		expect(Object.keys(g.boxes)).toEqual(['inject:a']);
	});
});
