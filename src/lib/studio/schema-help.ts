/**
 * What the JSON Schema of scenario files says at a place in a YAML document: the keys allowed
 * there (for completion) and a key's description and type (for hover docs). The place is found
 * from indentation alone, so it works on a half-typed, invalid draft. Pure.
 */

/** The parts of a JSON Schema node the studio reads. */
export interface SchemaNode {
	description?: string;
	type?: string | string[];
	properties?: Record<string, SchemaNode>;
	required?: string[];
	items?: SchemaNode;
	anyOf?: SchemaNode[];
	oneOf?: SchemaNode[];
	additionalProperties?: SchemaNode | boolean;
	enum?: unknown[];
	const?: unknown;
	pattern?: string;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
}

/** A key path: property names, with `[]` for an item of a list. */
export type KeyPath = string[];

interface LineShape {
	/** Column of the `-` of a list item, or -1. */
	dash: number;
	/** Column where the key (or scalar) starts, after any `- `. */
	start: number;
	/** The key of a `key:` line, or null. */
	key: string | null;
}

const KEY_LINE = /^([ ]*)((?:-[ ]+)*)([A-Za-z_$][\w$-]*)[ \t]*:(?:[ \t]|$)/;

function shape(line: string): LineShape | null {
	if (/^\s*(#.*)?$/.test(line)) return null;
	const match = KEY_LINE.exec(line);
	if (match) {
		const indent = match[1].length;
		return {
			dash: match[2] ? indent + match[2].lastIndexOf('-') : -1,
			start: indent + match[2].length,
			key: match[3]
		};
	}
	const item = /^([ ]*)(-[ ]*)/.exec(line);
	const indent = /^[ ]*/.exec(line)![0].length;
	if (item) return { dash: indent, start: indent + item[2].length, key: null };
	return { dash: -1, start: indent, key: null };
}

/**
 * The key path of the mapping that holds position `column` of line `lineIndex` (0-based) of
 * `lines`: `[]` for the top level, `['injects', '[]']` inside an inject. Lines more indented
 * than the place (and block text) are skipped, so an invalid draft still gives an answer.
 */
export function containerPath(
	lines: readonly string[],
	lineIndex: number,
	column: number
): KeyPath {
	const path: KeyPath = [];
	const here = lines[lineIndex] ?? '';
	const own = shape(here.slice(0, Math.max(column, 0)) + ' ') ?? {
		dash: -1,
		start: column,
		key: null
	};
	let target = own.key !== null || own.dash >= 0 ? own.start : column;
	if (own.dash >= 0 && column > own.dash) {
		// On a list item's line: inside that item.
		path.push('[]');
		target = own.dash;
	}
	for (let i = lineIndex - 1; i >= 0 && target > 0; i--) {
		const s = shape(lines[i]);
		if (!s) continue;
		if (s.dash >= 0 && s.dash < target && s.start >= target) {
			// A sibling key on the line that opened the list item this mapping is in.
			path.push('[]');
			target = s.dash;
			continue;
		}
		if (s.start < target && s.key !== null) {
			path.push(s.key);
			if (s.dash >= 0) {
				path.push('[]');
				target = s.dash;
			} else target = s.start;
			continue;
		}
		if (s.dash >= 0 && s.dash < target) {
			path.push('[]');
			target = s.dash;
		}
	}
	return path.reverse();
}

function alternatives(node: SchemaNode): SchemaNode[] {
	const alts = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
	return alts.length ? [node, ...alts.flatMap(alternatives)] : [node];
}

/** The schema nodes a path can lead to (several where the schema says "one of"). */
export function nodesAt(schema: SchemaNode, path: KeyPath): SchemaNode[] {
	let nodes = alternatives(schema);
	for (const step of path) {
		const next: SchemaNode[] = [];
		for (const n of nodes) {
			if (step === '[]') {
				if (n.items) next.push(...alternatives(n.items));
			} else if (n.properties?.[step]) {
				next.push(...alternatives(n.properties[step]));
			} else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
				next.push(...alternatives(n.additionalProperties));
			}
		}
		nodes = next;
		if (!nodes.length) break;
	}
	return nodes;
}

export interface KeyInfo {
	key: string;
	required: boolean;
	description: string | null;
	/** e.g. `string (1-200)`, `list`, `one of: a, b`. */
	type: string;
}

/** A node's type in a few words. */
export function typeText(node: SchemaNode): string {
	const alts = alternatives(node).filter((n) => n !== node || !(node.anyOf || node.oneOf));
	if (alts.length > 1) return [...new Set(alts.map(typeText))].join(' or ');
	if (node.enum) return `one of: ${node.enum.map(String).join(', ')}`;
	if (node.const !== undefined) return JSON.stringify(node.const);
	const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'value');
	if (type === 'array') return `list${node.items ? ` of ${typeText(node.items)}` : ''}`;
	if (type === 'object') return node.properties ? 'mapping' : 'mapping of names to values';
	const range =
		node.minLength !== undefined || node.maxLength !== undefined
			? ` (${node.minLength ?? 0}-${node.maxLength ?? '…'} characters)`
			: node.minimum !== undefined || node.maximum !== undefined
				? ` (${node.minimum ?? '…'} to ${node.maximum ?? '…'})`
				: '';
	return `${type}${range}`;
}

/** The keys a mapping at `path` may hold, required first, each with its doc. */
export function keysAt(schema: SchemaNode, path: KeyPath): KeyInfo[] {
	const found = new Map<string, KeyInfo>();
	for (const node of nodesAt(schema, path)) {
		for (const [key, child] of Object.entries(node.properties ?? {})) {
			if (found.has(key) || key === '$schema') continue;
			found.set(key, {
				key,
				required: node.required?.includes(key) ?? false,
				description:
					child.description ?? alternatives(child).find((a) => a.description)?.description ?? null,
				type: typeText(child)
			});
		}
	}
	return [...found.values()].sort((a, b) => Number(b.required) - Number(a.required));
}

/** The doc of `key` in the mapping at `path`, or null when the schema has no such key there. */
export function keyDoc(schema: SchemaNode, path: KeyPath, key: string): KeyInfo | null {
	return keysAt(schema, path).find((k) => k.key === key) ?? null;
}

/**
 * The key whose value holds position `column` of line `lineIndex`: the `key:` before it on its
 * line (`phase: contain|`, `phases: [a, |`), else the key of the list the line is an item of
 * (`  - |` under `objectives:`); null at a key's own place.
 */
export function valueKeyAt(
	lines: readonly string[],
	lineIndex: number,
	column: number
): string | null {
	const before = (lines[lineIndex] ?? '').slice(0, column);
	const onLine =
		/^[ ]*(?:-[ ]+)*([A-Za-z_$][\w$-]*)[ \t]*:[ \t]+\S?.*$|^[ ]*(?:-[ ]+)*([A-Za-z_$][\w$-]*)[ \t]*:[ \t]*$/.exec(
			before
		);
	if (onLine) return onLine[1] ?? onLine[2] ?? null;
	// A flow mapping on the line, e.g. `- { id: a, phase: |`.
	const flow = /([A-Za-z_$][\w$-]*)[ \t]*:[ \t]*[^,{}:]*$/.exec(before);
	if (flow && before.includes('{')) return flow[1];
	if (!/^[ ]*-[ ]/.test(before)) return null;
	const path = containerPath(lines, lineIndex, column);
	return [...path].reverse().find((step) => step !== '[]') ?? null;
}
