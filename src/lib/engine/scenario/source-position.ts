/**
 * Where a problem is in the source: a path into the data (`injects.3.decisions.0.prompt`) mapped
 * to the line and column (1-based, UTF-16 columns) of its node in the YAML, down to a character
 * inside a scalar for expression errors.
 */
import {
	isAlias,
	isMap,
	isScalar,
	isSeq,
	type Document,
	type LineCounter,
	type Node as YamlNode,
	type Pair,
	type Scalar
} from 'yaml';
import type { FilePath, Problem } from '../check/validate';

/** Finds the source position of problems in one parsed document. */
export class Locator {
	constructor(
		private readonly doc: Document.Parsed,
		private readonly text: string,
		private readonly lineCounter: LineCounter
	) {}

	/** The node at `path` (following aliases), or the deepest node on the way and its pair. */
	private find(path: FilePath): { node: YamlNode | null; pair?: Pair; complete: boolean } {
		let node = this.doc.contents as YamlNode | null;
		let pair: Pair | undefined;
		for (const segment of path) {
			if (isAlias(node)) node = (node.resolve(this.doc) ?? null) as YamlNode | null;
			let next: Pair | YamlNode | undefined;
			if (isMap(node)) {
				const found = node.items.find(
					(p) => isScalar(p.key) && String(p.key.value) === String(segment)
				);
				if (found) {
					pair = found as Pair;
					next = found.value as YamlNode;
				}
			} else if (isSeq(node) && typeof segment === 'number') {
				next = node.items[segment] as YamlNode | undefined;
				pair = undefined;
			}
			if (next === undefined) return { node, pair: undefined, complete: false };
			if (next === null) return { node, pair, complete: false };
			node = next as YamlNode;
		}
		return { node, pair, complete: true };
	}

	/**
	 * The line and column of `problem`: its key when it names one, else its node (to the
	 * character at `offset` inside a scalar), else the nearest node on the way there.
	 */
	locate(problem: Problem): { line: number; column: number } {
		const { node, pair, complete } = this.find(problem.path);
		let offset = 0;
		if (complete && problem.key && pair && isScalar(pair.key)) {
			offset = pair.key.range![0];
		} else if (!complete && pair && isScalar(pair.key) && !isMap(node) && !isSeq(node)) {
			offset = pair.key.range![0];
		} else if (node?.range) {
			offset = node.range[0];
			if (complete && problem.offset !== undefined && isScalar(node)) {
				offset = this.scalarOffset(node as Scalar, problem.offset);
			}
		}
		const { line, col } = this.lineCounter.linePos(offset);
		return { line, column: col };
	}

	/**
	 * Maps an offset in a scalar's value to an offset in the source: walks the value and the
	 * source together, matching characters that are not whitespace (quotes, escapes, block
	 * indentation and line folding only add or change whitespace and punctuation around them).
	 */
	private scalarOffset(node: Scalar, offset: number): number {
		const value = String(node.value);
		const [start, end] = node.range!;
		let j = start;
		if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j = start + 1;
		else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
			const newline = this.text.indexOf('\n', start);
			j = newline === -1 ? start : newline + 1;
		}
		const seek = (ch: string) => {
			let k = j;
			while (k < end && this.text[k] !== ch) k++;
			if (k < end) return k;
			// Not in the source as written (an escape such as \u006e): the next non-space.
			k = j;
			while (k < end - 1 && /\s/.test(this.text[k])) k++;
			return k;
		};
		for (let k = 0; k < Math.min(offset, value.length); k++) {
			if (/\s/.test(value[k])) continue;
			j = seek(value[k]) + 1;
		}
		if (offset < value.length && !/\s/.test(value[offset])) return seek(value[offset]);
		while (offset < value.length && j < end && /\s/.test(this.text[j])) j++;
		return j;
	}
}
