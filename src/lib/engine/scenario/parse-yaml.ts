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
	const errors = yamlErrors(doc.errors, tokens, lineCounter);
	for (const e of errors) {
		if (result.errors.length === MAX_YAML_ERRORS) {
			result.errors.push({
				offset: e.offset,
				message: `${errors.length - MAX_YAML_ERRORS} more YAML errors not shown`
			});
			break;
		}
		const message = /call stack/i.test(e.message)
			? `nesting deeper than ${MAX_NESTING} levels is not allowed`
			: `YAML: ${e.message}`;
		result.errors.push({ offset: e.offset, message });
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

/** A quoted string or flow collection in the CST: where it opens and, for a quote, ends. */
interface Opener {
	offset: number;
	end: number;
	kind: '"' | "'" | '[' | '{';
}

/**
 * The composer's errors as offsets and messages. The yaml package reports a missing closing
 * quote or bracket where it gave up looking, often the end of the file; such an error moves to
 * where the construct opens, and the place it gave up goes into the message. A flow collection
 * whose closer an unclosed quote inside it swallowed is not reported twice.
 */
function yamlErrors(
	errors: readonly { pos: [number, number]; message: string }[],
	tokens: CST.Token[],
	lineCounter: LineCounter
): { offset: number; message: string }[] {
	const quotes: Opener[] = [];
	const flows: Opener[] = [];
	collectOpeners(tokens, quotes, flows);
	const where = (offset: number) => {
		const { line, col } = lineCounter.linePos(offset);
		return `${line}:${col}`;
	};
	const unclosedQuotes: Opener[] = [];
	let nextFlow = 0;
	const out: { offset: number; message: string }[] = [];
	for (const e of errors) {
		const at = e.pos[0];
		const quote = /^Missing closing (["'])quote/.exec(e.message);
		const flow = /^Flow (sequence|map)\b.*end with a [\]}]/.exec(e.message);
		if (quote) {
			const q = quotes.find((u) => u.kind === quote[1] && u.end === at);
			if (q) {
				unclosedQuotes.push(q);
				const name = q.kind === '"' ? 'double' : 'single';
				out.push({
					offset: q.offset,
					message: `the ${name}-quoted string opened here has no closing ${q.kind} (the parser read on to ${where(at)} looking for it)`
				});
				continue;
			}
		} else if (flow) {
			// Inner collections are reported first, as the composer finishes them first.
			const kind = flow[1] === 'map' ? '{' : '[';
			const index = flows.findIndex((u, i) => i >= nextFlow && u.kind === kind);
			if (index !== -1) {
				nextFlow = index + 1;
				const f = flows[index];
				if (unclosedQuotes.some((q) => q.offset > f.offset && q.offset < at)) continue;
				const [what, close] = kind === '[' ? ['sequence [', ']'] : ['mapping {', '}'];
				const advice = /in block collection/.test(e.message)
					? `; close it, or indent its continuation lines more than its key`
					: '';
				out.push({
					offset: f.offset,
					message: `the flow ${what} opened here is not closed with ${close} (the parser gave up at ${where(at)})${advice}`
				});
				continue;
			}
		}
		out.push({ offset: at, message: e.message });
	}
	return out;
}

/** Quoted strings (in file order) and unclosed flow collections (innermost first) of the CST. */
function collectOpeners(tokens: CST.Token[], quotes: Opener[], flows: Opener[]): void {
	// Recursion is bounded: tooDeep has already refused nesting deeper than MAX_NESTING.
	const visit = (token: CST.Token | null | undefined): void => {
		if (!token) return;
		if (token.type === 'document') visit(token.value);
		else if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
			const kind = token.type === 'double-quoted-scalar' ? '"' : "'";
			quotes.push({ offset: token.offset, end: token.offset + token.source.length, kind });
		} else if (
			token.type === 'block-map' ||
			token.type === 'block-seq' ||
			token.type === 'flow-collection'
		) {
			for (const item of token.items) {
				const { key, value } = item as { key?: CST.Token | null; value?: CST.Token };
				visit(key);
				visit(value);
			}
			if (token.type !== 'flow-collection') return;
			const kind = token.start.source === '{' ? '{' : '[';
			if (token.end[0]?.source !== (kind === '{' ? '}' : ']')) {
				flows.push({ offset: token.offset, end: token.offset, kind });
			}
		}
	};
	for (const token of tokens) visit(token);
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
