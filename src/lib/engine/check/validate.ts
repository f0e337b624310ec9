/**
 * Link and semantic checks of a structurally valid scenario file: every rule the schema cannot
 * express (ids that must exist, ids that must be unique, expressions, what each decision kind
 * needs, reachability and loops). Problems are located by their path in the file, so this module
 * knows nothing about YAML; `load.ts` turns paths into line:column.
 */
import {
	checkAssignment,
	checkCondition,
	parseAssignment,
	usesRoll,
	parseExpression,
	type ExprContext,
	type ExprError,
	type ValueType
} from '../scenario/expr';
import { isCsf2Framework, isCsf2Id } from '../scenario/metadata';
import type { PathReport } from './paths';
import {
	DEFAULT_PHASES,
	DURATION_PATTERN,
	VARIABLE_PATTERN,
	type DecisionFile,
	type AfterFile,
	type InjectFile,
	type ScenarioFile
} from '../scenario/schema';

/** A path into the scenario file, e.g. `['injects', 3, 'decisions', 0, 'kind']`. */
export type FilePath = readonly (string | number)[];

/** One error or warning, located by path (and offset, inside an expression). */
export interface Problem {
	path: FilePath;
	message: string;
	/** Locate the key of the last path segment instead of its value (e.g. a score's phase id). */
	key?: boolean;
	/** Offset into the string at `path`, for expression errors. */
	offset?: number;
	/** A second place the message refers to, e.g. where a duplicate id was first defined. */
	related?: { path: FilePath; label: string };
}

interface ValidationResult {
	errors: Problem[];
	warnings: Problem[];
}

/**
 * An `at` later than this many times `duration.max` is "far past" the stated duration: a team
 * that plays to the longest estimate never sees it. Half as long again leaves room for a slow
 * team without letting a typo (`at: 90` meant as seconds, `5h` for `5m`) through unnoticed.
 */
export const FAR_PAST_DURATION = 1.5;
/** The milestones the debrief measures time to; without one its time stays empty. */
const TIMED_MILESTONES = [
	['identified', 'time-to-identify'],
	['contained', 'time-to-contain']
] as const;

const ROLE_EVERYONE = 'all';
const DECIDER_MAJORITY = 'majority';
const RESERVED_WORDS = new Set(['and', 'or', 'not', 'true', 'false', 'visited', 'fired']);

/** Formats a file path the way messages name fields: `injects[3].decisions[0].kind`. */
export function formatPath(path: FilePath): string {
	let out = '';
	for (const segment of path) {
		if (typeof segment === 'number') out += `[${segment}]`;
		else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
		else out += `[${JSON.stringify(segment)}]`;
	}
	return out;
}

/** The closest candidate to `name` by edit distance, for "did you mean" hints. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
	let best: string | undefined;
	let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
	for (const candidate of candidates) {
		const d = editDistance(name, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	if (Math.abs(a.length - b.length) > 3) return 99;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		prev = row;
	}
	return prev[b.length];
}

/** A file duration ("1h30m", "90s", a number of minutes) in minutes; NaN when it is not one. */
function durationMinutes(value: string | number): number {
	if (typeof value === 'number') return value;
	const m = DURATION_PATTERN.exec(value);
	if (!m || value === '') return NaN;
	const [, h, min, sec] = m;
	return Number(h ?? 0) * 60 + Number(min ?? 0) + Number(sec ?? 0) / 60;
}

function hint(name: string, candidates: Iterable<string>): string {
	const near = closest(name, candidates);
	return near ? `; did you mean '${near}'?` : '';
}

/** The phase ids of the file's phase model (the six default phases when it names none). */
export function phaseIds(file: ScenarioFile): string[] {
	return (file.phases ?? DEFAULT_PHASES).map((p) => p.id);
}

/**
 * The phase ids that some scored decision can earn points in: option or timeout scores that are
 * not zero, and the phase of `indicators` and scored `text` decisions with points.
 */
export function coveredPhases(file: ScenarioFile): Set<string> {
	const covered = new Set<string>();
	for (const inject of file.injects) {
		for (const d of inject.decisions ?? []) {
			const optionScores = (d.options ?? []).flatMap((o) => [
				o.scores,
				...(o.scoresIf ?? []).map((c) => c.scores)
			]);
			for (const scores of [...optionScores, d.timeout?.scores]) {
				for (const [phase, points] of Object.entries(scores ?? {})) {
					if (points !== 0) covered.add(phase);
				}
			}
			const scored = d.kind === 'indicators' || (d.kind === 'text' && d.scored !== false);
			if (scored && d.phase && (d.points ?? 0) > 0) covered.add(d.phase);
		}
	}
	return covered;
}

/** Where an inject's `after` names its trigger, and the id it names. */
function afterOf(inject: InjectFile): { id: string; path: (string | number)[] } | undefined {
	if (inject.after === undefined) return undefined;
	return typeof inject.after === 'string'
		? { id: inject.after, path: ['after'] }
		: { id: inject.after.inject, path: ['after', 'inject'] };
}

/** The inject ids a `next` names (one id or a list), each with its path relative to `next`. */
function nextTargets(
	next: string | string[] | undefined
): { id: string; path: (string | number)[] }[] {
	if (next === undefined) return [];
	if (typeof next === 'string') return [{ id: next, path: ['next'] }];
	return next.map((id, k) => ({ id, path: ['next', k] }));
}

/** An edge of the trigger graph: releasing `from` (or an attacker stage) can release `to`. */
interface TriggerEdge {
	from: string | null;
	to: string;
	path: FilePath;
}

class Checker {
	readonly errors: Problem[] = [];
	readonly warnings: Problem[] = [];
	private readonly phases: Set<string>;
	private readonly roles: Set<string>;
	private readonly objectives: Set<string>;
	private readonly injects: Map<string, InjectFile>;
	private readonly stages: Set<string>;
	private readonly ctx: ExprContext;

	constructor(private readonly file: ScenarioFile) {
		this.phases = new Set(phaseIds(file));
		this.roles = new Set(file.roles.map((r) => r.id));
		this.objectives = new Set(file.objectives.map((o) => o.id));
		this.injects = new Map();
		for (const inject of file.injects) {
			if (!this.injects.has(inject.id)) this.injects.set(inject.id, inject);
		}
		this.stages = new Set((file.attacker ?? []).map((s) => s.id));
		// A prototype-free map, so that a variable named like an Object method is not "declared".
		const variables: Record<string, ValueType> = Object.create(null);
		for (const [name, value] of Object.entries(file.variables ?? {})) {
			variables[name] = typeof value as ValueType;
		}
		const decisions = new Set<string>();
		for (const inject of this.injects.values())
			for (const d of inject.decisions ?? []) decisions.add(`${inject.id}/${d.id}`);
		this.ctx = {
			variables,
			injects: new Set(this.injects.keys()),
			stages: this.stages,
			decisions,
			closest
		};
	}

	error(path: FilePath, message: string, extra: Partial<Problem> = {}): void {
		this.errors.push({ path, message, ...extra });
	}

	warn(path: FilePath, message: string, extra: Partial<Problem> = {}): void {
		this.warnings.push({ path, message, ...extra });
	}

	run(): ValidationResult {
		this.duplicates();
		this.header();
		this.controls();
		this.variables();
		this.file.objectives.forEach((objective, i) => {
			objective.phases.forEach((phase, j) => {
				this.phase(['objectives', i, 'phases', j], phase, 'objective phase');
			});
		});
		this.file.injects.forEach((inject, i) => this.inject(inject, i));
		(this.file.attacker ?? []).forEach((stage, i) => {
			const at: FilePath = ['attacker', i];
			if (stage.at === undefined && stage.after === undefined)
				this.error(
					at,
					'an attacker stage needs `at` (a scenario time) or `after` (an inject or decision)'
				);
			if (stage.at !== undefined && stage.after !== undefined)
				this.error([...at, 'after'], 'an attacker stage has `at` or `after`, not both', {
					key: true
				});
			if (stage.after !== undefined) {
				const anchor = typeof stage.after === 'string' ? stage.after : stage.after.inject;
				if (!this.injects.has(anchor))
					this.error(
						typeof stage.after === 'string' ? [...at, 'after'] : [...at, 'after', 'inject'],
						`after: unknown inject '${anchor}'${hint(anchor, this.injects.keys())}`
					);
				this.relative([...at, 'after'], stage.after);
			}
			if (stage.unless !== undefined) this.condition([...at, 'unless'], stage.unless);
			(stage.effects ?? []).forEach((e, k) => this.effect([...at, 'effects', k], e));
			if (stage.inject !== undefined)
				this.target([...at, 'inject'], stage.inject, 'attacker stage');
		});
		this.file.endings.forEach((ending, i) => {
			if (ending.when !== undefined) this.condition(['endings', i, 'when'], ending.when);
			this.noRoll(
				['endings', i, 'when'],
				ending.when,
				"an ending's `when`",
				'the ending must follow from what happened'
			);
		});
		this.clock();
		this.graph();
		this.coverage();
		this.timing();
		this.milestones();
		return { errors: this.errors, warnings: this.warnings };
	}

	/**
	 * Conditions the fold evaluates without recording dice (endings, option `when`, `scoresIf`,
	 * text variants) must not roll: a roll there could not be replayed from the log.
	 */
	private noRoll(at: FilePath, src: string | undefined, what: string, why: string): void {
		const parsed = src === undefined ? undefined : parseExpression(src);
		if (parsed?.ok && usesRoll(parsed.value))
			this.error(
				at,
				`${what} cannot roll dice (${why}): roll in an effect, e.g. "luck = roll('d20')", and test the variable here`
			);
	}

	/** Rule 1: ids unique in their collection. */
	private duplicates(): void {
		const unique = (what: string, base: FilePath, items: readonly { id: string }[]) => {
			const first = new Map<string, number>();
			items.forEach((item, i) => {
				const seen = first.get(item.id);
				if (seen === undefined) first.set(item.id, i);
				else
					this.error([...base, i, 'id'], `duplicate ${what} id '${item.id}'`, {
						related: { path: [...base, seen, 'id'], label: 'first defined' }
					});
			});
		};
		const f = this.file;
		if (f.phases) unique('phase', ['phases'], f.phases);
		unique('role', ['roles'], f.roles);
		unique('objective', ['objectives'], f.objectives);
		unique('inject', ['injects'], f.injects);
		unique('attacker stage', ['attacker'], f.attacker ?? []);
		unique('ending', ['endings'], f.endings);
		f.injects.forEach((inject, i) => {
			const base: FilePath = ['injects', i];
			unique(`decision (in inject '${inject.id}')`, [...base, 'decisions'], inject.decisions ?? []);
			unique(`artefact (in inject '${inject.id}')`, [...base, 'artefacts'], inject.artefacts ?? []);
			(inject.decisions ?? []).forEach((d, j) => {
				const where = `in decision '${d.id}'`;
				unique(`option (${where})`, [...base, 'decisions', j, 'options'], d.options ?? []);
			});
		});
		f.roles.forEach((role, i) => {
			if (role.id === ROLE_EVERYONE || role.id === DECIDER_MAJORITY) {
				this.error(
					['roles', i, 'id'],
					`role id '${role.id}' is reserved ("${ROLE_EVERYONE}" in audience means everyone, decider "${DECIDER_MAJORITY}" means a majority vote)`
				);
			}
		});
	}

	/** `after` of an inject or a stage: the inject and the decision it names must exist. */
	private relative(path: FilePath, after: AfterFile): void {
		if (typeof after === 'string' || after.decision === undefined) return;
		const inject = this.injects.get(after.inject);
		if (!inject) return; // reported as an unknown inject
		const ids = (inject.decisions ?? []).map((d) => d.id);
		if (!ids.includes(after.decision)) {
			this.error(
				[...path, 'decision'],
				`after: inject '${after.inject}' has no decision '${after.decision}'${ids.length ? ` (it has ${ids.join(', ')})` : ''}${hint(after.decision, ids)}`
			);
		}
	}

	private clock(): void {
		const start = this.file.clock?.start;
		if (start === undefined) return;
		const [date, time] = start.split('T');
		const [y, mo, d] = date.split('-').map(Number);
		const [h, mi] = time.split(':').map(Number);
		const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
		if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59)
			this.error(['clock', 'start'], `clock.start '${start}' is not a real date and time`);
	}

	private decay(path: FilePath, decay: NonNullable<DecisionFile['decay']>): void {
		const ms = (v: string | number) => {
			if (typeof v === 'number') return v * 60_000;
			const [, h, m, s] = DURATION_PATTERN.exec(v) ?? [];
			return (Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
		};
		if (ms(decay.zero) <= ms(decay.full))
			this.error(
				[...path, 'zero'],
				`decay.zero (${decay.zero}) must come after decay.full (${decay.full}): points fall from full to zero`
			);
	}

	private header(): void {
		const { min, max } = this.file.duration;
		if (min > max) {
			this.error(
				['duration', 'min'],
				`duration.min (${min}) is greater than duration.max (${max})`
			);
		}
	}

	/** Control ids of NIST CSF 2.0 mappings follow its pattern (other frameworks are free text). */
	private controls(): void {
		(this.file.controls ?? []).forEach((control, i) => {
			if (!isCsf2Framework(control.framework) || isCsf2Id(control.id)) return;
			// The usual slips: lower case, and one-digit subcategories (RS.MA-1).
			const fixed = control.id
				.trim()
				.toUpperCase()
				.replace(/-(\d)$/, '-0$1');
			const near = isCsf2Id(fixed) ? `; did you mean '${fixed}'?` : '';
			this.error(
				['controls', i, 'id'],
				`controls[${i}].id: '${control.id}' is not a NIST CSF 2.0 id: a function (GV, ID, PR, DE, RS, RC), category (RS.MA) or subcategory (RS.MA-01)${near}`
			);
		});
	}

	private variables(): void {
		for (const name of Object.keys(this.file.variables ?? {})) {
			const path = ['variables', name];
			if (!VARIABLE_PATTERN.test(name)) {
				this.error(
					path,
					`variable name '${name}' must be letters, digits and _ (not starting with a digit), e.g. hostIsolated`,
					{ key: true }
				);
			} else if (RESERVED_WORDS.has(name) || name in Object.prototype) {
				this.error(path, `variable name '${name}' is reserved`, { key: true });
			}
		}
	}

	private phase(path: FilePath, id: string, what: string, key = false): void {
		if (this.phases.has(id)) return;
		const model = this.file.phases ? 'the scenario' : 'the default phase model';
		this.error(
			path,
			`${what} '${id}' is not a phase of ${model} (${[...this.phases].join(', ')})${hint(id, this.phases)}`,
			{ key }
		);
	}

	/** A reference to an inject released by a branch (option/timeout `next`, attacker stage). */
	private target(path: FilePath, id: string, what: string): void {
		const inject = this.injects.get(id);
		if (!inject) {
			this.error(path, `${what} releases unknown inject '${id}'${hint(id, this.injects.keys())}`);
		} else if (inject.at !== undefined || inject.after !== undefined) {
			const how = inject.at !== undefined ? '`at`' : '`after`';
			this.error(
				path,
				`${what} releases inject '${id}', which has ${how}; an inject released by a branch or an attacker stage has neither at nor after`
			);
		}
	}

	/** The injects an option's or timeout's `next` releases: each must exist, none twice. */
	private targets(at: FilePath, next: string | string[] | undefined, what: string): void {
		const seen = new Set<string>();
		for (const t of nextTargets(next)) {
			if (seen.has(t.id)) {
				this.error([...at, ...t.path], `${what} lists inject '${t.id}' twice in \`next\``);
				continue;
			}
			seen.add(t.id);
			this.target([...at, ...t.path], t.id, what);
		}
	}

	private expressionErrors(path: FilePath, errors: ExprError[]): void {
		for (const e of errors)
			this.error(path, `${formatPath(path)}: ${e.message}${this.referenceHint(e.message)}`, {
				offset: e.offset
			});
	}

	/** "Did you mean" for an unknown inject in visited() or attacker stage in fired(). */
	private referenceHint(message: string): string {
		const unknown = /^(visited|fired)\(\): unknown (?:inject|attacker stage) '([^']*)'$/.exec(
			message
		);
		if (!unknown) return '';
		return hint(unknown[2], unknown[1] === 'visited' ? this.injects.keys() : this.stages);
	}

	private condition(path: FilePath, src: string): void {
		const parsed = parseExpression(src);
		if (!parsed.ok) return this.expressionErrors(path, [parsed.error]);
		this.expressionErrors(path, checkCondition(parsed.value, this.ctx));
	}

	private effect(path: FilePath, src: string): void {
		const parsed = parseAssignment(src);
		if (!parsed.ok) return this.expressionErrors(path, [parsed.error]);
		this.expressionErrors(path, checkAssignment(parsed.value, this.ctx));
	}

	private scores(path: FilePath, scores: Record<string, number> | undefined): void {
		for (const phase of Object.keys(scores ?? {})) {
			this.phase([...path, phase], phase, 'score key', true);
		}
	}

	private inject(inject: InjectFile, i: number): void {
		const at: FilePath = ['injects', i];
		this.phase([...at, 'phase'], inject.phase, 'phase');
		const after = afterOf(inject);
		if (inject.at !== undefined && inject.after !== undefined) {
			this.error([...at, 'after'], 'an inject has `at` or `after`, not both');
		}
		if (after && !this.injects.has(after.id)) {
			this.error(
				[...at, ...after.path],
				`after: unknown inject '${after.id}'${hint(after.id, this.injects.keys())}`
			);
		}
		if (inject.after !== undefined) this.relative([...at, 'after'], inject.after);
		if (
			typeof inject.after === 'object' &&
			inject.after.delay !== undefined &&
			inject.delay !== undefined
		) {
			this.error(
				[...at, 'delay'],
				'the delay is given twice (`after.delay` and `delay`); keep one'
			);
		}
		if (inject.at !== undefined && inject.delay !== undefined) {
			this.warn(
				[...at, 'delay'],
				'`delay` has no effect on an inject released `at` a time; add it to `at` instead'
			);
		}
		if (inject.when !== undefined) this.condition([...at, 'when'], inject.when);
		(inject.variants ?? []).forEach((v, k) => {
			this.condition([...at, 'variants', k, 'when'], v.when);
			this.noRoll(
				[...at, 'variants', k, 'when'],
				v.when,
				"a variant's `when`",
				'the text must follow from what happened'
			);
		});
		(inject.audience ?? []).forEach((role, k) => {
			if (role !== ROLE_EVERYONE && !this.roles.has(role)) {
				this.error(
					[...at, 'audience', k],
					`audience: unknown role '${role}' (roles: ${[...this.roles].join(', ')}, or "all")${hint(role, this.roles)}`
				);
			}
		});
		(inject.decisions ?? []).forEach((d, j) => this.decision(inject, d, [...at, 'decisions', j]));
	}

	private decision(inject: InjectFile, d: DecisionFile, at: FilePath): void {
		const options = d.options ?? [];
		const choice = d.kind === 'single' || d.kind === 'multiple';
		(d.objectives ?? []).forEach((id, k) => {
			if (!this.objectives.has(id)) {
				this.error(
					[...at, 'objectives', k],
					`unknown objective '${id}'${hint(id, this.objectives)}`
				);
			}
		});
		if (d.team) {
			this.teamDecision(inject, d, at);
		} else {
			options.forEach((o, k) => {
				for (const field of ['next', 'effects', 'milestone'] as const) {
					if (o[field] !== undefined) {
						this.error(
							[...at, 'options', k, field],
							`an individual decision's options have no \`${field}\` (individual answers are scored and never branch); make the decision a team decision with team: { decider: ... }`,
							{ key: true }
						);
					}
				}
			});
			if (d.timeout !== undefined) {
				this.error(
					[...at, 'timeout'],
					'`timeout` applies to team decisions only; individual answers after the deadline are marked late',
					{ key: true }
				);
			}
		}
		if (choice && options.length < 2) {
			this.error(
				options.length ? [...at, 'options'] : at,
				`a ${d.kind} decision needs at least 2 options (has ${options.length})`
			);
		}
		if (!choice && d.options !== undefined) {
			this.error([...at, 'options'], `a ${d.kind} decision has no options`, { key: true });
		}
		if (d.timeout !== undefined && d.deadline === undefined) {
			this.error([...at, 'timeout'], '`timeout` needs a `deadline`', { key: true });
		}
		options.forEach((o, k) => {
			const op: FilePath = [...at, 'options', k];
			if (o.when !== undefined) this.condition([...op, 'when'], o.when);
			this.noRoll(
				[...op, 'when'],
				o.when,
				"an option's `when`",
				'what is offered must follow from what happened'
			);
			this.scores([...op, 'scores'], o.scores);
			(o.scoresIf ?? []).forEach((c, m) => {
				this.condition([...op, 'scoresIf', m, 'when'], c.when);
				this.noRoll(
					[...op, 'scoresIf', m, 'when'],
					c.when,
					'a `scoresIf` condition',
					'scores must follow from what happened'
				);
				this.scores([...op, 'scoresIf', m, 'scores'], c.scores);
			});
			(o.effects ?? []).forEach((e, m) => this.effect([...op, 'effects', m], e));
			this.targets(op, o.next, `option '${o.id}'`);
		});
		if (d.team && options.length > 0 && options.every((o) => o.when !== undefined)) {
			if (d.deadline === undefined) {
				this.error(
					[...at, 'options'],
					'every option of this team decision has `when`, so the team may be offered none and could never decide; give one option no `when`, or give the decision a `deadline`',
					{ key: true }
				);
			}
		}
		if (d.timeout) {
			const to: FilePath = [...at, 'timeout'];
			this.scores([...to, 'scores'], d.timeout.scores);
			(d.timeout.effects ?? []).forEach((e, m) => this.effect([...to, 'effects', m], e));
			this.targets(to, d.timeout.next, 'timeout');
		}
		if (d.kind === 'indicators') this.indicators(inject, d, at);
		if (d.decay) this.decay([...at, 'decay'], d.decay);
		if (d.kind === 'text' && d.scored !== false) {
			for (const field of ['phase', 'points'] as const) {
				if (d[field] === undefined) {
					this.error(
						at,
						`a text decision needs \`${field}\` (or scored: false when the facilitator does not score it)`
					);
				}
			}
		}
		if (d.phase !== undefined) this.phase([...at, 'phase'], d.phase, 'decision phase');
		if (choice) {
			for (const field of ['artefact', 'phase', 'points', 'scored'] as const) {
				if (d[field] !== undefined) {
					this.error(
						[...at, field],
						`\`${field}\` is for indicators and text decisions; a ${d.kind} decision scores its options`,
						{ key: true }
					);
				}
			}
		}
	}

	private teamDecision(inject: InjectFile, d: DecisionFile, at: FilePath): void {
		// A team text answer is written by one role (issue 11); other kinds of team decision are single.
		if (d.kind !== 'single' && d.kind !== 'text') {
			this.error(
				[...at, 'kind'],
				`a team decision is of kind single or text (this one is ${d.kind})`
			);
		}
		const decider = d.team!.decider;
		const deciderPath: FilePath = [...at, 'team', 'decider'];
		if (decider === DECIDER_MAJORITY && d.kind === 'text') {
			this.error(
				deciderPath,
				'a team text answer is written by one role: decider must be a role id, not "majority"'
			);
			return;
		}
		if (decider === DECIDER_MAJORITY) return;
		if (!this.roles.has(decider)) {
			this.error(
				deciderPath,
				`decider: unknown role '${decider}' (a role id or "majority")${hint(decider, this.roles)}`
			);
			return;
		}
		const audience = inject.audience;
		if (audience && !audience.includes(ROLE_EVERYONE) && !audience.includes(decider)) {
			this.error(
				deciderPath,
				`decider '${decider}' is not in the inject's audience (${audience.join(', ')}), so nobody could lock the decision`
			);
		}
	}

	private indicators(inject: InjectFile, d: DecisionFile, at: FilePath): void {
		for (const field of ['artefact', 'phase', 'points'] as const) {
			if (d[field] === undefined) this.error(at, `an indicators decision needs \`${field}\``);
		}
		if (d.artefact === undefined) return;
		const artefacts = inject.artefacts ?? [];
		const artefact = artefacts.find((a) => a.id === d.artefact);
		const path: FilePath = [...at, 'artefact'];
		if (!artefact) {
			const ids = artefacts.map((a) => a.id);
			this.error(
				path,
				`artefact: inject '${inject.id}' has no artefact '${d.artefact}'${hint(d.artefact, ids)}`
			);
		} else if (artefact.type !== 'log') {
			this.error(
				path,
				`artefact '${d.artefact}' is ${/^[aeiou]/.test(artefact.type) ? 'an' : 'a'} ${artefact.type}; indicators are flagged in a log`
			);
		} else if (!artefact.lines.some((line) => typeof line === 'object' && line.indicator)) {
			this.error(
				path,
				`log '${d.artefact}' has no line with indicator: true, so there is nothing to flag`
			);
		}
	}

	/** Rules 5 and 6: every inject reachable from a root, and no loops. */
	private graph(): void {
		const edges: TriggerEdge[] = [];
		const index = new Map<string, number>();
		this.file.injects.forEach((inject, i) => {
			if (!index.has(inject.id)) index.set(inject.id, i);
		});
		this.file.injects.forEach((inject, i) => {
			const after = afterOf(inject);
			if (after && index.has(after.id)) {
				edges.push({ from: after.id, to: inject.id, path: ['injects', i, ...after.path] });
			}
			(inject.decisions ?? []).forEach((d, j) => {
				const at: FilePath = ['injects', i, 'decisions', j];
				(d.options ?? []).forEach((o, k) => {
					for (const t of nextTargets(o.next)) {
						if (index.has(t.id))
							edges.push({ from: inject.id, to: t.id, path: [...at, 'options', k, ...t.path] });
					}
				});
				for (const t of nextTargets(d.timeout?.next)) {
					if (index.has(t.id))
						edges.push({ from: inject.id, to: t.id, path: [...at, 'timeout', ...t.path] });
				}
			});
		});
		(this.file.attacker ?? []).forEach((stage, i) => {
			// A stage `after` an inject can only fire once that inject is released.
			const anchor =
				stage.at === undefined && stage.after !== undefined
					? typeof stage.after === 'string'
						? stage.after
						: stage.after.inject
					: null;
			if (stage.inject && index.has(stage.inject))
				edges.push({
					from: anchor !== null && index.has(anchor) ? anchor : null,
					to: stage.inject,
					path: ['attacker', i, 'inject']
				});
		});
		const out = new Map<string, TriggerEdge[]>();
		for (const e of edges) {
			if (e.from !== null) out.set(e.from, [...(out.get(e.from) ?? []), e]);
		}

		const reached = new Set<string>();
		const queue = [
			...this.file.injects.filter((inject) => inject.at !== undefined).map((inject) => inject.id),
			...edges.filter((e) => e.from === null).map((e) => e.to)
		];
		while (queue.length) {
			const id = queue.pop()!;
			if (reached.has(id)) continue;
			reached.add(id);
			for (const e of out.get(id) ?? []) queue.push(e.to);
		}
		this.file.injects.forEach((inject, i) => {
			if (reached.has(inject.id) || index.get(inject.id) !== i) return;
			const after = afterOf(inject);
			const why =
				after && index.has(after.id)
					? `it comes after '${after.id}', which is never released`
					: edges.some((e) => e.to === inject.id)
						? 'only unreachable injects lead to it'
						: 'it has no `at` or `after`, and no option, timeout or attacker stage releases it';
			this.error(['injects', i, 'id'], `inject '${inject.id}' can never be released: ${why}`);
		});

		// Depth-first search; an edge back to an inject on the current path closes a loop.
		const state = new Map<string, 'active' | 'done'>();
		const stack: string[] = [];
		const visit = (id: string): void => {
			state.set(id, 'active');
			stack.push(id);
			for (const e of out.get(id) ?? []) {
				const s = state.get(e.to);
				if (s === 'active') {
					const loop = [...stack.slice(stack.indexOf(e.to)), e.to];
					this.error(
						e.path,
						`loop with no exit: ${loop.join(' -> ')}; an inject is released at most once per team`
					);
				} else if (s === undefined) visit(e.to);
			}
			stack.pop();
			state.set(id, 'done');
		};
		for (const id of index.keys()) if (!state.has(id)) visit(id);
	}

	/** Rule 8: warnings about what the scoring and objectives leave out. */
	private coverage(): void {
		const covered = coveredPhases(this.file);
		(this.file.phases ?? DEFAULT_PHASES).forEach((phase, i) => {
			if (covered.has(phase.id)) return;
			this.warn(
				this.file.phases ? ['phases', i, 'id'] : ['id'],
				`no scored decision covers phase '${phase.id}' (${phase.name}), so it always scores 0`
			);
		});
		const listed = new Set<string>();
		for (const inject of this.file.injects) {
			for (const d of inject.decisions ?? []) for (const o of d.objectives ?? []) listed.add(o);
		}
		this.file.objectives.forEach((objective, i) => {
			if (!listed.has(objective.id)) {
				this.warn(
					['objectives', i, 'id'],
					`no decision lists objective '${objective.id}' in its objectives, so the debrief has nothing to evaluate it by`
				);
			}
		});
	}

	/** Rule 8: an inject or attacker stage `at` far past the stated duration (FAR_PAST_DURATION). */
	private timing(): void {
		const max = this.file.duration.max;
		const limit = max * FAR_PAST_DURATION;
		const check = (path: FilePath, what: string, at: string | number | undefined) => {
			if (at === undefined) return;
			const minutes = durationMinutes(at);
			if (!(minutes > limit)) return;
			const shown = typeof at === 'number' ? `${at}` : `${at} (${+minutes.toFixed(1)} min)`;
			this.warn(
				path,
				`${what} at ${shown}, far past the stated duration: more than ${FAR_PAST_DURATION} × duration.max (${max} min): at speed 1 the estimated exercise is over before then; bring it forward, raise duration.max, or be ready to speed up the clock or release it by hand`
			);
		};
		this.file.injects.forEach((inject, i) =>
			check(['injects', i, 'at'], `inject '${inject.id}' is released`, inject.at)
		);
		(this.file.attacker ?? []).forEach((stage, i) =>
			check(['attacker', i, 'at'], `attacker stage '${stage.id}' fires`, stage.at)
		);
	}

	/** Rule 8: the milestones the debrief times (identified, contained) that nothing reaches. */
	private milestones(): void {
		const reached = new Set<string>();
		for (const inject of this.file.injects) {
			if (inject.milestone) reached.add(inject.milestone);
			for (const d of inject.decisions ?? []) {
				for (const o of d.options ?? []) if (o.milestone) reached.add(o.milestone);
				if (d.timeout?.milestone) reached.add(d.timeout.milestone);
			}
		}
		for (const [milestone, measure] of TIMED_MILESTONES) {
			if (reached.has(milestone)) continue;
			this.warn(
				['injects'],
				`no inject, option or timeout has milestone: ${milestone}, so ${measure} stays empty in the debrief`,
				{ key: true }
			);
		}
	}
}

/** Checks every link and semantic rule of a schema-valid file; never throws. */
export function validateScenario(file: ScenarioFile): ValidationResult {
	return new Checker(file).run();
}

/**
 * Problems the path explorer found in a compiled scenario: paths that end with no ending
 * (errors, located at `endings`), endings no path reaches and a truncated search (warnings).
 */
export function pathProblems(file: ScenarioFile, report: PathReport): ValidationResult {
	const errors: Problem[] = [];
	const warnings: Problem[] = [];
	for (const dead of report.deadEnds) {
		const choices = dead.choices.length ? dead.choices.join(', ') : 'no team decision';
		errors.push({
			path: ['endings'],
			key: true,
			message: `a path ends with no ending: no ending's \`when\` holds after ${choices}; add a fallback ending without \`when\``
		});
	}
	if (report.truncated) {
		warnings.push({
			path: ['endings'],
			key: true,
			message: `the path explorer stopped after ${report.bound} distinct states; paths beyond them are not checked`
		});
	} else {
		file.endings.forEach((ending, i) => {
			if (!report.endings[ending.id]) {
				warnings.push({
					path: ['endings', i, 'id'],
					message: `no path reaches ending '${ending.id}'`
				});
			}
		});
	}
	return { errors, warnings };
}
