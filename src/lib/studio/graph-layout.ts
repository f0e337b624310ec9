/**
 * A small layered layout for the structure view's graph, left to right: links that close a
 * cycle are set aside, every node goes one layer right of the furthest node linking to it (the
 * longest path), nodes in a layer are ordered by where the nodes linking to them sit (one
 * barycentre pass, stable on the input order), and layers are stacked into columns. Pure.
 */

export interface LayoutNode {
	id: string;
	width: number;
	height: number;
}

export interface LayoutEdge {
	from: string;
	to: string;
}

export interface PlacedNode extends LayoutNode {
	x: number;
	y: number;
	layer: number;
}

export interface Layout {
	nodes: Record<string, PlacedNode>;
	width: number;
	height: number;
	/** Edges set aside to break cycles (drawn as links back), as `from→to`. */
	backEdges: string[];
}

export interface LayoutOptions {
	gapX?: number;
	gapY?: number;
	margin?: number;
}

/** Places `nodes` in layers so that the `edges` (other than those closing a cycle) run rightwards. */
export function layeredLayout(
	nodes: LayoutNode[],
	edges: LayoutEdge[],
	{ gapX = 64, gapY = 16, margin = 8 }: LayoutOptions = {}
): Layout {
	const index = new Map(nodes.map((n, i) => [n.id, i]));
	const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
	for (const e of edges) {
		if (e.from !== e.to && index.has(e.from) && index.has(e.to)) out.get(e.from)!.push(e.to);
	}

	// Depth-first, in input order: an edge to a node still on the stack closes a cycle.
	const state = new Map<string, 'open' | 'done'>();
	const order: string[] = [];
	const back = new Set<string>();
	for (const start of nodes) {
		if (state.has(start.id)) continue;
		const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
		state.set(start.id, 'open');
		while (stack.length) {
			const top = stack[stack.length - 1];
			const targets = out.get(top.id)!;
			if (top.next < targets.length) {
				const to = targets[top.next++];
				const seen = state.get(to);
				if (seen === 'open') back.add(`${top.id}→${to}`);
				else if (!seen) {
					state.set(to, 'open');
					stack.push({ id: to, next: 0 });
				}
			} else {
				state.set(top.id, 'done');
				order.push(top.id);
				stack.pop();
			}
		}
	}

	// Reverse post-order is a topological order of the forward edges.
	const layer = new Map<string, number>(nodes.map((n) => [n.id, 0]));
	const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
	for (const id of order.reverse()) {
		for (const to of out.get(id)!) {
			if (back.has(`${id}→${to}`)) continue;
			layer.set(to, Math.max(layer.get(to)!, layer.get(id)! + 1));
			incoming.get(to)!.push(id);
		}
	}

	const layers: LayoutNode[][] = [];
	for (const n of nodes) (layers[layer.get(n.id)!] ??= []).push(n);
	const rank = new Map<string, number>();
	const placed: Record<string, PlacedNode> = {};
	let x = margin;
	let height = 0;
	for (const [l, members = []] of layers.entries()) {
		const weight = (n: LayoutNode) => {
			const from = incoming.get(n.id)!.filter((id) => rank.has(id));
			return from.length
				? from.reduce((sum, id) => sum + rank.get(id)!, 0) / from.length
				: index.get(n.id)! / nodes.length;
		};
		const sorted = members
			.map((n, i) => ({ n, w: weight(n), i }))
			.sort((a, b) => a.w - b.w || a.i - b.i)
			.map((s) => s.n);
		let y = margin;
		const width = Math.max(0, ...sorted.map((n) => n.width));
		sorted.forEach((n, i) => {
			rank.set(n.id, i);
			placed[n.id] = { ...n, x, y, layer: l };
			y += n.height + gapY;
		});
		height = Math.max(height, y - gapY + margin);
		x += width + gapX;
	}
	return {
		nodes: placed,
		width: nodes.length ? x - gapX + margin : 2 * margin,
		height: Math.max(height, 2 * margin),
		backEdges: [...back]
	};
}
