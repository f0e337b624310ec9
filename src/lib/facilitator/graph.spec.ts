import { describe, expect, it } from 'vitest';
import { phishScenario } from '#lib/engine/testing.js';
import { layoutBranchGraph, NODE_HEIGHT } from './graph';
import { earliestReleaseTimes, scenarioLinks } from './links';

describe('scenario links', () => {
	it('lists options, timeouts and stages that release injects', () => {
		const links = scenarioLinks(phishScenario());
		expect(links).toContainEqual(
			expect.objectContaining({
				kind: 'option',
				from: 'alert',
				to: 'isolated',
				optionId: 'isolate'
			})
		);
		expect(links).toContainEqual(
			expect.objectContaining({ kind: 'timeout', from: 'alert', to: 'spread-news' })
		);
		expect(links).toContainEqual({ kind: 'stage', from: 'lateral', to: 'lateral-alert' });
	});

	it('takes the earliest time an inject can come: decision at once, plus the delay', () => {
		const times = earliestReleaseTimes(phishScenario());
		expect(times.alert).toBe(5 * 60_000);
		// "isolate" locks the moment the alert opens; "isolated" waits 2m after that.
		expect(times.isolated).toBe(7 * 60_000);
		expect(times['lateral-alert']).toBe(14 * 60_000);
		expect(times.wrap).toBe(60 * 60_000);
	});
});

describe('branch graph layout', () => {
	const graph = layoutBranchGraph(phishScenario());
	const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

	it('places injects left to right by time, each in its phase lane', () => {
		expect(node('brief').x).toBeLessThan(node('alert').x);
		expect(node('alert').x).toBeLessThan(node('wrap').x);
		const lane = graph.lanes.find((l) => l.id === 'containment')!;
		expect(node('isolated').y).toBeGreaterThanOrEqual(lane.y);
		expect(node('isolated').y + NODE_HEIGHT).toBeLessThanOrEqual(lane.y + lane.height);
		expect(graph.lanes[0].id).toBe('attacker');
	});

	it('never lets two boxes overlap', () => {
		for (const a of graph.nodes) {
			for (const b of graph.nodes) {
				if (a === b) continue;
				const apart =
					a.x + a.width <= b.x ||
					b.x + b.width <= a.x ||
					a.y + a.height <= b.y ||
					b.y + b.height <= a.y;
				expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
			}
		}
	});

	it('labels branch edges with their options and merges options to the same target', () => {
		const toIsolated = graph.edges.find((e) => e.from === 'alert' && e.to === 'isolated')!;
		expect(toIsolated.label).toBe('isolate');
		const toSpread = graph.edges.filter((e) => e.from === 'alert' && e.to === 'spread-news');
		expect(toSpread.map((e) => e.label).sort()).toEqual(['timeout', 'wait']);
		expect(graph.edges.some((e) => e.kind === 'stage' && e.from === 'lateral')).toBe(true);
		expect(graph.width).toBeGreaterThan(node('wrap').x);
	});

	it('keeps a busy lane readable by stacking boxes that would overlap', () => {
		const many = phishScenario({
			injects: [
				...phishScenario().file.injects,
				...[1, 2, 3].map((n) => ({
					id: `extra-${n}`,
					title: `Extra ${n}`,
					phase: 'containment',
					channel: 'chat' as const,
					at: `${14 + n}m`,
					body: 'x'
				}))
			]
		});
		const g = layoutBranchGraph(many);
		const ys = new Set(g.nodes.filter((n) => n.lane === 'containment').map((n) => n.y));
		expect(ys.size).toBeGreaterThan(1);
	});
});
