/**
 * The ids a scenario document defines (injects, decisions, options, attacker stages, endings,
 * roles, phases, objectives, variables), where each is defined, and which kind of id a key's
 * value names: what completion of ids and go-to-definition need. Works on a draft with errors:
 * whatever the YAML parser recovers is used. Pure.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export type IdKind =
	| 'inject'
	| 'decision'
	| 'option'
	| 'stage'
	| 'ending'
	| 'role'
	| 'phase'
	| 'objective'
	| 'variable';

export interface IdDefinition {
	kind: IdKind;
	id: string;
	/** Offsets of the id's text in the document. */
	from: number;
	to: number;
	/** Where it is, e.g. `inject alert`, `option isolate of decision contain`. */
	context: string;
}

/** The phase ids a scenario without a `phases:` list has (the default model). */
export const DEFAULT_PHASE_IDS = [
	'preparation',
	'identification',
	'containment',
	'eradication',
	'recovery',
	'lessons-learned'
];

function items(node: unknown): unknown[] {
	return isSeq(node) ? node.items : [];
}

function idOf(item: unknown): { id: string; from: number; to: number } | null {
	if (!isMap(item)) return null;
	const value = item.get('id', true);
	if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return null;
	return { id: value.value, from: value.range[0], to: value.range[1] };
}

/** Every id the document defines, in document order. */
export function collectIds(text: string): IdDefinition[] {
	const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
	const root = doc.contents;
	if (!isMap(root)) return [];
	const found: IdDefinition[] = [];
	const add = (kind: IdKind, item: unknown, context: string) => {
		const id = idOf(item);
		if (id) found.push({ kind, ...id, context: `${context} ${id.id}`.trim() });
		return id;
	};
	const list = (key: string) => items(root.get(key, true));
	for (const item of list('phases')) add('phase', item, 'phase');
	for (const item of list('objectives')) add('objective', item, 'objective');
	for (const item of list('roles')) add('role', item, 'role');
	const variables = root.get('variables', true);
	if (isMap(variables)) {
		for (const pair of variables.items) {
			const key = pair.key as Node | null;
			if (isScalar(key) && typeof key.value === 'string' && key.range) {
				found.push({
					kind: 'variable',
					id: key.value,
					from: key.range[0],
					to: key.range[1],
					context: `variable ${key.value}`
				});
			}
		}
	}
	for (const inject of list('injects')) {
		const injectId = add('inject', inject, 'inject');
		if (!isMap(inject)) continue;
		for (const decision of items(inject.get('decisions', true))) {
			const decisionId = add('decision', decision, `decision in ${injectId?.id ?? 'an inject'}:`);
			if (!isMap(decision)) continue;
			for (const option of items(decision.get('options', true))) {
				add('option', option, `option of ${decisionId?.id ?? 'a decision'}:`);
			}
		}
	}
	for (const item of list('attacker')) add('stage', item, 'attacker stage');
	for (const item of list('endings')) add('ending', item, 'ending');
	return found;
}

/** Keys whose value is an expression: variables, visited(inject), fired(stage). */
const EXPRESSION_KEYS = new Set(['when', 'unless', 'effects', 'scoresIf']);

/** The kinds of id the value of `key` names (empty: no ids are expected there). */
export function idKindsFor(key: string | null): IdKind[] {
	switch (key) {
		case 'phase':
		case 'phases':
			return ['phase'];
		case 'audience':
		case 'decider':
			return ['role'];
		case 'inject':
		case 'next':
			return ['inject'];
		case 'decision':
			return ['decision'];
		case 'objectives':
			return ['objective'];
		case null:
			return [];
		default:
			return EXPRESSION_KEYS.has(key) ? ['variable', 'inject', 'stage'] : [];
	}
}

/** The ids of `kinds` to offer, the document's own plus the default phases where phases are asked. */
export function idChoices(
	defined: IdDefinition[],
	kinds: IdKind[]
): { id: string; kind: IdKind; context: string }[] {
	const wanted = defined.filter((d) => kinds.includes(d.kind));
	const seen = new Set<string>();
	const out = wanted
		.filter((d) => !seen.has(`${d.kind}:${d.id}`) && seen.add(`${d.kind}:${d.id}`))
		.map(({ id, kind, context }) => ({ id, kind, context }));
	if (kinds.includes('phase') && !defined.some((d) => d.kind === 'phase')) {
		for (const id of DEFAULT_PHASE_IDS) out.push({ id, kind: 'phase', context: 'default phase' });
	}
	return out;
}

const ID_CHAR = /[A-Za-z0-9_.-]/;

/** The id-like word around `pos` in `text`, with its offsets, or null. */
export function wordAt(
	text: string,
	pos: number
): { word: string; from: number; to: number } | null {
	let from = pos;
	let to = pos;
	while (from > 0 && ID_CHAR.test(text[from - 1])) from--;
	while (to < text.length && ID_CHAR.test(text[to])) to++;
	if (from === to) return null;
	return { word: text.slice(from, to), from, to };
}

/**
 * Where the id under `pos` is defined: a definition of a kind the surrounding key expects if
 * there is one, else any definition with that id; null when there is none (or `pos` is on the
 * definition itself).
 */
export function definitionAt(
	text: string,
	pos: number,
	key: string | null,
	defined: IdDefinition[] = collectIds(text)
): IdDefinition | null {
	const word = wordAt(text, pos);
	if (!word) return null;
	const same = defined.filter((d) => d.id === word.word && !(d.from <= pos && pos <= d.to));
	if (!same.length) return null;
	const kinds = idKindsFor(key);
	return same.find((d) => kinds.includes(d.kind)) ?? same[0];
}
