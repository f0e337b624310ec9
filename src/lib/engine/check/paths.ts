/**
 * The path explorer: plays a scenario with the real engine for one team, taking every option of
 * every team decision (and the timeout, where there is a deadline), and reports what can happen:
 * how many paths, how long they take on the scenario clock, which endings they reach, the best
 * score reachable per phase, and the paths that end with no ending. Decisions are taken the
 * moment they open; a timeout is taken at its deadline.
 *
 * Paths that reach the same state (same variables, releases, schedule, decisions, clock) have the
 * same future, so each distinct state is explored once and its results are reused: options that
 * differ only in their score multiply the paths, not the work.
 *
 * Chance: where play rolls dice (`roll()` in a condition or an effect), the explorer branches over
 * every total of the die with its probability, instead of drawing one. Outcomes that lead to the
 * same state are one path. Each path then has a probability (the product of its chance outcomes;
 * choices are not chance), and each ending the probability a team reaches it if every choice at
 * every team decision (each option, and the timeout) is equally likely.
 */
import { advance, nextWakeMs } from '../session/advance';
import { applyEvent } from '../session/apply';
import type { Dice } from '../session/chance';
import { distribution, type Die } from '../scenario/dice';
import { usesRoll } from '../scenario/expr';
import type { SessionEvent, SessionEventBody } from '../session/events';
import { decisionKey, type Scenario } from '../scenario/model';
import { addPoints, decisionMaxPoints, outcomePoints } from '../score/points';
import { effectiveDecision, effectiveOptions } from '../score/effective';
import type { SessionState, TeamState } from '../session/state';

export interface PathReport {
	/** Complete paths (exact, even when large: identical states are counted, not replayed). */
	paths: number;
	/** True when more than `bound` distinct states would have to be explored. */
	truncated: boolean;
	bound: number;
	/** Distinct states explored. */
	states: number;
	/** Scenario ms at which the shortest and longest paths complete. */
	minMs: number | null;
	maxMs: number | null;
	/** Ending id -> number of paths that reach it. */
	endings: Record<string, number>;
	/**
	 * Paths on which no ending's condition holds, as the choices taken (and chance outcomes, with
	 * `probability`: the chance of the outcomes on that path, 1 where no dice are involved).
	 */
	deadEnds: { choices: string[]; probability?: number }[];
	/** Phase id -> the most points any path lets a team earn in it. */
	bestScore: Record<string, number>;
	/** True when some path rolled dice, so the figures below are probabilities of chance. */
	chance?: boolean;
	/**
	 * Ending id -> probability (0..1) a team reaches it when every choice at every team decision is
	 * equally likely, chance included; `null` key-less remainder is the dead ends'.
	 */
	endingProbability?: Record<string, number>;
}

const TEAM = 'explorer';

function emit(
	scenario: Scenario,
	state: SessionState,
	body: SessionEventBody,
	at: number,
	dice?: Dice
): void {
	applyEvent(scenario, state, { ...body, seq: state.seq + 1, at } as SessionEvent, dice);
}

/** Thrown by the explorer's dice when play needs a roll it has not decided yet. */
class NeedRoll {
	constructor(readonly die: Die) {}
}

/** Dice that show the totals given, in order, and ask for the next one when they run out. */
function forcedDice(totals: readonly number[]): Dice {
	let i = 0;
	return (die) => {
		if (i < totals.length) return totals[i++];
		throw new NeedRoll(die);
	};
}

/** True when any condition or effect of the scenario may roll dice. */
function scenarioRolls(scenario: Scenario): boolean {
	const effects = [
		...scenario.stages.flatMap((s) => s.effects),
		...Object.values(scenario.decisionByKey).flatMap((d) => [
			...d.options.flatMap((o) => o.effects),
			...(d.timeout?.effects ?? [])
		])
	];
	return (
		scenario.injects.some((i) => usesRoll(i.when)) ||
		scenario.stages.some((s) => usesRoll(s.unless)) ||
		effects.some((e) => usesRoll(e.value))
	);
}

/** One way chance can go: the state it leads to, its probability, and what was rolled. */
interface ChanceOutcome {
	state: SessionState;
	probability: number;
	/** `stage:lateral d20=7` per roll, or a summary when several outcomes were merged. */
	label: string | null;
}

function firstOpenTeamDecision(scenario: Scenario, team: TeamState) {
	return Object.values(team.decisions)
		.filter(
			(d) =>
				d.status === 'open' && scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)]?.team
		)
		.sort((a, b) => a.openedMs - b.openedMs)[0];
}

/**
 * A copy of an explorer state that shares nothing mutable with the original: far cheaper than
 * structuredClone. Only the team's parts change in the explorer.
 */
function fork(state: SessionState): SessionState {
	const team = state.teams[TEAM];
	const decisions: TeamState['decisions'] = {};
	for (const [key, d] of Object.entries(team.decisions)) decisions[key] = { ...d };
	const copy: TeamState = {
		...team,
		vars: { ...team.vars },
		released: { ...team.released },
		releaseOrder: team.releaseOrder.slice(),
		skipped: { ...team.skipped },
		scheduled: team.scheduled.slice(),
		held: team.held.slice(),
		dropped: { ...team.dropped },
		decisions,
		stages: { ...team.stages },
		milestones: { ...team.milestones },
		path: team.path.slice(),
		stagesDue: team.stagesDue.slice(),
		rolls: team.rolls.slice()
	};
	return { ...state, teams: { [TEAM]: copy } };
}

/** What decides a state's future: everything but history and scores. */
function stateKey(state: SessionState, now: number): string {
	const t = state.teams[TEAM];
	const released = Object.keys(t.released)
		.sort()
		.map((id) => `${id}@${t.released[id].scenarioMs}`);
	const decisions = Object.keys(t.decisions)
		.sort()
		.map((k) => {
			// What can still matter to the future: an open decision's offered options; a closed
			// one's closing time (`lockedAt()` reads it). A closed decision's offer does not: keying
			// on it made every history of offers a separate state (cooldowns exploded).
			const d = t.decisions[k];
			return d.status === 'open'
				? `${k}:open:${d.available?.join(',') ?? ''}`
				: `${k}:${d.status}@${d.closedMs}`;
		});
	return JSON.stringify([
		now,
		t.vars,
		released,
		Object.keys(t.skipped).sort(),
		t.scheduled.map((s) => `${s.injectId}@${s.dueMs}`).sort(),
		t.stagesDue.map((s) => `${s.stageId}@${s.dueMs}`).sort(),
		decisions,
		Object.keys(t.stages)
			.sort()
			.map((id) => `${id}:${t.stages[id].fired}`),
		t.ending?.endingId ?? ''
	]);
}

/**
 * Points a team with perfect individual answers has secured so far: individual decisions count
 * once released, team decisions once closed.
 */
function securedPoints(scenario: Scenario, team: TeamState): Record<string, number> {
	const points: Record<string, number> = {};
	for (const d of Object.values(team.decisions)) {
		const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
		if (!decision.team) addPoints(points, decisionMaxPoints(effectiveDecision(decision, d)));
		// Issue 11: a team text answer, at its best, earns the full points.
		else if (decision.kind === 'text' && d.status === 'locked')
			addPoints(points, decisionMaxPoints(decision));
		else if (d.optionId)
			addPoints(
				points,
				outcomePoints(effectiveOptions(decision, d).find((o) => o.id === d.optionId))
			);
		else if (d.status === 'expired') addPoints(points, outcomePoints(decision.timeout));
	}
	return points;
}

/** What the futures of one state add up to; `best` is relative to the points secured on entry. */
interface Futures {
	paths: number;
	minMs: number | null;
	maxMs: number | null;
	endings: Record<string, number>;
	deadEnds: { choices: string[]; probability: number }[];
	best: Record<string, number>;
	/** Ending id ('' for a dead end) -> probability for a team choosing at random. */
	dist: Record<string, number>;
}

const MAX_DEAD_ENDS = 20;

/**
 * Adds a child's futures. `weight`: the child's share of the random team's chances (1/k of k
 * choices, times the chance of the outcome); `chance`: the probability of the chance outcome
 * leading to it (1 for a choice).
 */
function merge(
	into: Futures,
	child: Futures,
	gained: Record<string, number>,
	choice: string | null,
	weight: number,
	chance: number
) {
	into.paths += child.paths;
	for (const [id, p] of Object.entries(child.dist))
		into.dist[id] = (into.dist[id] ?? 0) + weight * p;
	if (child.minMs !== null)
		into.minMs = into.minMs === null ? child.minMs : Math.min(into.minMs, child.minMs);
	if (child.maxMs !== null)
		into.maxMs = into.maxMs === null ? child.maxMs : Math.max(into.maxMs, child.maxMs);
	for (const [id, n] of Object.entries(child.endings))
		into.endings[id] = (into.endings[id] ?? 0) + n;
	for (const d of child.deadEnds) {
		if (into.deadEnds.length < MAX_DEAD_ENDS)
			into.deadEnds.push({
				choices: choice === null ? d.choices : [choice, ...d.choices],
				probability: d.probability * chance
			});
	}
	const phases = new Set([...Object.keys(child.best), ...Object.keys(gained)]);
	for (const phase of phases) {
		const total = (gained[phase] ?? 0) + (child.best[phase] ?? 0);
		into.best[phase] = Math.max(into.best[phase] ?? -Infinity, total);
	}
}

function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const phase of new Set([...Object.keys(a), ...Object.keys(b)]))
		out[phase] = (a[phase] ?? 0) - (b[phase] ?? 0);
	return out;
}

class Explorer {
	private readonly memo = new Map<string, Futures>();
	truncated = false;
	/** Set once some path rolled dice. */
	chance = false;
	private readonly rolls: boolean;

	constructor(
		private readonly scenario: Scenario,
		private readonly bound: number
	) {
		this.rolls = scenarioRolls(scenario);
	}

	/**
	 * Runs `step` on a copy of `state` once per way the dice it rolls can fall (every total of
	 * every die, with its probability); outcomes that end in the same state are merged. Without
	 * dice in the scenario it runs `step` on `state` itself.
	 */
	private outcomes(
		state: SessionState,
		now: number,
		step: (s: SessionState, dice?: Dice) => void
	): ChanceOutcome[] {
		if (!this.rolls) {
			step(state);
			return [{ state, probability: 1, label: null }];
		}
		const found: { state: SessionState; probability: number; labels: string[] }[] = [];
		const go = (totals: number[], probability: number) => {
			const s = fork(state);
			try {
				step(s, forcedDice(totals));
			} catch (e) {
				if (!(e instanceof NeedRoll)) throw e;
				for (const [value, p] of distribution(e.die)) go([...totals, value], probability * p);
				return;
			}
			const rolls = s.teams[TEAM].rolls;
			const labels = rolls
				.slice(rolls.length - totals.length)
				.map((r) => `${r.source} ${r.die}=${r.value}`);
			found.push({ state: s, probability, labels });
		};
		go([], 1);
		if (found.length === 1 && found[0].labels.length === 0)
			return [{ state: found[0].state, probability: 1, label: null }];
		this.chance = true;
		const byKey = new Map<string, ChanceOutcome & { count: number; sources: string }>();
		for (const f of found) {
			const key = stateKey(f.state, now);
			const known = byKey.get(key);
			if (known) {
				known.probability += f.probability;
				known.count++;
			} else {
				const sources = [...new Set(f.labels.map((l) => l.replace(/=\d+$/, '')))].join(', ');
				byKey.set(key, { ...f, label: f.labels.join(', '), count: 1, sources });
			}
		}
		return [...byKey.values()].map((o) => ({
			state: o.state,
			probability: o.probability,
			label: o.count === 1 ? o.label : `${o.sources} (${Math.round(o.probability * 1000) / 10}%)`
		}));
	}

	get states(): number {
		return this.memo.size;
	}

	/** Explores the futures of `state` (taken over: it is changed) at wall time `now`. */
	explore(state: SessionState, now: number): Futures {
		const key = stateKey(state, now);
		const known = this.memo.get(key);
		if (known) return known;
		const result: Futures = {
			paths: 0,
			minMs: null,
			maxMs: null,
			endings: {},
			deadEnds: [],
			best: {},
			dist: {}
		};
		if (this.memo.size >= this.bound) {
			this.truncated = true;
			return result;
		}
		this.memo.set(key, result);
		const { scenario } = this;
		const entry = securedPoints(scenario, state.teams[TEAM]);
		// Follow the clock until a team decision opens or the team completes.
		for (;;) {
			const at = now;
			const outcomes = this.outcomes(state, now, (s, dice) =>
				advance(scenario, s, at, undefined, dice)
			);
			if (outcomes.length > 1 || outcomes[0].label !== null) {
				// Chance decided what happened: each outcome is a future of its own.
				for (const o of outcomes) {
					const gained = diff(securedPoints(scenario, o.state.teams[TEAM]), entry);
					merge(result, this.explore(o.state, now), gained, o.label, o.probability, o.probability);
				}
				return result;
			}
			state = outcomes[0].state;
			const team = state.teams[TEAM];
			if (team.ending) {
				const ms = team.ending.scenarioMs;
				result.paths = 1;
				result.minMs = result.maxMs = ms;
				result.dist[team.ending.endingId ?? ''] = 1;
				if (team.ending.endingId) result.endings[team.ending.endingId] = 1;
				else result.deadEnds.push({ choices: [], probability: 1 });
				for (const [phase, n] of Object.entries(diff(securedPoints(scenario, team), entry)))
					result.best[phase] = n;
				return result;
			}
			const open = firstOpenTeamDecision(scenario, team);
			if (open) return this.branch(state, now, open, entry, result);
			const wake = nextWakeMs(scenario, state);
			// advance() completes a team with nothing left to wait for; this is a safety stop.
			if (wake === null) return result;
			now = Math.max(wake, now);
		}
	}

	private branch(
		state: SessionState,
		now: number,
		open: TeamState['decisions'][string],
		entry: Record<string, number>,
		result: Futures
	): Futures {
		const { scenario } = this;
		const decision = scenario.decisionByKey[decisionKey(open.injectId, open.decisionId)];
		const label = `${open.injectId}/${open.decisionId}`;
		// Only the options offered to the team (an option's `when` may have ruled some out). Each
		// choice is one of k equally likely for the random team; an option whose effects roll dice
		// leads to one child per outcome.
		const offered = effectiveOptions(decision, open);
		const k =
			offered.length + (decision.kind === 'text' ? 1 : 0) + (open.deadlineMs !== null ? 1 : 0);
		const children: [SessionState, number, string, number][] = offered.flatMap((option) =>
			this.outcomes(fork(state), now, (s, dice) =>
				emit(
					scenario,
					s,
					{
						type: 'decision.locked',
						teamId: TEAM,
						injectId: open.injectId,
						decisionId: open.decisionId,
						optionId: option.id,
						rule: 'majority',
						by: 'explorer'
					},
					now,
					dice
				)
			).map((o): [SessionState, number, string, number] => [
				o.state,
				now,
				`${label}=${option.id}${o.label === null ? '' : ` (${o.label})`}`,
				o.probability
			])
		);
		if (decision.kind === 'text') {
			// Issue 11: a team text decision has no options; its one choice is answering it.
			const child = fork(state);
			emit(
				scenario,
				child,
				{
					type: 'decision.answered',
					teamId: TEAM,
					injectId: open.injectId,
					decisionId: open.decisionId,
					responseId: 'explorer',
					by: 'explorer'
				},
				now
			);
			children.push([child, now, `${label}=answered`, 1]);
		}
		if (open.deadlineMs !== null)
			children.push([fork(state), open.deadlineMs, `${label}=timeout`, 1]);
		for (const [child, at, choice, p] of children) {
			const gained = diff(securedPoints(scenario, child.teams[TEAM]), entry);
			merge(result, this.explore(child, at), gained, choice, p / k, p);
		}
		return result;
	}
}

/** Explores every path through `scenario`, visiting at most `maxStates` distinct states. */
export function explorePaths(scenario: Scenario, options: { maxStates?: number } = {}): PathReport {
	const bound = options.maxStates ?? 20_000;
	const start = applyEvent(scenario, null, {
		type: 'session.created',
		sessionId: 'explorer',
		scenarioId: scenario.id,
		scenarioHash: '',
		title: scenario.title,
		teams: [{ id: TEAM, name: 'Explorer' }],
		speed: 1,
		release: 'auto',
		facilitatorId: 'explorer',
		seq: 1,
		at: 0
	});
	emit(scenario, start, { type: 'clock.started' }, 0);
	const explorer = new Explorer(scenario, bound);
	const futures = explorer.explore(start, 0);
	const bestScore: Record<string, number> = {};
	for (const [phase, n] of Object.entries(futures.best)) if (n > 0) bestScore[phase] = n;
	const endingProbability: Record<string, number> = {};
	for (const [id, p] of Object.entries(futures.dist))
		if (id !== '') endingProbability[id] = Math.round(p * 10_000) / 10_000;
	return {
		paths: futures.paths,
		truncated: explorer.truncated,
		bound,
		states: explorer.states,
		minMs: futures.minMs,
		maxMs: futures.maxMs,
		endings: futures.endings,
		deadEnds: futures.deadEnds.map((d) =>
			explorer.chance
				? { choices: d.choices, probability: Math.round(d.probability * 10_000) / 10_000 }
				: { choices: d.choices }
		),
		bestScore,
		chance: explorer.chance,
		endingProbability
	};
}
