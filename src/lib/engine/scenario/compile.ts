/**
 * Turns a structurally valid scenario file into the runtime model: defaults, durations in
 * milliseconds, parsed expressions, indexes. Link and semantic checks live in `validate.ts`;
 * compile assumes they passed and throws `CompileError` on an expression it cannot parse.
 */
import {
	parseAssignment,
	parseExpression,
	type Assignment,
	type Expr,
	type ValueType
} from './expr';
import {
	DEFAULT_PHASES,
	DURATION_PATTERN,
	type AfterFile,
	type DecisionFile,
	type OptionFile,
	type ScenarioFile
} from './schema';
import {
	MINUTE,
	decisionKey,
	type Decision,
	type Inject,
	type Option,
	type Outcome,
	type RelativeTrigger,
	type Scenario,
	type Trigger,
	type VariableDef
} from './model';

class CompileError extends Error {}

/** Converts "1h30m", "90s", "15m" or a number of minutes to scenario milliseconds. */
function durationMs(value: string | number): number {
	if (typeof value === 'number') return Math.round(value * MINUTE);
	const m = DURATION_PATTERN.exec(value);
	if (!m || value === '') throw new CompileError(`not a duration: "${value}"`);
	const [, h, min, s] = m;
	return Math.round((Number(h ?? 0) * 60 + Number(min ?? 0) + Number(s ?? 0) / 60) * MINUTE);
}

function condition(src: string | undefined): Expr | undefined {
	if (src === undefined) return undefined;
	const r = parseExpression(src);
	if (!r.ok) throw new CompileError(`${r.error.message} in "${src}"`);
	return r.value;
}

function effects(list: string[] | undefined): Assignment[] {
	return (list ?? []).map((src) => {
		const r = parseAssignment(src);
		if (!r.ok) throw new CompileError(`${r.error.message} in "${src}"`);
		return r.value;
	});
}

function totalScore(scores: Record<string, number> | undefined): number {
	return Object.values(scores ?? {}).reduce((a, b) => a + b, 0);
}

function option(o: OptionFile): Option {
	return {
		id: o.id,
		label: o.label,
		detail: o.detail,
		scores: { ...(o.scores ?? {}) },
		correct: o.correct ?? totalScore(o.scores) > 0,
		effects: effects(o.effects),
		feedback: o.feedback,
		outcome: o.outcome,
		plan: o.plan,
		next: nextList(o.next),
		milestone: o.milestone,
		when: condition(o.when),
		scoresIf: (o.scoresIf ?? []).map((c) => ({
			when: condition(c.when)!,
			scores: { ...c.scores }
		}))
	};
}

/**
 * A single choice has one expected answer: where `correct` is not written, only the option(s)
 * with the best positive total are expected, and none when another option is written `correct:
 * true`. Explicit `correct` stays as written; multiple choice keeps "a positive total".
 */
function singleChoiceExpected(kind: string, files: OptionFile[], options: Option[]): Option[] {
	if (kind !== 'single') return options;
	const best = Math.max(...files.map((f) => totalScore(f.scores)));
	const chosen = files.some((f) => f.correct === true);
	return options.map((o, i) =>
		files[i].correct !== undefined
			? o
			: { ...o, correct: !chosen && best > 0 && totalScore(files[i].scores) === best }
	);
}

/** `next` as a list: one id, several, or none. */
function nextList(next: string | string[] | undefined): string[] {
	if (next === undefined) return [];
	return typeof next === 'string' ? [next] : [...next];
}

function decision(
	injectId: string,
	d: DecisionFile,
	inject: ScenarioFile['injects'][number]
): Decision {
	let indicatorLines: number[] = [];
	if (d.kind === 'indicators' && d.artefact) {
		const log = (inject.artefacts ?? []).find((a) => a.id === d.artefact);
		if (log?.type === 'log') {
			indicatorLines = log.lines.flatMap((line, i) =>
				typeof line === 'object' && line.indicator ? [i] : []
			);
		}
	}
	const timeout: Outcome | undefined = d.timeout && {
		scores: { ...(d.timeout.scores ?? {}) },
		effects: effects(d.timeout.effects),
		feedback: d.timeout.feedback,
		outcome: d.timeout.outcome,
		next: nextList(d.timeout.next),
		milestone: d.timeout.milestone
	};
	return {
		id: d.id,
		injectId,
		kind: d.kind,
		prompt: d.prompt,
		objectives: d.objectives ?? [],
		team: d.team,
		deadlineMs: d.deadline === undefined ? undefined : durationMs(d.deadline),
		timeout,
		options: singleChoiceExpected(d.kind, d.options ?? [], (d.options ?? []).map(option)),
		artefact: d.artefact,
		indicatorLines,
		phase: d.phase,
		points: d.points ?? 0,
		scored: d.kind === 'text' ? d.scored !== false : true,
		plan: d.plan,
		guidance: d.guidance,
		decay: d.decay && {
			fullMs: durationMs(d.decay.full),
			zeroMs: durationMs(d.decay.zero),
			floor: d.decay.floor ?? 0
		}
	};
}

function relative(after: AfterFile, fallbackDelay?: string | number): RelativeTrigger {
	const a = typeof after === 'string' ? { inject: after } : after;
	const trigger: RelativeTrigger = {
		kind: 'after',
		inject: a.inject,
		delayMs: durationMs(a.delay ?? fallbackDelay ?? 0)
	};
	if (a.decision !== undefined) trigger.decision = a.decision;
	return trigger;
}

function trigger(i: ScenarioFile['injects'][number]): Trigger {
	if (i.at !== undefined) return { kind: 'at', atMs: durationMs(i.at) };
	if (i.after !== undefined) return relative(i.after, i.delay);
	return { kind: 'branch' };
}

/** Builds the runtime scenario from a file that passed schema and link validation. */
export function compileScenario(file: ScenarioFile): Scenario {
	const variables: Record<string, VariableDef> = {};
	for (const [name, initial] of Object.entries(file.variables ?? {})) {
		variables[name] = { name, type: typeof initial as ValueType, initial };
	}
	const injects: Inject[] = file.injects.map((i) => ({
		id: i.id,
		title: i.title,
		phase: i.phase,
		channel: i.channel,
		from: i.from,
		audience: !i.audience || i.audience.includes('all') ? null : [...i.audience],
		trigger: trigger(i),
		delayMs: i.delay === undefined ? 0 : durationMs(i.delay),
		when: condition(i.when),
		milestone: i.milestone,
		body: i.body,
		variants: (i.variants ?? []).map((v) => ({ when: condition(v.when)!, body: v.body })),
		optional: i.optional === true,
		artefacts: i.artefacts ?? [],
		decisions: (i.decisions ?? []).map((d) => decision(i.id, d, i)),
		attack: [
			...new Set([
				...(i.attack ?? []),
				...(file.attacker ?? [])
					.filter((s) => s.inject === i.id && s.technique)
					.map((s) => s.technique!)
			])
		],
		facilitatorNotes: i.facilitatorNotes,
		expectedActions: i.expectedActions ?? []
	}));
	const stages = (file.attacker ?? []).map((s) => ({
		id: s.id,
		title: s.title,
		technique: s.technique,
		description: s.description,
		atMs: s.at === undefined ? null : durationMs(s.at),
		after: s.at === undefined && s.after !== undefined ? relative(s.after) : undefined,
		unless: condition(s.unless),
		effects: effects(s.effects),
		inject: s.inject
	}));
	const decisionByKey: Record<string, Decision> = {};
	for (const inject of injects) {
		for (const d of inject.decisions) decisionByKey[decisionKey(inject.id, d.id)] = d;
	}
	return {
		file,
		id: file.id,
		title: file.title,
		summary: file.summary,
		version: file.version,
		authors: file.authors,
		licence: file.licence,
		duration: file.duration,
		difficulty: file.difficulty,
		tags: file.tags ?? [],
		attack: file.attack ?? [],
		phases: file.phases ?? DEFAULT_PHASES,
		roles: file.roles,
		objectives: file.objectives,
		variables,
		injects,
		injectById: Object.fromEntries(injects.map((i) => [i.id, i])),
		decisionByKey,
		stages,
		stageById: Object.fromEntries(stages.map((s) => [s.id, s])),
		endings: file.endings.map((e) => ({
			id: e.id,
			title: e.title,
			when: condition(e.when),
			outcome: e.outcome ?? 'mixed',
			summary: e.summary
		})),
		clockStart: file.clock?.start
	};
}
