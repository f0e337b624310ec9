/**
 * The branch structure of a scenario document, for the studio's structure view: its injects
 * (with their decisions and options), attacker stages and endings, each with the line it starts
 * on, and the links between them (an option's or timeout's `next`, an inject's `after`, a
 * stage's `inject`). Works on a draft with errors: whatever the YAML parser recovers is used,
 * and a list item without an id is left out. Pure.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { DEFAULT_PHASE_IDS } from './ids';

export interface OptionNode {
	id: string;
	label: string;
	line: number;
	scores: Record<string, number>;
	next: string[];
}

export interface DecisionNode {
	id: string;
	kind: string;
	prompt: string;
	/** A team decision (it can branch); without `team:` it is individual. */
	team: boolean;
	deadline: string | null;
	line: number;
	options: OptionNode[];
	/** The injects its `timeout` releases. */
	timeoutNext: string[];
}

export interface InjectNode {
	id: string;
	title: string;
	phase: string;
	channel: string;
	at: string | null;
	/** The inject it follows (`after:`, either form). */
	after: string | null;
	delay: string | null;
	body: string;
	line: number;
	decisions: DecisionNode[];
}

export interface StageNode {
	id: string;
	title: string;
	at: string | null;
	after: string | null;
	/** The inject it releases when it fires. */
	inject: string | null;
	line: number;
}

export interface EndingNode {
	id: string;
	title: string;
	outcome: string | null;
	line: number;
}

export type LinkKind = 'next' | 'timeout' | 'after' | 'stage';

/** A link from a node (an option, a decision's timeout, an inject or a stage) to another. */
export interface StructureLink {
	kind: LinkKind;
	/** The inject or stage the link leaves from, and the option or decision when there is one. */
	from: { inject?: string; stage?: string; decision?: string; option?: string };
	to: { inject?: string; stage?: string };
}

export interface Structure {
	/** False when the text is not a YAML map at all (nothing could be read). */
	readable: boolean;
	injects: InjectNode[];
	stages: StageNode[];
	endings: EndingNode[];
	/** The phase ids scores may use: the document's, or the default phases. */
	phases: string[];
	/** The role ids (who can decide a team decision). */
	roles: string[];
	links: StructureLink[];
}

function items(node: unknown): unknown[] {
	return isSeq(node) ? node.items : [];
}

/** A scalar's value as text ('' when absent or not a scalar). */
function text(map: YAMLMap, key: string): string {
	const node = map.get(key, true);
	return isScalar(node) && node.value !== null && node.value !== undefined
		? String(node.value)
		: '';
}

function textOrNull(map: YAMLMap, key: string): string | null {
	return text(map, key) || null;
}

/** `next:` as a list of ids, from one id or a list. */
function idList(node: unknown): string[] {
	if (isScalar(node)) return node.value ? [String(node.value)] : [];
	return items(node)
		.filter(isScalar)
		.map((s) => String(s.value ?? ''))
		.filter(Boolean);
}

function afterOf(map: YAMLMap): string | null {
	const node = map.get('after', true);
	if (isScalar(node)) return node.value ? String(node.value) : null;
	if (isMap(node)) return text(node, 'inject') || null;
	return null;
}

function scoresOf(node: unknown): Record<string, number> {
	const scores: Record<string, number> = {};
	if (!isMap(node)) return scores;
	for (const pair of node.items) {
		const key = pair.key as Node | null;
		const value = pair.value as Node | null;
		if (isScalar(key) && isScalar(value) && typeof value.value === 'number') {
			scores[String(key.value)] = value.value;
		}
	}
	return scores;
}

/** The structure of `source`; never throws. */
export function readStructure(source: string): Structure {
	const lines = new LineCounter();
	const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
	const empty: Structure = {
		readable: false,
		injects: [],
		stages: [],
		endings: [],
		phases: DEFAULT_PHASE_IDS,
		roles: [],
		links: []
	};
	const root = doc.contents;
	if (!isMap(root)) return empty;
	const lineOf = (node: YAMLMap) => (node.range ? lines.linePos(node.range[0]).line : 1);
	/** The list items under `key` that are maps with an id. */
	const withIds = (node: unknown) =>
		items(node).filter((item): item is YAMLMap => isMap(item) && text(item, 'id') !== '');

	const phases = withIds(root.get('phases', true)).map((p) => text(p, 'id'));
	const links: StructureLink[] = [];
	const injects = withIds(root.get('injects', true)).map((inject): InjectNode => {
		const id = text(inject, 'id');
		const after = afterOf(inject);
		if (after) links.push({ kind: 'after', from: { inject: after }, to: { inject: id } });
		const decisions = withIds(inject.get('decisions', true)).map((decision): DecisionNode => {
			const decisionId = text(decision, 'id');
			const options = withIds(decision.get('options', true)).map((option): OptionNode => {
				const next = idList(option.get('next', true));
				for (const target of next) {
					links.push({
						kind: 'next',
						from: { inject: id, decision: decisionId, option: text(option, 'id') },
						to: { inject: target }
					});
				}
				return {
					id: text(option, 'id'),
					label: text(option, 'label'),
					line: lineOf(option),
					scores: scoresOf(option.get('scores', true)),
					next
				};
			});
			const timeout = decision.get('timeout', true);
			const timeoutNext = isMap(timeout) ? idList(timeout.get('next', true)) : [];
			for (const target of timeoutNext) {
				links.push({
					kind: 'timeout',
					from: { inject: id, decision: decisionId },
					to: { inject: target }
				});
			}
			return {
				id: decisionId,
				kind: text(decision, 'kind'),
				prompt: text(decision, 'prompt'),
				team: decision.has('team'),
				deadline: textOrNull(decision, 'deadline'),
				line: lineOf(decision),
				options,
				timeoutNext
			};
		});
		return {
			id,
			title: text(inject, 'title'),
			phase: text(inject, 'phase'),
			channel: text(inject, 'channel'),
			at: textOrNull(inject, 'at'),
			after,
			delay: textOrNull(inject, 'delay'),
			body: text(inject, 'body'),
			line: lineOf(inject),
			decisions
		};
	});
	const stages = withIds(root.get('attacker', true)).map((stage): StageNode => {
		const id = text(stage, 'id');
		const after = afterOf(stage);
		const inject = textOrNull(stage, 'inject');
		if (after) links.push({ kind: 'after', from: { inject: after }, to: { stage: id } });
		if (inject) links.push({ kind: 'stage', from: { stage: id }, to: { inject } });
		return {
			id,
			title: text(stage, 'title'),
			at: textOrNull(stage, 'at'),
			after,
			inject,
			line: lineOf(stage)
		};
	});
	const endings = withIds(root.get('endings', true)).map((ending): EndingNode => ({
		id: text(ending, 'id'),
		title: text(ending, 'title'),
		outcome: textOrNull(ending, 'outcome'),
		line: lineOf(ending)
	}));
	return {
		readable: true,
		injects,
		stages,
		endings,
		phases: phases.length ? phases : DEFAULT_PHASE_IDS,
		roles: withIds(root.get('roles', true)).map((r) => text(r, 'id')),
		links
	};
}

/** How an inject is released, in words: "at 10m", "after alert +5m", "by a branch +2m". */
export function timingOf(inject: Pick<InjectNode, 'at' | 'after' | 'delay'>): string {
	const delay = inject.delay ? ` +${inject.delay}` : '';
	if (inject.at !== null) return `at ${inject.at}`;
	if (inject.after) return `after ${inject.after}${delay}`;
	return `by a branch${delay}`;
}
