/**
 * A line diff made readable: long runs of unchanged lines fold into a "n unchanged lines" row
 * around a few lines of context, and the sections whose text changed are named. Pure.
 */
import type { DiffRow } from '#lib/components/plan/types.js';
import { diffLines, parsePlan, type DiffLine } from '#lib/reports/plan.js';

export type { DiffRow };

export interface PlanDiff {
	rows: DiffRow[];
	added: number;
	removed: number;
	sections: { added: string[]; removed: string[]; changed: string[] };
}

/** Cells of the longest-common-subsequence table: above this the diff is not computed. */
export const MAX_DIFF_CELLS = 16_000_000;

function lines(text: string): string[] {
	return text.replace(/\r\n?/g, '\n').split('\n');
}

/** The size of the table diffLines builds for two texts (after their common head and tail). */
export function diffCost(a: string, b: string): number {
	const x = lines(a);
	const y = lines(b);
	let head = 0;
	while (head < x.length && head < y.length && x[head] === y[head]) head++;
	let tail = 0;
	while (
		tail < x.length - head &&
		tail < y.length - head &&
		x[x.length - 1 - tail] === y[y.length - 1 - tail]
	)
		tail++;
	return (x.length - head - tail) * (y.length - head - tail);
}

/** Folds unchanged runs longer than twice `context` lines. */
export function foldDiff(diff: readonly DiffLine[], context = 3): DiffRow[] {
	const rows: DiffRow[] = [];
	let i = 0;
	while (i < diff.length) {
		if (diff[i].op !== 'same') {
			const d = diff[i++];
			rows.push({ kind: 'line', op: d.op, text: d.text, old: d.old ?? null, new: d.new ?? null });
			continue;
		}
		let j = i;
		while (j < diff.length && diff[j].op === 'same') j++;
		const keepHead = i === 0 ? 0 : context;
		const keepTail = j === diff.length ? 0 : context;
		const run = diff.slice(i, j);
		const line = (d: DiffLine): DiffRow => ({
			kind: 'line',
			op: 'same',
			text: d.text,
			old: d.old ?? null,
			new: d.new ?? null
		});
		if (run.length <= keepHead + keepTail + 1) rows.push(...run.map(line));
		else {
			rows.push(...run.slice(0, keepHead).map(line));
			rows.push({ kind: 'gap', count: run.length - keepHead - keepTail });
			rows.push(...run.slice(run.length - keepTail).map(line));
		}
		i = j;
	}
	return rows;
}

/** Which section ids were added, removed or had their text changed between two plan texts. */
export function changedSections(a: string, b: string): PlanDiff['sections'] {
	const before = new Map(parsePlan(a).sections.map((s) => [s.id, `${s.title}\n${s.body}`]));
	const after = new Map(parsePlan(b).sections.map((s) => [s.id, `${s.title}\n${s.body}`]));
	return {
		added: [...after.keys()].filter((id) => !before.has(id)),
		removed: [...before.keys()].filter((id) => !after.has(id)),
		changed: [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id))
	};
}

/** The readable diff of two plan texts. */
export function planDiff(a: string, b: string, context = 3): PlanDiff {
	const diff = diffLines(a, b);
	return {
		rows: foldDiff(diff, context),
		added: diff.filter((d) => d.op === 'added').length,
		removed: diff.filter((d) => d.op === 'removed').length,
		sections: changedSections(a, b)
	};
}
