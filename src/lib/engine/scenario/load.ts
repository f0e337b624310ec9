/**
 * Loads a scenario file: bytes -> text -> YAML -> schema -> links and semantics -> compiled
 * scenario -> path report. Every problem is located at file:line:column (1-based), and each
 * stage stops the pipeline at its errors. Pure: no `node:*`, so the server and the checker CLI
 * share it.
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
	type Node as YamlNode,
	type Pair,
	type Scalar
} from 'yaml';
import * as z from 'zod';
import { compileScenario } from './compile';
import type { Scenario } from './model';
import { explorePaths, type PathReport } from '../check/paths';
import { ScenarioFileSchema, type ScenarioFile } from './schema';
import {
	closest,
	formatPath,
	pathProblems,
	validateScenario,
	type FilePath,
	type Problem
} from '../check/validate';

/** A problem at a place in a file; line and column are 1-based, columns in UTF-16 units. */
export interface Located {
	file: string;
	line: number;
	column: number;
	message: string;
}

export interface LoadResult {
	file: string;
	/** The zod-parsed file, when it is structurally valid. */
	source?: ScenarioFile;
	/** The compiled scenario, when there are no errors. */
	scenario?: Scenario;
	/** What the path explorer found, when the scenario compiled. */
	paths?: PathReport;
	errors: Located[];
	warnings: Located[];
}

export const MAX_SCENARIO_BYTES = 1_048_576;
/** Deeper nesting than any scenario needs (about 9 levels) is refused before it is composed. */
export const MAX_NESTING = 64;
/** Alias expansions allowed when building the data (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;
/** YAML errors reported at most; a broken file can otherwise produce one per line. */
const MAX_YAML_ERRORS = 20;

const CORE_TAGS = new Set(
	['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`)
);

/** Loads, validates and compiles one scenario file; never throws on bad input. */
export function loadScenario(input: string | Uint8Array, file: string): LoadResult {
	const result: LoadResult = { file, errors: [], warnings: [] };
	const at = (line: number, column: number, message: string): Located => ({
		file,
		line,
		column,
		message
	});

	const size = typeof input === 'string' ? utf8Length(input) : input.byteLength;
	if (size > MAX_SCENARIO_BYTES) {
		const n = (x: number) => x.toLocaleString('en');
		result.errors.push(
			at(1, 1, `file is too large: ${n(size)} bytes; the limit is ${n(MAX_SCENARIO_BYTES)} bytes`)
		);
		return result;
	}

	const decoded = typeof input === 'string' ? { text: input } : decodeUtf8(input);
	if ('error' in decoded) {
		result.errors.push(at(decoded.line, decoded.column, decoded.error));
		return result;
	}
	const text = decoded.text.startsWith('\uFEFF') ? decoded.text.slice(1) : decoded.text;

	let yaml: YamlResult;
	try {
		yaml = parseYaml(text);
	} catch (e) {
		// The yaml package turns most stack overflows into errors; this catches the rest.
		const why = e instanceof RangeError ? 'the file is nested too deeply or too large' : String(e);
		result.errors.push(at(1, 1, `cannot parse the YAML: ${why}`));
		return result;
	}
	const pos = (offset: number) => {
		const { line, col } = yaml.lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
		return { line, column: col };
	};
	const atOffset = (offset: number, message: string): Located => {
		const p = pos(offset);
		return at(p.line, p.column, message);
	};
	for (const e of yaml.errors) result.errors.push(atOffset(e.offset, e.message));
	for (const w of yaml.warnings) result.warnings.push(atOffset(w.offset, w.message));
	if (result.errors.length || !yaml.doc) return result;

	const locator = new Locator(yaml.doc, text, yaml.lineCounter);
	const located = (p: Problem): Located => {
		const where = locator.locate(p);
		let message = p.message;
		if (p.related) {
			const other = locator.locate({ path: p.related.path, message: '' });
			message += ` (${p.related.label} at ${other.line}:${other.column})`;
		}
		return at(where.line, where.column, message);
	};

	const parsed = ScenarioFileSchema.safeParse(yaml.data);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			for (const p of issueProblems(issue, [], yaml.data)) result.errors.push(located(p));
		}
		sortLocated(result.errors);
		return result;
	}
	result.source = parsed.data;

	const checked = validateScenario(parsed.data);
	result.errors.push(...checked.errors.map(located));
	result.warnings.push(...checked.warnings.map(located));
	if (result.errors.length) {
		sortLocated(result.errors);
		sortLocated(result.warnings);
		return result;
	}

	try {
		const scenario = compileScenario(parsed.data);
		const report = explorePaths(scenario);
		const found = pathProblems(parsed.data, report);
		result.paths = report;
		result.errors.push(...found.errors.map(located));
		result.warnings.push(...found.warnings.map(located));
		if (!result.errors.length) result.scenario = scenario;
	} catch (e) {
		// Validation should make this unreachable; say so rather than crash the caller.
		const why = e instanceof Error ? e.message : String(e);
		result.errors.push(at(1, 1, `the scenario passed validation but could not be played: ${why}`));
	}
	sortLocated(result.warnings);
	return result;
}

function sortLocated(list: Located[]): void {
	list.sort((a, b) => a.line - b.line || a.column - b.column);
}

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

// ---------------------------------------------------------------------------------------------
// Bytes

type Decoded = { text: string } | { error: string; line: number; column: number };

const FOREIGN_BOMS: [number[], string][] = [
	[[0x00, 0x00, 0xfe, 0xff], 'UTF-32 BE'],
	[[0xff, 0xfe, 0x00, 0x00], 'UTF-32 LE'],
	[[0xfe, 0xff], 'UTF-16 BE'],
	[[0xff, 0xfe], 'UTF-16 LE']
];

function decodeUtf8(bytes: Uint8Array): Decoded {
	for (const [bom, name] of FOREIGN_BOMS) {
		if (bom.every((b, i) => bytes[i] === b)) {
			return {
				error: `must be UTF-8: this file starts with a ${name} byte order mark; save it as UTF-8`,
				line: 1,
				column: 1
			};
		}
	}
	try {
		// The decoder drops a UTF-8 byte order mark itself.
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
	} catch {
		const bad = firstInvalidUtf8(bytes);
		const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
		let line = 1;
		for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
		const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, bad));
		const column = before.replace(/^\uFEFF/, '').length + 1;
		const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
		return {
			error: `must be UTF-8: byte 0x${hex} at offset ${bad} is not valid UTF-8; save the file as UTF-8`,
			line,
			column
		};
	}
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		let need: number;
		let min: number;
		if (b < 0x80) {
			i++;
			continue;
		} else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
		else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
		else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
		else return i;
		let cp = b & (0x3f >> need);
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined || (c & 0xc0) !== 0x80) return i;
			cp = (cp << 6) | (c & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
		i += need + 1;
	}
	return Math.max(0, bytes.length - 1);
}

// ---------------------------------------------------------------------------------------------
// YAML

interface YamlResult {
	doc?: Document.Parsed;
	data?: unknown;
	lineCounter: LineCounter;
	errors: { offset: number; message: string }[];
	warnings: { offset: number; message: string }[];
}

function parseYaml(text: string): YamlResult {
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

// ---------------------------------------------------------------------------------------------
// Paths -> line:column

class Locator {
	constructor(
		private readonly doc: Document.Parsed,
		private readonly text: string,
		private readonly lineCounter: LineCounter
	) {}

	/** The node at `path` (following aliases), or the deepest node on the way and its pair. */
	find(path: FilePath): { node: YamlNode | null; pair?: Pair; complete: boolean } {
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

// ---------------------------------------------------------------------------------------------
// zod issues -> problems

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
	let v = data;
	for (const segment of path) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<PropertyKey, unknown>)[segment];
	}
	return v;
}

function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'an empty value';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string')
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
	return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	boolean: 'true or false',
	array: 'a list',
	object: 'a mapping',
	record: 'a mapping'
};

/** zod's own wording, which a schema's custom message replaces. */
const DEFAULT_MESSAGE = /^(Invalid|Too small|Too big|Unrecognized)/;

function issueProblems(issue: Issue, prefix: PropertyKey[], data: unknown): Problem[] {
	const path = [...prefix, ...issue.path] as (string | number)[];
	const name = formatPath(path);
	const here = (message: string, extra: Partial<Problem> = {}): Problem[] => [
		{ path, message: name ? `${name}: ${message}` : message, ...extra }
	];
	const value = valueAt(data, path);
	const custom = !DEFAULT_MESSAGE.test(issue.message);
	switch (issue.code) {
		case 'invalid_type':
			if (value === undefined) return here('required');
			return here(
				`expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describe(value)}`
			);
		case 'invalid_value':
			return here(`expected one of ${issue.values.join('|')}, got ${describe(value)}`);
		case 'invalid_format':
			return here(
				`${custom ? issue.message : `must be a valid ${issue.format}`}, got ${describe(value)}`
			);
		case 'too_small':
		case 'too_big': {
			if (custom) return here(issue.message);
			const small = issue.code === 'too_small';
			const limit = Number(small ? issue.minimum : issue.maximum);
			if (issue.origin === 'array') {
				const n = Array.isArray(value) ? value.length : 0;
				return here(
					`needs ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'} (has ${n})`
				);
			}
			if (issue.origin === 'string') {
				if (small && limit === 1) return here('must not be empty');
				return here(`must be ${small ? 'at least' : 'at most'} ${limit} characters`);
			}
			const exclusive = issue.inclusive === false;
			const relation = small
				? exclusive
					? 'greater than'
					: 'at least'
				: exclusive
					? 'less than'
					: 'at most';
			return here(`must be ${relation} ${limit}, got ${describe(value)}`);
		}
		case 'unrecognized_keys': {
			const known = knownKeys(path, data);
			return issue.keys.map((key) => {
				const near = known ? closest(key, known) : undefined;
				const advice = near
					? `; did you mean '${near}'?`
					: known
						? ` (allowed: ${known.join(', ')})`
						: '';
				return {
					path: [...path, key],
					key: true,
					message: `${formatPath([...path, key])}: unknown key${advice}`
				};
			});
		}
		case 'invalid_union': {
			const options = (issue as { options?: unknown[] }).options;
			if (issue.discriminator !== undefined && options) {
				return here(`expected one of ${options.join('|')}, got ${describe(value)}`);
			}
			// The branch whose value had the right type explains the problem best.
			const typed = issue.errors.find(
				(branch) => !branch.every((e) => e.code === 'invalid_type' && e.path.length === 0)
			);
			if (typed) return typed.flatMap((e) => issueProblems(e, path, data));
			const expected = issue.errors.flatMap((branch) =>
				branch.map((e) => (e.code === 'invalid_type' ? (TYPE_NAMES[e.expected] ?? e.expected) : ''))
			);
			const kinds = [...new Set(expected.filter(Boolean))];
			const list =
				kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds[0];
			return here(`expected ${list}, got ${describe(value)}`);
		}
		default:
			return here(custom ? issue.message : issue.message.replace(/^Invalid input: /, ''));
	}
}

type Def = {
	type: string;
	shape?: Record<string, z.ZodType>;
	element?: z.ZodType;
	innerType?: z.ZodType;
	valueType?: z.ZodType;
	options?: z.ZodType[];
	discriminator?: string;
	in?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys the schema allows for the object at `path`, for "did you mean" hints. */
function knownKeys(path: readonly PropertyKey[], data: unknown): string[] | undefined {
	const unwrap = (schema: z.ZodType, value: unknown): z.ZodType | undefined => {
		for (;;) {
			const def = defOf(schema);
			if (def.innerType) schema = def.innerType;
			else if (def.type === 'pipe' && def.in) schema = def.in;
			else if (def.type === 'union' && def.options) {
				const objects = def.options.filter((o) => defOf(o).type === 'object');
				const disc = def.discriminator;
				const chosen = disc
					? objects.find((o) => {
							const field = defOf(o).shape?.[disc];
							const values = field && (field as unknown as { values?: Set<unknown> }).values;
							return values?.has((value as Record<string, unknown>)?.[disc]);
						})
					: objects[0];
				if (!chosen) return undefined;
				schema = chosen;
			} else return schema;
		}
	};
	let schema: z.ZodType | undefined = ScenarioFileSchema;
	let value = data;
	for (const segment of path) {
		schema = unwrap(schema, value);
		if (!schema) return undefined;
		const def = defOf(schema);
		value = (value as Record<PropertyKey, unknown>)?.[segment];
		schema =
			def.type === 'object'
				? def.shape?.[String(segment)]
				: def.type === 'array'
					? def.element
					: def.type === 'record'
						? def.valueType
						: undefined;
		if (!schema) return undefined;
	}
	schema = unwrap(schema, value);
	const shape = schema && defOf(schema).shape;
	return shape ? Object.keys(shape) : undefined;
}
