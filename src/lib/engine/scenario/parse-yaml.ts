/**
 * YAML text to data, defensively: one document, no nesting deeper than MAX_NESTING (checked
 * before the recursive composer runs), no duplicate or non-scalar keys, only the core tags, and
 * a cap on alias expansion. Problems come back as offsets into the text; the caller turns them
 * into line:column.
 */
import {
	Composer,
	LineCounter,
	Parser,
	isAlias,
	isMap,
	isScalar,
	isSeq,
	type CST,
	type Document,
	type Node as YamlNode
} from 'yaml';

/** Deeper nesting than any scenario needs (about 9 levels) is refused before it is composed. */
export const MAX_NESTING = 64;
/** Alias expansions allowed when building the data (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;
/** YAML errors reported at most; a broken file can otherwise produce one per line. */
const MAX_YAML_ERRORS = 20;

const CORE_TAGS = new Set(
	['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`)
);

/** The composed document and its data, or the problems found, as offsets into the text. */
export interface YamlResult {
	doc?: Document.Parsed;
	data?: unknown;
	lineCounter: LineCounter;
	errors: { offset: number; message: string }[];
	warnings: { offset: number; message: string }[];
}

/**
 * One scenario file's YAML as data, or its problems; throws only on a stack overflow that the
 * yaml package lets through.
 */
export function parseYaml(text: string): YamlResult {
	const lineCounter = new LineCounter();
	const result: YamlResult = { lineCounter, errors: [], warnings: [] };
	const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];

	const documents = tokens.filter((t) => t.type === 'document');
	if (documents.length > 1) {
		result.errors.push({
			offset: documents[1].offset,
			message: 'a scenario file holds one YAML document; remove the second one (after ---)'
		});
		return result;
	}
	// Checked on the concrete syntax tree, before the (recursive) composer sees the nesting.
	const deep = tooDeep(tokens);
	if (deep !== null) {
		result.errors.push({
			offset: deep,
			message: `nesting deeper than ${MAX_NESTING} levels is not allowed`
		});
		return result;
	}

	// Duplicate keys are found below in one pass; the composer's own check is quadratic.
	const composer = new Composer({ uniqueKeys: false, resolveKnownTags: false });
	const doc = [...composer.compose(tokens, true, text.length)][0] as Document.Parsed;
	for (const e of doc.errors) {
		if (result.errors.length === MAX_YAML_ERRORS) {
			result.errors.push({
				offset: e.pos[0],
				message: `${doc.errors.length - MAX_YAML_ERRORS} more YAML errors not shown`
			});
			break;
		}
		const message = /call stack/i.test(e.message)
			? `nesting deeper than ${MAX_NESTING} levels is not allowed`
			: `YAML: ${e.message}`;
		result.errors.push({ offset: e.pos[0], message });
	}
	for (const w of doc.warnings) {
		if (w.code === 'TAG_RESOLVE_FAILED') {
			// Only the core tags resolve (resolveKnownTags: false), so this is any other tag.
			const tag = w.message.replace(/^Unresolved tag: /, '');
			result.errors.push({ offset: w.pos[0], message: tagMessage(tag) });
		} else result.warnings.push({ offset: w.pos[0], message: `YAML: ${w.message}` });
	}
	if (result.errors.length) return result;

	const root = doc.contents;
	if (!isMap(root)) {
		const what = root === null ? 'empty' : isSeq(root) ? 'a list' : 'a single value';
		result.errors.push({
			offset: root?.range[0] ?? 0,
			message: `a scenario file is a mapping of keys (id:, title:, injects:, ...); this document is ${what}`
		});
		return result;
	}

	let firstAlias: number | null = null;
	walk(root, (node) => {
		if (isAlias(node)) firstAlias ??= node.range?.[0] ?? 0;
		const tag = (node as { tag?: string }).tag;
		// A safety net: the composer's warnings above already report unresolved tags.
		if (tag && tag !== '!' && !CORE_TAGS.has(tag) && !result.errors.length) {
			result.errors.push({ offset: node.range?.[0] ?? 0, message: tagMessage(tag) });
		}
		if (isMap(node)) {
			const seen = new Map<string, number>();
			for (const pair of node.items) {
				const key = pair.key as YamlNode | null;
				const offset = key?.range?.[0] ?? node.range?.[0] ?? 0;
				if (!isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
					result.errors.push({
						offset,
						message: 'keys must be plain words, not lists or mappings'
					});
					continue;
				}
				const name = String(key.value);
				const first = seen.get(name);
				if (first !== undefined) {
					const { line, col } = lineCounter.linePos(first);
					result.errors.push({
						offset,
						message: `duplicate key '${name}' (first at ${line}:${col})`
					});
				} else seen.set(name, offset);
			}
		}
	});
	if (result.errors.length) return result;

	try {
		result.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
	} catch (e) {
		if (e instanceof ReferenceError && /alias/i.test(e.message)) {
			result.errors.push({
				offset: firstAlias ?? 0,
				message: `too many aliases: expanding them exceeds ${MAX_ALIAS_COUNT} (a scenario needs few or none)`
			});
		} else {
			result.errors.push({ offset: 0, message: `YAML: ${e instanceof Error ? e.message : e}` });
		}
		return result;
	}
	result.doc = doc;
	return result;
}

function tagMessage(tag: string): string {
	const short = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice(18)}` : tag;
	return `tag ${short} is not allowed: a scenario uses plain YAML (strings, numbers, booleans, lists and mappings)`;
}

/** The offset of the first collection nested deeper than MAX_NESTING, or null. */
function tooDeep(tokens: CST.Token[]): number | null {
	const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
	while (stack.length) {
		const [token, depth] = stack.pop()!;
		if (!token) continue;
		if (token.type === 'document') {
			stack.push([token.value, depth]);
		} else if (
			token.type === 'block-map' ||
			token.type === 'block-seq' ||
			token.type === 'flow-collection'
		) {
			if (depth + 1 > MAX_NESTING) return token.offset;
			for (const item of token.items) {
				const { key, value } = item as { key?: CST.Token | null; value?: CST.Token };
				stack.push([key, depth + 1], [value, depth + 1]);
			}
		}
	}
	return null;
}

/** Visits every node below `node` (aliases are not followed), depth-first. */
function walk(node: unknown, visit: (node: YamlNode) => void): void {
	const stack: unknown[] = [node];
	while (stack.length) {
		const n = stack.pop();
		if (!n || typeof n !== 'object') continue;
		if (isMap(n)) {
			visit(n);
			for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i].value, n.items[i].key);
		} else if (isSeq(n)) {
			visit(n);
			for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
		} else if (isScalar(n) || isAlias(n)) visit(n);
	}
}
