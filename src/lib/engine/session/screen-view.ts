/**
 * The big screen (issue 13, "the room"): what a projector shows to everyone in the room, trainees
 * of every team included. So it carries nothing of the answer key before the reveal: no options,
 * scores, feedback, expected answers, indicator lines, facilitator notes, and no ending titles or
 * attacker stages (an ending names how well a team did; whether a stage fired says whether its
 * containment worked, and stage titles are answer key to trainees as well). Before the reveal a
 * team that is done shows as finished, without its ending. What it does show: the clock, the
 * injects the teams are on now (public titles, channel and sender, as trainees read them), and
 * each team's size and progress.
 */
import { decisionKey, type Scenario } from '../scenario/model';
import type { ClockState } from './clock';
import { decisionMembers } from './commands';
import { endedEarly, teamProgress } from './early-end';
import {
	answerKey,
	teamMembers,
	type DecisionState,
	type SessionState,
	type SessionStatus,
	type TeamState
} from './state';

/** At most this many injects in "the situation now": a projector has room for a few lines. */
export const SITUATION_MAX = 3;
/** The attacker's latest moves (stages that fired) shown after the reveal. */
export const ATTACKER_MOVES_MAX = 5;

/** An inject some team is on now: its public title, channel and sender, and which teams. */
export interface ScreenInject {
	injectId: string;
	title: string;
	channel: string;
	from?: string;
	/** Scenario time of its latest release among the teams listed. */
	scenarioMs: number;
	/** Names of the teams whose latest inject it is, in the session's team order. */
	teams: string[];
}

export interface ScreenTeam {
	id: string;
	name: string;
	/** How many trainees joined the team. */
	members: number;
	/** What the team played, 0..1 (the console's figure, `teamProgress`). */
	progress: number;
	/** Decisions of the injects released to the team so far: made (closed, or answered by all) and in all. */
	decisions: { made: number; total: number };
	/** The team's play is over (an ending, or the session ended before one). */
	finished: boolean;
	/** It ended because the session ended, before an outcome. */
	endedEarly: boolean;
	/** The ending reached: only after the reveal (before it, `null` even when finished). */
	ending: { title: string; outcome: 'good' | 'mixed' | 'bad' } | null;
}

/**
 * An attacker stage that fired (after the reveal only), once for all the teams it fired for: a
 * stage at a fixed time fires for many teams at once, and one line each would crowd the screen.
 */
export interface ScreenAttackerMove {
	stageId: string;
	title: string;
	technique?: string;
	/** Names of the teams it fired for, in the session's team order. */
	teams: string[];
	/** Scenario time it last fired (for the last of those teams). */
	scenarioMs: number;
}

export interface ScreenView {
	sessionId: string;
	title: string;
	scenarioTitle: string;
	/** Story time at scenario time 0 ("2025-03-13T17:00"), when the scenario sets a clock. */
	clockStart?: string;
	status: SessionStatus;
	revealed: boolean;
	/** The clock itself, so the page ticks between two views as the console does. */
	clock: ClockState;
	seq: number;
	/** The injects the teams are on now, newest first (at most `SITUATION_MAX`). */
	situation: ScreenInject[];
	teams: ScreenTeam[];
	/** The latest fired attacker stages, newest first; `null` until the reveal. */
	attackerMoves: ScreenAttackerMove[] | null;
}

/** Whether a decision is made: closed, or (an individual one) answered by everyone it asks. */
function made(scenario: Scenario, state: SessionState, team: TeamState, d: DecisionState) {
	if (d.status !== 'open') return true;
	const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
	if (!decision || decision.team) return false;
	const members = decisionMembers(scenario, state, team.id, d.injectId);
	return (
		members.length > 0 &&
		members.every((m) => state.latest[answerKey(m.id, d.injectId, d.decisionId)] !== undefined)
	);
}

/** The team's latest released inject that the facilitator did not drop, or null. */
function latestInject(team: TeamState): string | null {
	for (let i = team.releaseOrder.length - 1; i >= 0; i--) {
		const id = team.releaseOrder[i];
		if (!(id in team.dropped)) return id;
	}
	return null;
}

function situationNow(scenario: Scenario, state: SessionState): ScreenInject[] {
	const byInject = new Map<string, ScreenInject>();
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		const id = latestInject(team);
		const inject = id === null ? undefined : scenario.injectById[id];
		if (!inject) continue;
		const at = team.released[inject.id].scenarioMs;
		const seen = byInject.get(inject.id);
		if (seen) {
			seen.teams.push(team.name);
			seen.scenarioMs = Math.max(seen.scenarioMs, at);
			continue;
		}
		byInject.set(inject.id, {
			injectId: inject.id,
			title: inject.title,
			channel: inject.channel,
			...(inject.from !== undefined && { from: inject.from }),
			scenarioMs: at,
			teams: [team.name]
		});
	}
	return [...byInject.values()]
		.sort((a, b) => b.scenarioMs - a.scenarioMs || b.teams.length - a.teams.length)
		.slice(0, SITUATION_MAX);
}

function screenTeam(scenario: Scenario, state: SessionState, team: TeamState): ScreenTeam {
	const decisions = Object.values(team.decisions);
	const ending =
		state.revealed && team.ending?.endingId
			? scenario.endings.find((e) => e.id === team.ending!.endingId)
			: undefined;
	return {
		id: team.id,
		name: team.name,
		members: teamMembers(state, team.id).length,
		progress: teamProgress(scenario, state, team),
		decisions: {
			made: decisions.filter((d) => made(scenario, state, team, d)).length,
			total: decisions.length
		},
		finished: team.ending !== null,
		endedEarly: endedEarly(team),
		ending: ending ? { title: ending.title, outcome: ending.outcome } : null
	};
}

function attackerMoves(scenario: Scenario, state: SessionState): ScreenAttackerMove[] {
	const byStage = new Map<string, ScreenAttackerMove>();
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		for (const [stageId, s] of Object.entries(team.stages)) {
			const stage = scenario.stages.find((x) => x.id === stageId);
			if (!s.fired || !stage) continue;
			const seen = byStage.get(stageId);
			if (seen) {
				seen.teams.push(team.name);
				seen.scenarioMs = Math.max(seen.scenarioMs, s.scenarioMs);
				continue;
			}
			byStage.set(stageId, {
				stageId,
				title: stage.title,
				...(stage.technique !== undefined && { technique: stage.technique }),
				teams: [team.name],
				scenarioMs: s.scenarioMs
			});
		}
	}
	return [...byStage.values()]
		.sort((a, b) => b.scenarioMs - a.scenarioMs)
		.slice(0, ATTACKER_MOVES_MAX);
}

/**
 * The big screen's view at wall-clock `now`. `now` and the longest path's duration are not used
 * (the page ticks the clock itself and progress counts what was played); they are taken as the
 * console's view takes them, so the two are called alike.
 */
export function screenView(
	scenario: Scenario,
	state: SessionState,
	_now: number,
	_expectedMs: number
): ScreenView {
	return {
		sessionId: state.sessionId,
		title: state.title,
		scenarioTitle: scenario.title,
		...(scenario.clockStart !== undefined && { clockStart: scenario.clockStart }),
		status: state.status,
		revealed: state.revealed,
		clock: state.clock,
		seq: state.seq,
		situation: situationNow(scenario, state),
		teams: state.teamOrder.map((id) => screenTeam(scenario, state, state.teams[id])),
		attackerMoves: state.revealed ? attackerMoves(scenario, state) : null
	};
}
