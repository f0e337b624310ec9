import { describe, expect, it } from 'vitest';
import { layeredLayout, type LayoutNode } from './graph-layout';

const box = (id: string, height = 20): LayoutNode => ({ id, width: 100, height });

describe('layeredLayout', () => {
	it('puts each node one layer right of the furthest node linking to it', () => {
		const layout = layeredLayout(
			[box('a'), box('b'), box('c'), box('d')],
			[
				{ from: 'a', to: 'b' },
				{ from: 'b', to: 'c' },
				{ from: 'a', to: 'c' }
			],
			{ gapX: 50, gapY: 10, margin: 5 }
		);
		const { a, b, c, d } = layout.nodes;
		expect([a.layer, b.layer, c.layer, d.layer]).toEqual([0, 1, 2, 0]);
		expect([a.x, b.x, c.x]).toEqual([5, 155, 305]);
		expect([a.y, d.y]).toEqual([5, 35]);
		expect(layout.width).toBe(410);
		expect(layout.height).toBe(60);
		expect(layout.backEdges).toEqual([]);
	});

	it('sets aside the edge that closes a cycle and still places every node', () => {
		const layout = layeredLayout(
			[box('a'), box('b'), box('c')],
			[
				{ from: 'a', to: 'b' },
				{ from: 'b', to: 'c' },
				{ from: 'c', to: 'a' },
				{ from: 'c', to: 'c' },
				{ from: 'c', to: 'missing' }
			]
		);
		expect(layout.backEdges).toEqual(['c→a']);
		expect(Object.values(layout.nodes).map((n) => n.layer)).toEqual([0, 1, 2]);
	});

	it('orders a layer by where the nodes linking to it sit', () => {
		const layout = layeredLayout(
			[box('top'), box('bottom'), box('x'), box('y')],
			[
				{ from: 'top', to: 'y' },
				{ from: 'bottom', to: 'x' }
			]
		);
		expect(layout.nodes.y.y).toBeLessThan(layout.nodes.x.y);
	});

	it('lays out nothing as an empty canvas', () => {
		expect(layeredLayout([], [])).toEqual({ nodes: {}, width: 16, height: 16, backEdges: [] });
	});
});
