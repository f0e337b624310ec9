/**
 * The structure view's form edits, applied to the scenario's YAML text by splicing only the
 * lines that change: every other line (comments, blank lines, quoting, flow maps) stays as it
 * was written. Each edit returns the new text, or throws a `StructureEditError` that says why it
 * cannot be made (YAML syntax errors, an id that is taken or missing, a shape the forms do not
 * edit such as a flow-style list). Pure.
 */
import {
	isMap,
	isScalar,
	isSeq,
	parseDocument,
	stringify,
	type Node,
	type Pair,
	type YAMLMap,
	type YAMLSeq
} from 'yaml';
import { CHANNELS, DURATION_PATTERN, ID_PATTERN } from '#lib/engine/scenario/patterns.js';

export class StructureEditError extends Error {}

/** The channels the scenario format has (the schema's `channel` enum). */
export { CHANNELS };

export const DECISION_KINDS = ['single', 'multiple'] as const;

/** A bare number of minutes (YAML reads it as a number), else the format's duration text. */
const isDuration = (value: string) => /^\d+(\.\d+)?$/.test(value) || DURATION_PATTERN.test(value);

export interface NewInject {
	id: string;
	title: string;
	phase: string;
	channel: string;
	/** Release time (`at`), or empty. */
	at?: string;
	/** The inject it follows (`after`), or empty. */
	after?: string;
	delay?: string;
	body: string;
}

/** Fields of an inject to change: a string sets it, null removes it, absent leaves it. */
export interface InjectChanges {
	title?: string;
	body?: string;
	at?: string | null;
	after?: string | null;
	delay?: string | null;
}

export interface NewOption {
	id: string;
	label: string;
	/** Points per phase id; zero entries are left out. */
	scores: Record<string, number>;
	/** The inject(s) it releases (team decisions only). */
	next?: string[];
}

export interface NewDecision {
	id: string;
	kind: (typeof DECISION_KINDS)[number];
	prompt: string;
	/** A role id or "majority" for a team decision; empty for an individual one. */
	decider?: string;
	deadline?: string;
	options: NewOption[];
}

type Value = string | number | { flow: string } | Entries[];
type Entries = [string, Value][];

// ---------------------------------------------------------------- text helpers

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const column = (text: string, offset: number) => offset - lineStart(text, offset);

/** The offset just after the line on which `node`'s content ends (trailing blank lines excluded). */
function afterLastLine(text: string, node: Node): number {
	let end = node.range![1];
	while (end > 0 && /\s/.test(text[end - 1])) end--;
	const newline = text.indexOf('\n', end);
	return newline === -1 ? text.length : newline + 1;
}

function splice(text: string, from: number, to: number, insert: string): string {
	return text.slice(0, from) + insert + text.slice(to);
}

/** One `key: value` in block style, its continuation lines indented by `indent`. */
function renderPair(key: string, value: Value, indent: string): string[] {
	if (Array.isArray(value)) {
		const inner = `${indent}  `;
		return [`${key}:`, ...value.flatMap((item) => renderItem(item, inner))];
	}
	if (typeof value === 'object') return [`${key}: ${value.flow}`];
	const [first, ...rest] = stringify(
		{ [key]: value },
		{ lineWidth: 0, singleQuote: true, blockQuote: 'literal' }
	)
		.replace(/\n$/, '')
		.split('\n');
	return [first, ...rest.map((l) => (l ? indent + l : l))];
}

/** A block list item `- key: value ...` whose dash is at `indent`. */
function renderItem(entries: Entries, indent: string): string[] {
	const inner = `${indent}  `;
	return entries.flatMap(([key, value], i) => {
		const [first, ...rest] = renderPair(key, value, inner);
		return [(i === 0 ? `${indent}- ` : inner) + first, ...rest];
	});
}

const joinLines = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

// ---------------------------------------------------------------- document helpers

function parse(text: string): YAMLMap {
	const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
	if (doc.errors.length) {
		throw new StructureEditError(
			'The YAML has syntax errors; fix them in the source view before using the forms.'
		);
	}
	if (!isMap(doc.contents)) throw new StructureEditError('The document is not a scenario (a map).');
	return doc.contents;
}

function idOf(node: unknown): string | null {
	if (!isMap(node)) return null;
	const id = node.get('id');
	return typeof id === 'string' ? id : null;
}

/** A block-style map; a flow one (`{ ... }`) is not edited by the forms. */
function blockMap(node: unknown, what: string): YAMLMap {
	if (!isMap(node) || node.flow || !node.range) {
		throw new StructureEditError(`${what} is not written as a block map; edit it in the source.`);
	}
	return node;
}

function blockSeq(node: unknown, what: string): YAMLSeq {
	if (!isSeq(node) || node.flow || !node.range || !node.items.length) {
		throw new StructureEditError(
			`${what} is not a block list with items; edit it in the source view.`
		);
	}
	return node;
}

function findInject(root: YAMLMap, injectId: string): YAMLMap {
	const injects = root.get('injects', true);
	const inject = isSeq(injects) ? injects.items.find((i) => idOf(i) === injectId) : undefined;
	if (!inject) throw new StructureEditError(`There is no inject '${injectId}'.`);
	return blockMap(inject, `Inject '${injectId}'`);
}

function findDecision(root: YAMLMap, injectId: string, decisionId: string): YAMLMap {
	const decisions = findInject(root, injectId).get('decisions', true);
	const decision = isSeq(decisions)
		? decisions.items.find((d) => idOf(d) === decisionId)
		: undefined;
	if (!decision) {
		throw new StructureEditError(`Inject '${injectId}' has no decision '${decisionId}'.`);
	}
	return blockMap(decision, `Decision '${decisionId}'`);
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
	return (map.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** Appends a block list item to `seq`, at its items' indentation. */
function appendItem(text: string, seq: YAMLSeq, entries: Entries): string {
	const first = seq.items[0] as Node;
	const prefix = text.slice(lineStart(text, first.range![0]), first.range![0]);
	const dash = /^(\s*)-\s+$/.exec(prefix);
	if (!dash)
		throw new StructureEditError('A list here is written in a shape the forms do not edit.');
	const at = afterLastLine(text, seq);
	const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
	return splice(text, at, at, lead + joinLines(renderItem(entries, dash[1])));
}

/** Sets `key` in a block map: replaces its value in place, or adds the pair (before `before`). */
function setPair(text: string, map: YAMLMap, key: string, value: Value, before?: string): string {
	const indent = ' '.repeat(column(text, map.range![0]));
	const pair = pairOf(map, key);
	if (pair?.value?.range && pair.key.range) {
		const from = pair.key.range[0];
		let to = pair.value.range[1];
		while (to > from && /\s/.test(text[to - 1])) to--;
		return splice(text, from, to, renderPair(key, value, indent).join('\n'));
	}
	const lines = joinLines(renderPair(key, value, indent).map((l, i) => (i ? l : indent + l)));
	const next = before ? pairOf(map, before) : undefined;
	if (next?.key.range && map.items.indexOf(next) > 0) {
		const at = lineStart(text, next.key.range[0]);
		return splice(text, at, at, lines);
	}
	const at = afterLastLine(text, map);
	const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
	return splice(text, at, at, lead + lines);
}

/** Removes `key` and its value's lines from a block map (nothing when it is absent). */
function removePair(text: string, map: YAMLMap, key: string): string {
	const pair = pairOf(map, key);
	if (!pair?.key.range) return text;
	const from = lineStart(text, pair.key.range[0]);
	if (text.slice(from, pair.key.range[0]).trim() !== '') {
		throw new StructureEditError(`'${key}' starts a list item; edit it in the source view.`);
	}
	const end = pair.value?.range ? pair.value : pair.key;
	return splice(text, from, afterLastLine(text, end), '');
}

// ---------------------------------------------------------------- checks of the input

function checkId(id: string, what: string): void {
	if (!ID_PATTERN.test(id)) {
		throw new StructureEditError(
			`The ${what} id '${id}' must be lowercase letters, digits and hyphens (max 64).`
		);
	}
}

function checkDuration(value: string | null | undefined, what: string): void {
	if (value && !isDuration(value)) {
		throw new StructureEditError(
			`The ${what} '${value}' is not a duration such as 90s, 15m, 1h30m or a number of minutes.`
		);
	}
}

function checkText(value: string | undefined, what: string): void {
	if (value !== undefined && !value.trim()) throw new StructureEditError(`The ${what} is empty.`);
}

/** A bare number of minutes is written as a number, anything else as text. */
const durationValue = (value: string): string | number =>
	/^\d+(\.\d+)?$/.test(value) ? Number(value) : value;

function optionEntries(option: NewOption): Entries {
	checkId(option.id, 'option');
	checkText(option.label, 'option label');
	const scores = Object.entries(option.scores).filter(([, points]) => points !== 0);
	for (const [phase, points] of scores) {
		checkId(phase, 'phase');
		if (!Number.isFinite(points))
			throw new StructureEditError(`The score for ${phase} is not a number.`);
	}
	const entries: Entries = [
		['id', option.id],
		['label', option.label]
	];
	if (scores.length) {
		entries.push(['scores', { flow: `{ ${scores.map(([p, n]) => `${p}: ${n}`).join(', ')} }` }]);
	}
	const next = option.next?.filter(Boolean) ?? [];
	for (const target of next) checkId(target, 'inject');
	if (next.length === 1) entries.push(['next', next[0]]);
	else if (next.length > 1) entries.push(['next', { flow: `[${next.join(', ')}]` }]);
	return entries;
}

function allDecisionIds(root: YAMLMap): string[] {
	const injects = root.get('injects', true);
	return (isSeq(injects) ? injects.items : []).flatMap((inject) => {
		const decisions = isMap(inject) ? inject.get('decisions', true) : null;
		return (isSeq(decisions) ? decisions.items : []).map(idOf).filter((id) => id !== null);
	});
}

/** The one span that differs between `before` and `after` (null when they are equal). */
export function changedSpan(
	before: string,
	after: string
): { from: number; to: number; insert: string } | null {
	if (before === after) return null;
	let start = 0;
	const short = Math.min(before.length, after.length);
	while (start < short && before[start] === after[start]) start++;
	let end = 0;
	while (end < short - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
		end++;
	}
	return {
		from: start,
		to: before.length - end,
		insert: after.slice(start, after.length - end)
	};
}

// ---------------------------------------------------------------- the edits

/** Appends a new inject to `injects`. */
export function addInject(text: string, inject: NewInject): string {
	const root = parse(text);
	checkId(inject.id, 'inject');
	checkId(inject.phase, 'phase');
	checkText(inject.title, 'title');
	checkText(inject.body, 'body');
	if (!(CHANNELS as readonly string[]).includes(inject.channel)) {
		throw new StructureEditError(`'${inject.channel}' is not a channel.`);
	}
	checkDuration(inject.at, 'time');
	checkDuration(inject.delay, 'delay');
	if (inject.at && inject.after) {
		throw new StructureEditError(
			'An inject is released either at a time or after another, not both.'
		);
	}
	const injects = blockSeq(root.get('injects', true), '`injects`');
	if (injects.items.some((i) => idOf(i) === inject.id)) {
		throw new StructureEditError(`There is already an inject '${inject.id}'.`);
	}
	const entries: Entries = [
		['id', inject.id],
		['title', inject.title],
		['phase', inject.phase],
		['channel', inject.channel]
	];
	if (inject.at) entries.push(['at', durationValue(inject.at)]);
	if (inject.after) {
		checkId(inject.after, 'inject');
		entries.push(['after', inject.after]);
	}
	if (inject.delay) entries.push(['delay', durationValue(inject.delay)]);
	entries.push(['body', inject.body]);
	return appendItem(text, injects, entries);
}

/** Changes an inject's title, body or timing (`at`, `after`, `delay`). */
export function editInject(text: string, injectId: string, changes: InjectChanges): string {
	checkText(changes.title, 'title');
	checkText(changes.body, 'body');
	checkDuration(changes.at, 'time');
	checkDuration(changes.delay, 'delay');
	if (changes.after) checkId(changes.after, 'inject');
	if (changes.at && changes.after) {
		throw new StructureEditError(
			'An inject is released either at a time or after another, not both.'
		);
	}
	if (changes.after !== undefined && isMap(findInject(parse(text), injectId).get('after', true))) {
		throw new StructureEditError(
			`Inject '${injectId}' follows another in the long form (after: { inject, ... }); edit it in the source view.`
		);
	}
	// One change at a time, re-reading the text in between: each splice moves the offsets.
	const steps: [keyof InjectChanges, string | null | undefined][] = [
		['title', changes.title],
		['body', changes.body],
		['at', changes.at],
		['after', changes.after],
		['delay', changes.delay]
	];
	let out = text;
	for (const [key, value] of steps) {
		if (value === undefined) continue;
		const inject = findInject(parse(out), injectId);
		if (value === null || value === '') {
			if (key === 'title' || key === 'body') continue;
			out = removePair(out, inject, key);
		} else {
			const written = key === 'at' || key === 'delay' ? durationValue(value) : value;
			out = setPair(out, inject, key, written, key === 'body' ? 'decisions' : 'body');
		}
	}
	return out;
}

/** Adds a decision with its options to an inject (creating its `decisions:` list if need be). */
export function addDecision(text: string, injectId: string, decision: NewDecision): string {
	const root = parse(text);
	checkId(decision.id, 'decision');
	checkText(decision.prompt, 'prompt');
	checkDuration(decision.deadline, 'deadline');
	if (!(DECISION_KINDS as readonly string[]).includes(decision.kind)) {
		throw new StructureEditError(
			`The forms add single or multiple choice decisions, not '${decision.kind}'.`
		);
	}
	if (decision.options.length < 1) throw new StructureEditError('A decision needs an option.');
	if (allDecisionIds(root).includes(decision.id)) {
		throw new StructureEditError(`There is already a decision '${decision.id}'.`);
	}
	const ids = decision.options.map((o) => o.id);
	const twice = ids.find((id, i) => ids.indexOf(id) !== i);
	if (twice) throw new StructureEditError(`Two options are called '${twice}'.`);
	if (!decision.decider && decision.options.some((o) => o.next?.some(Boolean))) {
		throw new StructureEditError(
			'Only a team decision branches: name who decides to give an option a next inject.'
		);
	}
	const entries: Entries = [
		['id', decision.id],
		['kind', decision.kind],
		['prompt', decision.prompt]
	];
	if (decision.decider) {
		if (decision.decider !== 'majority') checkId(decision.decider, 'role');
		entries.push(['team', { flow: `{ decider: ${decision.decider} }` }]);
	}
	if (decision.deadline) entries.push(['deadline', durationValue(decision.deadline)]);
	entries.push(['options', decision.options.map(optionEntries)]);
	const inject = findInject(root, injectId);
	const decisions = inject.get('decisions', true);
	if (decisions) return appendItem(text, blockSeq(decisions, '`decisions`'), entries);
	return setPair(text, inject, 'decisions', [entries], 'facilitatorNotes');
}

/** Adds an option to a decision. */
export function addOption(
	text: string,
	injectId: string,
	decisionId: string,
	option: NewOption
): string {
	const decision = findDecision(parse(text), injectId, decisionId);
	const options = decision.get('options', true);
	if (isSeq(options) && options.items.some((o) => idOf(o) === option.id)) {
		throw new StructureEditError(`Decision '${decisionId}' already has an option '${option.id}'.`);
	}
	if (!decision.has('team') && option.next?.some(Boolean)) {
		throw new StructureEditError(
			`Decision '${decisionId}' is individual (no team:), so its options cannot branch.`
		);
	}
	const entries = optionEntries(option);
	if (options) return appendItem(text, blockSeq(options, '`options`'), entries);
	return setPair(text, decision, 'options', [entries], 'timeout');
}

/** Sets (or, with null, removes) a decision's deadline. */
export function setDeadline(
	text: string,
	injectId: string,
	decisionId: string,
	deadline: string | null
): string {
	checkDuration(deadline, 'deadline');
	const decision = findDecision(parse(text), injectId, decisionId);
	if (!deadline) return removePair(text, decision, 'deadline');
	return setPair(text, decision, 'deadline', durationValue(deadline), 'options');
}
