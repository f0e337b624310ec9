/**
 * Lays out the drawing of a scenario's branches: injects as boxes in one lane per IR phase,
 * placed left to right by the earliest time they can be released, attacker stages in a lane of
 * their own, and the links between them as curves (after-links, team-decision options labelled
 * with the option, timeouts, stage releases). Pure: the component only draws what this returns.
 */
import type { Scenario } from '#lib/engine/scenario/model.js';
import { formatOffset, formatSpan, truncate } from './format';
import { earliestReleaseTimes, scenarioLinks, type Link } from './links';

interface GraphLane {
	id: string;
	name: string;
	y: number;
	height: number;
}

interface GraphNode {
	id: string;
	kind: 'inject' | 'stage';
	lane: string;
	title: string;
	subtitle: string;
	tooltip: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

interface GraphEdge {
	id: string;
	kind: Link['kind'];
	from: string;
	to: string;
	path: string;
	label: string | null;
	tooltip: string;
	labelX: number;
	labelY: number;
	labelWidth: number;
}

export interface BranchGraph {
	width: number;
	height: number;
	lanes: GraphLane[];
	nodes: GraphNode[];
	edges: GraphEdge[];
	/** One sentence for screen readers. */
	description: string;
}

const NODE_WIDTH = 156;
export const NODE_HEIGHT = 40;
const STAGE_WIDTH = 140;
const LABEL_COLUMN = 118;
const TOP = 4;
const LANE_PADDING = 10;
const ROW_GAP = 10;
const NODE_GAP = 10;
const RIGHT_MARGIN = 24;
const CHAR_WIDTH = 5.6;
/** Space between an edge label and the box the edge points at. */
const LABEL_GAP = 8;
const LABEL_STEP = 15;
const MINUTE = 60_000;

/** Pixels per scenario minute: enough to spread ~20 injects, never so little they all pile up. */
function scaleFor(maxMinutes: number): number {
	if (maxMinutes <= 0) return 8;
	return Math.min(14, Math.max(5, 1000 / maxMinutes));
}

function curve(x1: number, y1: number, x2: number, y2: number) {
	const c = Math.max(50, Math.abs(x2 - x1) / 2);
	return {
		path: `M${r(x1)},${r(y1)} C${r(x1 + c)},${r(y1)} ${r(x2 - c)},${r(y2)} ${r(x2)},${r(y2)}`
	};
}

function labelText(labels: string[]): string | null {
	return labels.length > 0 ? truncate(labels.join(', '), 28) : null;
}

function labelWidth(label: string): number {
	return Math.ceil(label.length * CHAR_WIDTH + 8);
}

function r(n: number): number {
	return Math.round(n * 10) / 10;
}

/** Packs boxes of one lane into rows so that none overlap; returns each box's row. */
function packRows(boxes: { x: number; width: number; leftRoom: number }[]): number[] {
	const ends: number[] = [];
	return boxes.map((b) => {
		let row = ends.findIndex((end) => end + NODE_GAP <= b.x - b.leftRoom);
		if (row === -1) row = ends.push(-Infinity) - 1;
		ends[row] = b.x + b.width;
		return row;
	});
}

/** The branch drawing of `scenario`. */
export function layoutBranchGraph(scenario: Scenario): BranchGraph {
	const links = scenarioLinks(scenario);
	const times = earliestReleaseTimes(scenario, links);
	// A stage `after` an inject is drawn at the earliest time its anchor allows.
	const stageMs = (s: Scenario['stages'][number]) =>
		s.atMs ?? (s.after ? (times[s.after.inject] ?? 0) + s.after.delayMs : 0);
	const known = [
		...Object.values(times).filter((t): t is number => t !== null),
		...scenario.stages.map((s) => stageMs(s))
	];
	const latest = Math.max(0, ...known);
	// Injects nothing releases are drawn after everything else.
	const unreachedAt = latest + 10 * MINUTE;
	const scale = scaleFor(latest / MINUTE);
	const xOf = (ms: number) => LABEL_COLUMN + (ms / MINUTE) * scale;

	type Draft = Omit<GraphNode, 'y'> & { time: number; leftRoom: number };
	const drafts: Draft[] = [];
	for (const s of scenario.stages) {
		const stage = { ...s, atMs: stageMs(s) };
		drafts.push({
			id: stage.id,
			kind: 'stage',
			lane: 'attacker',
			title: truncate(stage.title, 20),
			subtitle: `${formatOffset(stage.atMs)} · ${stage.technique ?? 'stage'}`,
			tooltip: `Attacker stage: ${stage.title} at ${formatOffset(stage.atMs)}`,
			x: xOf(stage.atMs),
			width: STAGE_WIDTH,
			height: NODE_HEIGHT,
			time: stage.atMs,
			leftRoom: 0
		});
	}
	for (const inject of scenario.injects) {
		const time = times[inject.id];
		const count = inject.decisions.length;
		const decisions = count === 0 ? '' : ` · ${count} dec.`;
		drafts.push({
			id: inject.id,
			kind: 'inject',
			lane: inject.phase,
			title: truncate(inject.title, 22),
			subtitle: `${time === null ? 'never' : formatOffset(time)} · ${inject.channel}${decisions}`,
			tooltip: `${inject.title} (${inject.id})${time === null ? ', never released' : ''}`,
			x: xOf(time ?? unreachedAt),
			width: NODE_WIDTH,
			height: NODE_HEIGHT,
			time: time ?? unreachedAt,
			leftRoom: 0
		});
	}

	const merged = new Map<string, { link: Link; labels: string[]; tooltips: string[] }>();
	for (const link of links) {
		const key = `${link.kind === 'stage' ? 'stage' : 'inject'}:${link.from}>${link.to}:${link.kind}`;
		const entry = merged.get(key) ?? { link, labels: [], tooltips: [] };
		if (link.kind === 'option') {
			entry.labels.push(link.optionId);
			entry.tooltips.push(`${link.decisionId}: ${link.optionLabel}`);
		} else if (link.kind === 'timeout') {
			entry.labels.push('timeout');
			entry.tooltips.push(`${link.decisionId}: no decision by the deadline`);
		} else if (link.kind === 'after') {
			entry.tooltips.push(
				`after ${link.from}${link.delayMs ? ` + ${formatSpan(link.delayMs)}` : ''}`
			);
		} else {
			entry.tooltips.push(`stage ${link.from} fires`);
		}
		merged.set(key, entry);
	}
	// A link's target starts right of its source (plus room for the link's label), so that every
	// link reads left to right; boxes still keep the time order of the lane they are in.
	const draftById = new Map(drafts.map((d) => [`${d.kind}:${d.id}`, d]));
	const placed = new Set<Draft>();
	const order = [...drafts].sort(
		(a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'stage' ? -1 : 1)
	);
	for (const draft of order) {
		for (const { link, labels } of merged.values()) {
			if (link.to !== draft.id || draft.kind !== 'inject') continue;
			const source = draftById.get(`${link.kind === 'stage' ? 'stage' : 'inject'}:${link.from}`);
			if (!source || !placed.has(source)) continue;
			const label = labelText(labels);
			const room = label ? labelWidth(label) + LABEL_GAP : 0;
			draft.leftRoom = Math.max(draft.leftRoom, room);
			draft.x = Math.max(draft.x, source.x + source.width + room + 22);
		}
		placed.add(draft);
	}

	const laneDefs = [
		...(scenario.stages.length > 0 ? [{ id: 'attacker', name: 'Attacker' }] : []),
		...scenario.phases.map((p) => ({ id: p.id, name: p.name }))
	];
	const lanes: GraphLane[] = [];
	const nodes: GraphNode[] = [];
	let y = TOP;
	for (const def of laneDefs) {
		const members = drafts
			.filter((d) => d.lane === def.id)
			.sort((a, b) => a.x - b.x || a.time - b.time || a.id.localeCompare(b.id));
		if (members.length === 0) continue;
		const rows = packRows(members);
		const rowCount = Math.max(...rows) + 1;
		const height = 2 * LANE_PADDING + rowCount * NODE_HEIGHT + (rowCount - 1) * ROW_GAP;
		lanes.push({ id: def.id, name: def.name, y, height });
		members.forEach((d, i) => {
			const { time: _time, leftRoom: _room, ...node } = d;
			nodes.push({ ...node, y: y + LANE_PADDING + rows[i] * (NODE_HEIGHT + ROW_GAP) });
		});
		y += height;
	}

	const byId = new Map(nodes.map((n) => [`${n.kind}:${n.id}`, n]));
	const edges: GraphEdge[] = [];
	// Labels sit just left of the box an edge points at (where packing left them room), stacked
	// when several labelled edges arrive at the same box.
	const labelsAt = new Map<string, number>();
	for (const [key, { link, labels, tooltips }] of merged) {
		const source = byId.get(`${link.kind === 'stage' ? 'stage' : 'inject'}:${link.from}`);
		const target = byId.get(`inject:${link.to}`);
		if (!source || !target) continue;
		const { path } = curve(
			source.x + source.width,
			source.y + source.height / 2,
			target.x,
			target.y + target.height / 2
		);
		const label = labelText(labels);
		const width = label ? labelWidth(label) : 0;
		const stacked = label ? (labelsAt.get(link.to) ?? 0) : 0;
		if (label) labelsAt.set(link.to, stacked + 1);
		edges.push({
			id: key,
			kind: link.kind,
			from: link.from,
			to: link.to,
			path,
			label,
			tooltip: `${tooltips.join('; ')} → ${link.to}`,
			labelX: r(target.x - LABEL_GAP - width / 2),
			labelY: r(target.y + 12 + stacked * LABEL_STEP),
			labelWidth: width
		});
	}

	const right = Math.max(...nodes.map((n) => n.x + n.width), xOf(latest));
	const injectCount = scenario.injects.length;
	return {
		width: Math.ceil(right + RIGHT_MARGIN),
		height: y + LANE_PADDING,
		lanes,
		nodes,
		edges,
		description:
			`${injectCount} injects in ${lanes.filter((l) => l.id !== 'attacker').length} phases, ` +
			`${scenario.stages.length} attacker stages and ${edges.length} links, ` +
			'in time order from left to right; each box shows the earliest time it can happen.'
	};
}
