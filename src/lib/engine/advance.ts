/**
 * The scheduler, as pure functions of the state and the wall clock: which releases, deadlines
 * and attacker stages are due, in time order. Timers only decide *when* the server asks; what is
 * due always comes from here, so a server that restarts late catches up with the same events,
 * stamped with the scenario time they were due at.
 */
import { holds } from './expr';
import { applyEvent, endingFor, teamEnv } from './apply';
import type { ReleaseCause, SessionEvent, SessionEventBody } from './events';
import { scenarioTime } from './clock';
import type { Scenario } from './model';
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

/** Everything still to come for a team (including overdue items), earliest first. */
export function pendingFor(scenario: Scenario, team: TeamState): Pending[] {
	if (team.ending) return [];
	const items: Pending[] = [];
	for (const d of Object.values(team.decisions)) {
		if (d.status === 'open' && d.deadlineMs !== null) {
			items.push({
				teamId: team.id,
				dueMs: d.deadlineMs,
				kind: 'deadline',
				id: `${d.injectId}/${d.decisionId}`
			});
		}
	}
	for (const stage of scenario.stages) {
		if (!(stage.id in team.stages))
			items.push({ teamId: team.id, dueMs: stage.atMs, kind: 'stage', id: stage.id });
	}
	for (const inject of scenario.injects) {
		if (inject.trigger.kind !== 'at' || inject.id in team.released || inject.id in team.skipped)
			continue;
		items.push({
			teamId: team.id,
			dueMs: inject.trigger.atMs,
			kind: 'release',
			id: inject.id,
			cause: 'schedule'
		});
	}
	for (const s of team.scheduled) {
		items.push({
			teamId: team.id,
			dueMs: s.dueMs,
			kind: 'release',
			id: s.injectId,
			cause: s.cause
		});
	}
	return items.sort(byTime);
}

/** True when a team's pending item waits for the facilitator rather than the clock. */
function waitsForFacilitator(state: SessionState, team: TeamState, item: Pending): boolean {
	return item.kind === 'release' && (state.release === 'manual' || team.held.includes(item.id));
}

/** A team is complete when nothing is pending and no team decision is open. */
export function isComplete(scenario: Scenario, team: TeamState): boolean {
	if (team.ending) return true;
	if (pendingFor(scenario, team).length > 0) return false;
	return !Object.values(team.decisions).some(
		(d) => d.status === 'open' && scenario.decisionByKey[`${d.injectId}/${d.decisionId}`]?.team
	);
}

function lastTime(team: TeamState): number {
	return team.path.reduce((max, step) => Math.max(max, step.scenarioMs), 0);
}

/** The single next event due at wall-clock `now`, or null when nothing is due. */
export function nextDue(
	scenario: Scenario,
	state: SessionState,
	now: number
): SessionEventBody | null {
	if (state.status !== 'running') return null;
	const nowMs = scenarioTime(state.clock, now);
	let best: Pending | null = null;
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		for (const item of pendingFor(scenario, team)) {
			if (item.dueMs > nowMs) break;
			if (waitsForFacilitator(state, team, item)) continue;
			if (!best || byTime(item, best) < 0) best = item;
			break;
		}
	}
	if (best) return toEvent(scenario, state.teams[best.teamId], best);
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		if (!team.ending && isComplete(scenario, team)) {
			return {
				type: 'team.completed',
				teamId,
				endingId: endingFor(scenario, team)?.id ?? null,
				scenarioMs: lastTime(team)
			};
		}
	}
	return null;
}

/** The event that resolves a pending item now: a release, a skip, an expiry, a stage. */
export function toEvent(scenario: Scenario, team: TeamState, item: Pending): SessionEventBody {
	const teamId = team.id;
	const scenarioMs = item.dueMs;
	if (item.kind === 'deadline') {
		const [injectId, decisionId] = item.id.split('/');
		return { type: 'deadline.expired', teamId, injectId, decisionId, scenarioMs };
	}
	if (item.kind === 'stage') {
		const stage = scenario.stageById[item.id];
		const prevented = stage.unless !== undefined && holds(stage.unless, teamEnv(team));
		return {
			type: prevented ? 'stage.prevented' : 'stage.fired',
			teamId,
			stageId: item.id,
			scenarioMs
		};
	}
	const inject = scenario.injectById[item.id];
	if (!holds(inject.when, teamEnv(team)))
		return { type: 'inject.skipped', teamId, injectId: item.id, scenarioMs };
	return {
		type: 'inject.released',
		teamId,
		injectId: item.id,
		cause: item.cause ?? 'schedule',
		scenarioMs
	};
}

/**
 * Applies every event due at `now` to `state` (in place, in order) and returns them, numbered
 * from `state.seq + 1` and stamped `at = now`, for the caller to persist.
 */
export function advance(
	scenario: Scenario,
	state: SessionState,
	now: number,
	limit = 10_000
): SessionEvent[] {
	const out: SessionEvent[] = [];
	for (
		let body = nextDue(scenario, state, now);
		body && out.length < limit;
		body = nextDue(scenario, state, now)
	) {
		const event = { ...body, seq: state.seq + 1, at: now } as SessionEvent;
		applyEvent(scenario, state, event);
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
		for (const item of pendingFor(scenario, team)) {
			if (waitsForFacilitator(state, team, item)) continue;
			if (wake === null || item.dueMs < wake) wake = item.dueMs;
			break;
		}
	}
	return wake;
}
