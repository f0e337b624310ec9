/**
 * Where the structure graph's boxes and lines go: the injects and attacker stages laid out in
 * layers by what releases what, the endings in a column of their own at the right, and each
 * link from the row of the option (or decision, or box) it leaves to the box it releases.
 */
import { layeredLayout, type LayoutNode } from '#lib/studio/graph-layout.js';
import type { LinkKind, Structure } from '#lib/studio/structure.js';

export const NODE_WIDTH = 250;
export const HEADER = 52;
export const DECISION_ROW = 26;
export const OPTION_ROW = 24;
const PAD = 6;
const GAP_X = 70;

export interface Box {
	key: string;
	x: number;
	y: number;
	height: number;
}

export interface Line {
	kind: LinkKind;
	d: string;
	label: string;
}

export interface Geometry {
	width: number;
	height: number;
	boxes: Record<string, Box>;
	lines: Line[];
}

const injectKey = (id: string) => `inject:${id}`;
const stageKey = (id: string) => `stage:${id}`;

/** The boxes and lines of `structure`'s graph. */
export function graphGeometry(structure: Structure): Geometry {
	const nodes: LayoutNode[] = [];
	/** The y of each decision's and option's row, from the top of its inject's box. */
	const rows = new Map<string, number>();
	for (const inject of structure.injects) {
		let y = HEADER;
		for (const decision of inject.decisions) {
			rows.set(`${inject.id}/${decision.id}`, y + DECISION_ROW / 2);
			y += DECISION_ROW;
			for (const option of decision.options) {
				rows.set(`${inject.id}/${decision.id}/${option.id}`, y + OPTION_ROW / 2);
				y += OPTION_ROW;
			}
		}
		nodes.push({ id: injectKey(inject.id), width: NODE_WIDTH, height: y + PAD });
	}
	for (const stage of structure.stages) {
		nodes.push({ id: stageKey(stage.id), width: NODE_WIDTH, height: HEADER });
	}
	const ends = (l: Structure['links'][number]) => ({
		from: l.from.stage ? stageKey(l.from.stage) : injectKey(l.from.inject ?? ''),
		to: l.to.stage ? stageKey(l.to.stage) : injectKey(l.to.inject ?? '')
	});
	const layout = layeredLayout(nodes, structure.links.map(ends), { gapX: GAP_X, gapY: 18 });
	const boxes: Record<string, Box> = {};
	for (const [key, n] of Object.entries(layout.nodes)) {
		boxes[key] = { key, x: n.x, y: n.y, height: n.height };
	}
	const endingsX = structure.injects.length + structure.stages.length ? layout.width + GAP_X : 8;
	let y = 8;
	for (const ending of structure.endings) {
		boxes[`ending:${ending.id}`] = { key: `ending:${ending.id}`, x: endingsX, y, height: HEADER };
		y += HEADER + 18;
	}

	const lines: Line[] = [];
	for (const link of structure.links) {
		const { from, to } = ends(link);
		const a = boxes[from];
		const b = boxes[to];
		if (!a || !b) continue;
		const row =
			link.from.option !== undefined
				? rows.get(`${link.from.inject}/${link.from.decision}/${link.from.option}`)
				: link.from.decision !== undefined
					? rows.get(`${link.from.inject}/${link.from.decision}`)
					: HEADER / 2;
		const x1 = a.x + NODE_WIDTH;
		const y1 = a.y + (row ?? HEADER / 2);
		const x2 = b.x;
		const y2 = b.y + HEADER / 2;
		const bend = Math.max(40, Math.abs(x2 - x1) / 2);
		const what = link.from.option ?? link.from.decision ?? link.from.inject ?? link.from.stage;
		lines.push({
			kind: link.kind,
			d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
			label: `${link.kind}: ${what} → ${link.to.inject ?? link.to.stage}`
		});
	}
	return {
		width: Math.max(layout.width, endingsX + (structure.endings.length ? NODE_WIDTH + 8 : 0)),
		height: Math.max(layout.height, y),
		boxes,
		lines
	};
}
