/**
 * The compiled scenario the engine plays: defaults filled in, durations in scenario
 * milliseconds, expressions parsed, everything indexed by id. Built by `compile.ts` from a
 * validated `ScenarioFile`; immutable once built.
 */
import type { Expr, Assignment, ValueType, Value } from './expr';
import type { Artefact, Milestone, Objective, Phase, Role, ScenarioFile } from './schema';

export type { Artefact, Milestone, Objective, Phase, Role, Value, ValueType };

/** How an inject gets released. `branch`: only by a decision's `next` or an attacker stage. */
export type Trigger = { kind: 'at'; atMs: number } | RelativeTrigger | { kind: 'branch' };

/**
 * `delayMs` after inject `inject` is released, or, with `decision`, after that decision of the
 * inject closes (locked, overridden or expired). Shared by injects and attacker stages.
 */
export interface RelativeTrigger {
	kind: 'after';
	inject: string;
	decision?: string;
	delayMs: number;
}

/** Points that fall with response time: full until `fullMs`, then linearly to `floor` at `zeroMs`. */
export interface Decay {
	fullMs: number;
	zeroMs: number;
	/** Share of the points kept from `zeroMs` on (0..1). */
	floor: number;
}

export interface Outcome {
	scores: Record<string, number>;
	effects: Assignment[];
	feedback?: string;
	/** Story text the team sees as soon as its decision locks with this (not answer key). */
	outcome?: string;
	/** Injects scheduled when the decision locks with this, in file order (may be empty). */
	next: string[];
	milestone?: Milestone;
}

/** A `scoresIf` entry: scores that replace the option's `scores` when `when` holds. */
export interface ConditionalScores {
	when: Expr;
	scores: Record<string, number>;
}

export interface Option extends Outcome {
	id: string;
	label: string;
	detail?: string;
	/** Offered only if this holds when the inject is released (see DecisionState.available). */
	when?: Expr;
	/** The first entry whose condition holds replaces `scores` (see DecisionState.optionScores). */
	scoresIf: ConditionalScores[];
	/** The expected answer: explicit in the file, else a positive total score. */
	correct: boolean;
	plan?: string;
}

export type DecisionKind = 'single' | 'multiple' | 'indicators' | 'text';

export interface Decision {
	id: string;
	injectId: string;
	kind: DecisionKind;
	prompt: string;
	objectives: string[];
	/** Team decisions drive the branch; `decider` is 'majority' or a role id. */
	team?: { decider: string };
	deadlineMs?: number;
	timeout?: Outcome;
	options: Option[];
	/** For 'indicators': the log artefact id and the 0-based indexes of its indicator lines. */
	artefact?: string;
	indicatorLines: number[];
	/** For 'indicators' and 'text': the phase and the points at stake. */
	phase?: string;
	points: number;
	/** For 'text': false when the facilitator does not score it. */
	scored: boolean;
	plan?: string;
	guidance?: string;
	decay?: Decay;
}

export interface Inject {
	id: string;
	title: string;
	phase: string;
	channel: string;
	from?: string;
	/** Role ids that receive the inject; `null` means everyone. */
	audience: string[] | null;
	trigger: Trigger;
	/** Delay after a relative trigger (branch or stage); `after` carries its own. */
	delayMs: number;
	when?: Expr;
	milestone?: Milestone;
	body: string;
	/** Text shown after the body when its condition holds at release (indexes recorded then). */
	variants: { when: Expr; body: string }[];
	/** Its decisions may be left unanswered without holding back the team's ending. */
	optional: boolean;
	artefacts: Artefact[];
	decisions: Decision[];
	/** ATT&CK techniques the inject shows (its own tags plus the technique of a stage releasing it). */
	attack: string[];
	facilitatorNotes?: string;
	expectedActions: string[];
}

interface AttackerStage {
	id: string;
	title: string;
	technique?: string;
	description?: string;
	/** Scenario time of an absolute stage; null for a stage scheduled `after` something. */
	atMs: number | null;
	after?: RelativeTrigger;
	unless?: Expr;
	effects: Assignment[];
	inject?: string;
}

export interface Ending {
	id: string;
	title: string;
	when?: Expr;
	outcome: 'good' | 'mixed' | 'bad';
	summary: string;
}

export interface VariableDef {
	name: string;
	type: ValueType;
	initial: Value;
}

export interface Scenario {
	/** The validated file as written; its canonical JSON is what the content hash covers. */
	file: ScenarioFile;
	id: string;
	title: string;
	summary: string;
	version: string;
	authors: string[];
	licence: string;
	duration: { min: number; max: number };
	difficulty: 'introductory' | 'intermediate' | 'advanced';
	tags: string[];
	attack: string[];
	phases: Phase[];
	roles: Role[];
	objectives: Objective[];
	variables: Record<string, VariableDef>;
	injects: Inject[];
	injectById: Record<string, Inject>;
	/** Every decision, keyed `${injectId}/${decisionId}`. */
	decisionByKey: Record<string, Decision>;
	stages: AttackerStage[];
	stageById: Record<string, AttackerStage>;
	endings: Ending[];
	/** Story wall time at scenario time 0 ("2025-03-13T17:00", no zone), when the file sets one. */
	clockStart?: string;
}

/** The key of a decision within a scenario: decision ids are unique per inject only. */
export function decisionKey(injectId: string, decisionId: string): string {
	return `${injectId}/${decisionId}`;
}

/** Scenario milliseconds in one scenario minute. */
export const MINUTE = 60_000;
