/**
 * The history of a scenario's published versions: who published which when, and a line diff
 * between any two (the `diff` package's line diff, as unified hunks with a few lines of context).
 */
import { structuredPatch } from 'diff';
import type { ScenarioVersion } from '../storage/studio';

export interface DiffLine {
	kind: 'add' | 'remove' | 'same' | 'gap';
	/** Line numbers in the older and newer text (null where the line is not in it). */
	old: number | null;
	new: number | null;
	text: string;
}

export interface VersionDiff {
	from: number;
	to: number;
	added: number;
	removed: number;
	lines: DiffLine[];
}

/** The changes from version `a` to version `b`, as lines with context (plain text, escaped on render). */
export function diffVersions(a: ScenarioVersion, b: ScenarioVersion, context = 3): VersionDiff {
	const patch = structuredPatch(`v${a.version}`, `v${b.version}`, a.yaml, b.yaml, '', '', {
		context
	});
	const lines: DiffLine[] = [];
	let added = 0;
	let removed = 0;
	for (const [i, hunk] of patch.hunks.entries()) {
		if (i > 0 || hunk.oldStart > 1) lines.push({ kind: 'gap', old: null, new: null, text: '…' });
		let o = hunk.oldStart;
		let n = hunk.newStart;
		for (const raw of hunk.lines) {
			const mark = raw[0];
			const text = raw.slice(1);
			if (mark === '\\') continue; // "\ No newline at end of file"
			if (mark === '+') {
				lines.push({ kind: 'add', old: null, new: n++, text });
				added++;
			} else if (mark === '-') {
				lines.push({ kind: 'remove', old: o++, new: null, text });
				removed++;
			} else lines.push({ kind: 'same', old: o++, new: n++, text });
		}
	}
	return { from: a.version, to: b.version, added, removed, lines };
}
