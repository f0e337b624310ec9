/**
 * The scheduler, as pure functions of the state and the wall clock: which releases, deadlines
 * and attacker stages are due, in time order. Timers only decide *when* the server asks; what is
 * due always comes from here, so a server that restarts late catches up with the same events,
 * stamped with the scenario time they were due at.
 */
import { applyEvent, decideWithRolls, endingFor } from './apply';
import { seededDice, type Dice } from './chance';
import type { ReleaseCause, SessionEvent, SessionEventBody } from './events';
import { scenarioTime } from './clock';
import type { Scenario } from '../scenario/model';
import { improvisedDue } from './room';
import type { SessionState, TeamState } from './state';

/** Something on a team's timeline that will happen at `dueMs` unless play changes it. */
export interface Pending {
	teamId: string;
	dueMs: number;
	/** Deadlines resolve before attacker stages, stages before releases, at the same instant. */
	kind: 'deadline' | 'stage' | 'release';
	id: string;
	/** For releases: how the inject was triggered. */
	cause?: ReleaseCause;
}

const KIND_ORDER: Record<Pending['kind'], number> = { deadline: 0, stage: 1, release: 2 };

function byTime(a: Pending, b: Pending): number {
	return a.dueMs - b.dueMs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id);
}

const staticCache = new WeakMap<Scenario, Omit<Pending, 'teamId'>[]>();

/** Absolute-time injects and attacker stages of a scenario, in time order: computed once. */
function staticSchedule(scenario: Scenario): Omit<Pending, 'teamId'>[] {
	let list = staticCache.get(scenario);
	if (!list) {
		list = [
			...scenario.stages.flatMap((s) =>
				s.atMs === null ? [] : [{ dueMs: s.atMs, kind: 'stage' as const, id: s.id }]
			),
			...scenario.injects.flatMap((i) =>
				i.trigger.kind === 'at'
					? [
							{
								dueMs: i.trigger.atMs,
								kind: 'release' as const,
								id: i.id,
								cause: 'schedule' as const
							}
						]
					: []
			)
		].sort((a, b) => byTime(a as Pending, b as Pending));
		staticCache.set(scenario, list);
	}
	return list;
}

/**
 * Everything still to come for a team (including overdue items), earliest first, lazily: the
 * scheduler usually needs only the first few, and the path explorer asks very often.
 */
export function* pending(scenario: Scenario, team: TeamState): Generator<Pending> {
	if (team.ending) return;
	const dynamic: Pending[] = [];
	for (const key in team.decisions) {
		const d = team.decisions[key];
		if (d.status === 'open' && d.deadlineMs !== null) {
			dynamic.push({ teamId: team.id, dueMs: d.deadlineMs, kind: 'deadline', id: key });
		}
	}
	// Stages scheduled `after` an inject or a decision (absent from states of older builds).
	for (const s of team.stagesDue ?? []) {
		dynamic.push({ teamId: team.id, dueMs: s.dueMs, kind: 'stage', id: s.stageId });
	}
	for (const s of team.scheduled) {
		dynamic.push({
			teamId: team.id,
			dueMs: s.dueMs,
			kind: 'release',
			id: s.injectId,
			cause: s.cause
		});
	}
	if (dynamic.length > 1) dynamic.sort(byTime);
	let k = 0;
	for (const item of staticSchedule(scenario)) {
		const resolved =
			item.kind === 'stage'
				? item.id in team.stages
				: item.id in team.released || item.id in team.skipped || item.id in team.dropped;
		if (resolved) continue;
		while (k < dynamic.length && byTime(dynamic[k], item as Pending) < 0) yield dynamic[k++];
		yield { ...item, teamId: team.id };
	}
	while (k < dynamic.length) yield dynamic[k++];
}

/** Everything still to come for a team, earliest first. */
export function pendingFor(scenario: Scenario, team: TeamState): Pending[] {
	return [...pending(scenario, team)];
}

/** True when a team's pending item waits for the facilitator rather than the clock. */
function waitsForFacilitator(state: SessionState, team: TeamState, item: Pending): boolean {
	return item.kind === 'release' && (state.release === 'manual' || team.held.includes(item.id));
}

/**
 * A team is complete when nothing is pending and no team decision is open. Decisions of an
 * `optional` inject hold nothing back: neither while open nor by their pending deadline.
 */
function isComplete(scenario: Scenario, team: TeamState): boolean {
	if (team.ending) return true;
	for (const item of pending(scenario, team)) {
		if (item.kind === 'deadline' && isOptional(scenario, item.id.split('/')[0])) continue;
		return false;
	}
	return !Object.values(team.decisions).some(
		(d) =>
			d.status === 'open' &&
			!isOptional(scenario, d.injectId) &&
			scenario.decisionByKey[`${d.injectId}/${d.decisionId}`]?.team
	);
}

function isOptional(scenario: Scenario, injectId: string): boolean {
	return scenario.injectById[injectId]?.optional === true;
}

function lastTime(team: TeamState): number {
	return team.path.reduce((max, step) => Math.max(max, step.scenarioMs), 0);
}

/** The single next event due at wall-clock `now`, or null when nothing is due. */
function nextDue(
	scenario: Scenario,
	state: SessionState,
	now: number,
	dice: Dice,
	whilePaused = false
): SessionEventBody | null {
	if (state.status !== 'running' && !(whilePaused && state.status === 'paused')) return null;
	const nowMs = scenarioTime(state.clock, now);
	let best: Pending | null = null;
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		for (const item of pending(scenario, team)) {
			if (item.dueMs > nowMs) break;
			if (waitsForFacilitator(state, team, item)) continue;
			if (!best || byTime(item, best) < 0) best = item;
			break;
		}
	}
	// An improvised inject the facilitator set for a time goes out when due, before script
	// items due at the same instant.
	const improvised = improvisedDue(state)[0];
	if (improvised && improvised.dueMs <= nowMs && (!best || improvised.dueMs <= best.dueMs)) {
		return {
			type: 'improvised.released',
			improvisedId: improvised.id,
			scenarioMs: improvised.dueMs
		};
	}
	if (best) return toEvent(scenario, state, state.teams[best.teamId], best, dice);
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		if (!team.ending && isComplete(scenario, team)) {
			return {
				type: 'team.completed',
				teamId,
				endingId: endingFor(scenario, team, lastTime(team))?.id ?? null,
				scenarioMs: lastTime(team)
			};
		}
	}
	return null;
}

/** The event that resolves a pending item now: a release, a skip, an expiry, a stage. */
function toEvent(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	item: Pending,
	dice: Dice
): SessionEventBody {
	const teamId = team.id;
	const scenarioMs = item.dueMs;
	if (item.kind === 'deadline') {
		const [injectId, decisionId] = item.id.split('/');
		return { type: 'deadline.expired', teamId, injectId, decisionId, scenarioMs };
	}
	if (item.kind === 'stage') {
		const stage = scenario.stageById[item.id];
		const unless =
			stage.unless === undefined
				? { holds: false, rolls: [] }
				: decideWithRolls(state, team, stage.unless, scenarioMs, dice);
		return {
			type: unless.holds ? 'stage.prevented' : 'stage.fired',
			teamId,
			stageId: item.id,
			scenarioMs,
			...(unless.rolls.length > 0 && { rolls: unless.rolls })
		};
	}
	const inject = scenario.injectById[item.id];
	const when = decideWithRolls(state, team, inject.when, scenarioMs, dice);
	const rolls = when.rolls.length > 0 ? { rolls: when.rolls } : {};
	if (!when.holds)
		return { type: 'inject.skipped', teamId, injectId: item.id, scenarioMs, ...rolls };
	return {
		type: 'inject.released',
		teamId,
		injectId: item.id,
		cause: item.cause ?? 'schedule',
		scenarioMs,
		...rolls
	};
}

/**
 * Applies every event due at `now` to `state` (in place, in order) and returns them, numbered
 * from `state.seq + 1` and stamped `at = now`, for the caller to persist. A paused clock makes
 * nothing due, unless `whilePaused` (the facilitator skipped the paused clock forward).
 */
export function advance(
	scenario: Scenario,
	state: SessionState,
	now: number,
	limit = 10_000,
	dice: Dice = seededDice,
	whilePaused = false
): SessionEvent[] {
	const out: SessionEvent[] = [];
	for (
		let body = nextDue(scenario, state, now, dice, whilePaused);
		body && out.length < limit;
		body = nextDue(scenario, state, now, dice, whilePaused)
	) {
		const event = { ...body, seq: state.seq + 1, at: now } as SessionEvent;
		applyEvent(scenario, state, event, dice);
		out.push(event);
	}
	return out;
}

/** Scenario time of the next item the clock will make due, or null if none. */
export function nextWakeMs(scenario: Scenario, state: SessionState): number | null {
	if (state.status !== 'running') return null;
	let wake: number | null = null;
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		for (const item of pending(scenario, team)) {
			if (waitsForFacilitator(state, team, item)) continue;
			if (wake === null || item.dueMs < wake) wake = item.dueMs;
			break;
		}
	}
	const improvised = improvisedDue(state)[0];
	if (improvised && (wake === null || improvised.dueMs < wake)) wake = improvised.dueMs;
	return wake;
}
