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
 */
import { advance, nextWakeMs } from '../session/advance';
import { applyEvent } from '../session/apply';
import type { SessionEvent, SessionEventBody } from '../session/events';
import { decisionKey, type Scenario } from '../scenario/model';
import { addPoints, decisionMaxPoints, outcomePoints } from '../score/points';
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
	/** Paths on which no ending's condition holds, as the choices taken. */
	deadEnds: { choices: string[] }[];
	/** Phase id -> the most points any path lets a team earn in it. */
	bestScore: Record<string, number>;
}

const TEAM = 'explorer';

function emit(scenario: Scenario, state: SessionState, body: SessionEventBody, at: number): void {
	applyEvent(scenario, state, { ...body, seq: state.seq + 1, at } as SessionEvent);
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
		.map((k) => `${k}:${t.decisions[k].status}`);
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
		if (!decision.team) addPoints(points, decisionMaxPoints(decision));
		else if (d.optionId)
			addPoints(points, outcomePoints(decision.options.find((o) => o.id === d.optionId)));
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
	deadEnds: string[][];
	best: Record<string, number>;
}

const MAX_DEAD_ENDS = 20;

function merge(into: Futures, child: Futures, gained: Record<string, number>, choice: string) {
	into.paths += child.paths;
	if (child.minMs !== null)
		into.minMs = into.minMs === null ? child.minMs : Math.min(into.minMs, child.minMs);
	if (child.maxMs !== null)
		into.maxMs = into.maxMs === null ? child.maxMs : Math.max(into.maxMs, child.maxMs);
	for (const [id, n] of Object.entries(child.endings))
		into.endings[id] = (into.endings[id] ?? 0) + n;
	for (const d of child.deadEnds) {
		if (into.deadEnds.length < MAX_DEAD_ENDS) into.deadEnds.push([choice, ...d]);
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

	constructor(
		private readonly scenario: Scenario,
		private readonly bound: number
	) {}

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
			best: {}
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
			advance(scenario, state, now);
			const team = state.teams[TEAM];
			if (team.ending) {
				const ms = team.ending.scenarioMs;
				result.paths = 1;
				result.minMs = result.maxMs = ms;
				if (team.ending.endingId) result.endings[team.ending.endingId] = 1;
				else result.deadEnds.push([]);
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
		const children: [SessionState, number, string][] = decision.options.map((option) => {
			const child = fork(state);
			emit(
				scenario,
				child,
				{
					type: 'decision.locked',
					teamId: TEAM,
					injectId: open.injectId,
					decisionId: open.decisionId,
					optionId: option.id,
					rule: 'majority',
					by: 'explorer'
				},
				now
			);
			return [child, now, `${label}=${option.id}`];
		});
		if (open.deadlineMs !== null) children.push([fork(state), open.deadlineMs, `${label}=timeout`]);
		for (const [child, at, choice] of children) {
			const gained = diff(securedPoints(scenario, child.teams[TEAM]), entry);
			merge(result, this.explore(child, at), gained, choice);
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
	return {
		paths: futures.paths,
		truncated: explorer.truncated,
		bound,
		states: explorer.states,
		minMs: futures.minMs,
		maxMs: futures.maxMs,
		endings: futures.endings,
		deadEnds: futures.deadEnds.map((choices) => ({ choices })),
		bestScore
	};
}
