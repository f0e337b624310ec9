/**
 * Scores of a session, per trainee and per team, per phase: points earned over the points
 * reachable on the path the team actually played, so teams sent down different branches compare
 * fairly. Also the timing and teamwork figures a debrief needs. Pure: a function of the scenario
 * and the folded state.
 */
import { decisionMembers, proposalOf } from '../session/commands';
import type { Rating } from '../session/events';
import { decisionKey, type Decision, type Milestone, type Scenario } from '../scenario/model';
import { decisionMaxPoints } from './points';
import { applyDecay, decayFactor } from './decay';
import { effectiveDecision, effectiveOptions } from './effective';
import { scoreAnswer } from './scoring';
import { answerKey, type SessionState, type TeamState } from '../session/state';
import { endedEarly, unreachedPhases } from '../session/early-end';

/** Bump when a rule below changes, so stored summaries know to recompute. */
export const SCORING_VERSION = 3;

export interface PhaseScore {
	earned: number;
	reachable: number;
	/** earned / reachable in percent (0..100, negatives count as 0); null when nothing was at stake. */
	percent: number | null;
	/**
	 * Issue 18: no inject of the phase reached the team (the exercise ended first, or its path
	 * skipped it) and no answer earned or lost points in it; `percent` is then null.
	 */
	reason?: 'not-reached';
}

export type PhaseScores = Record<string, PhaseScore>;

interface TraineeScore {
	participantId: string;
	name: string;
	teamId: string;
	role: string;
	phases: PhaseScores;
	total: PhaseScore;
	answered: number;
	addressed: number;
	late: number;
	/** Mean seconds from an inject's release to this trainee's answer. */
	meanLatencySeconds: number | null;
}

export interface TeamScore {
	teamId: string;
	name: string;
	members: number;
	phases: PhaseScores;
	total: PhaseScore;
	endingId: string | null;
	/** Issue 18: the session ended before the team reached an outcome. */
	endedEarly: boolean;
	/** Scenario ms from the start to each milestone the team reached. */
	milestones: Partial<Record<Milestone, number>>;
	timeToIdentifyMs: number | null;
	timeToContainMs: number | null;
	/** Team decisions: mean real seconds from release to lock. */
	meanDecisionLatencySeconds: number | null;
	/** Share (0..1) of members whose own proposal matched the team's decision; null if none. */
	alignment: number | null;
	/** Share (0..1) of (member, decision) pairs answered. */
	participation: number | null;
	timeouts: number;
	overrides: number;
	stagesFired: string[];
	stagesPrevented: string[];
}

export interface ObjectiveRating {
	objectiveId: string;
	title: string;
	phases: string[];
	/**
	 * The room's rating: the latest one given without a team. A team's rating never stands in
	 * for the room (it showed whoever was rated last); each team's is in `byTeam`.
	 */
	rating: Rating | null;
	/** Each team's latest rating. */
	byTeam: Record<string, Rating>;
	evidence: { text: string; rating?: Rating; teamId?: string; scenarioMs: number }[];
}

export interface SessionScores {
	version: number;
	phases: { id: string; name: string }[];
	teams: TeamScore[];
	trainees: TraineeScore[];
	/** Mean of the teams' percentages per phase (teams with nothing at stake left out). */
	room: Record<string, number | null>;
	objectives: ObjectiveRating[];
}

function emptyScore(): PhaseScore {
	return { earned: 0, reachable: 0, percent: null };
}

function addTo(scores: PhaseScores, points: Record<string, number>, field: 'earned' | 'reachable') {
	for (const [phase, n] of Object.entries(points)) {
		scores[phase] ??= emptyScore();
		scores[phase][field] += n;
	}
}

function finish(
	scores: PhaseScores,
	phaseIds: string[],
	unreached?: Set<string>
): { phases: PhaseScores; total: PhaseScore } {
	const total = emptyScore();
	const phases: PhaseScores = {};
	for (const id of phaseIds) {
		const s = scores[id] ?? emptyScore();
		phases[id] = {
			earned: s.earned,
			reachable: s.reachable,
			percent: percent(s.earned, s.reachable)
		};
		// Issue 18: a phase none of whose injects reached the team, that no decision it closed or
		// answered scores in, and in which it earned or lost nothing, was not reached: no score
		// (not 0 %), left out of the total, averages and findings. (Its points may be reachable
		// through a decision of an earlier inject still open when the exercise was ended.)
		if (unreached?.has(id) && s.earned === 0) {
			Object.assign(phases[id], { percent: null, reason: 'not-reached' });
			continue;
		}
		total.earned += s.earned;
		total.reachable += s.reachable;
	}
	total.percent = percent(total.earned, total.reachable);
	return { phases, total };
}

function percent(earned: number, reachable: number): number | null {
	if (reachable <= 0) return null;
	return Math.min(100, (100 * Math.max(0, earned)) / reachable);
}

function mean(values: number[]): number | null {
	return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Decisions the team met on its path: those of its released injects. */
function decisionsOnPath(scenario: Scenario, team: TeamState): Decision[] {
	return team.releaseOrder.flatMap((id) => scenario.injectById[id].decisions);
}

/** The points a trainee's own answer earns: an individual answer, or their team proposal. */
function answerPoints(
	state: SessionState,
	decision: Decision,
	participantId: string
): Record<string, number> | null {
	// `decision` comes in as effectiveDecision(...): the options and scores the team met.
	const i = state.latest[answerKey(participantId, decision.injectId, decision.id)];
	if (i === undefined) return null;
	const response = state.responses[i];
	if (response.late) return {};
	const points = scoreAnswer(
		decision,
		response.value,
		state.textScores[response.responseId]?.points
	);
	// decay: positive points fall with the time from the release to this answer (decay.ts).
	const opened =
		state.teams[response.teamId]?.decisions[decisionKey(decision.injectId, decision.id)];
	return applyDecay(
		points,
		decayFactor(decision.decay, response.scenarioMs - (opened?.openedMs ?? 0))
	);
}

/**
 * Issue 11: the members a decision's answers are counted for. For a team text decision, the one
 * who wrote the team's answer, else the members holding the decider role (everyone in the
 * audience when nobody holds it); for any other decision the whole audience.
 */
function teamTextWriters<M extends { id: string; role: string }>(
	state: SessionState,
	decision: Decision,
	responseId: string | undefined,
	audience: M[]
): M[] {
	if (!decision.team || decision.kind !== 'text') return audience;
	const writer = state.responses.find((r) => r.responseId === responseId)?.participantId;
	if (writer) return audience.filter((m) => m.id === writer);
	const deciders = audience.filter((m) => m.role === decision.team!.decider);
	return deciders.length > 0 ? deciders : audience;
}

/** Issue 11: whether an (optional) decision was answered: locked for the team, or any answer in time. */
function answeredByTeam(
	state: SessionState,
	decision: Decision,
	d: TeamState['decisions'][string],
	audience: { id: string }[]
): boolean {
	if (decision.team) return d.status === 'locked';
	return audience.some((m) => {
		const i = state.latest[answerKey(m.id, decision.injectId, decision.id)];
		return i !== undefined && !state.responses[i].late;
	});
}

/** Scores every trainee and team of a session. */
export function scoreSession(scenario: Scenario, state: SessionState): SessionScores {
	return scoreSessionInDetail(scenario, state).scores;
}

/** A team's earned and reachable points on one decision, over all phases. */
export interface DecisionTotal {
	earned: number;
	reachable: number;
}

/**
 * `scoreSession`, plus each team's totals per decision (keyed `teamId` then
 * `${injectId}/${decisionId}`), for reports that regroup the same points (ATT&CK techniques): one
 * set of rules, so a technique's figures can never disagree with the phases'.
 */
export function scoreSessionInDetail(
	scenario: Scenario,
	state: SessionState
): { scores: SessionScores; byDecision: Record<string, Record<string, DecisionTotal>> } {
	const byDecision: Record<string, Record<string, DecisionTotal>> = {};
	const phaseIds = scenario.phases.map((p) => p.id);
	const trainees: TraineeScore[] = [];
	const teams: TeamScore[] = [];

	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		const unreached = unreachedPhases(scenario, team);
		const teamRaw: PhaseScores = {};
		const members = Object.values(state.participants).filter((p) => p.teamId === teamId);
		let pairs = 0;
		let answeredPairs = 0;
		let timeouts = 0;
		let overrides = 0;
		const alignments: number[] = [];
		const lockLatencies: number[] = [];
		const memberRaw = new Map(members.map((m) => [m.id, {} as PhaseScores]));
		const memberStats = new Map(
			members.map((m) => [m.id, { answered: 0, addressed: 0, late: 0, latencies: [] as number[] }])
		);

		const totals: Record<string, DecisionTotal> = (byDecision[teamId] = {});
		for (const decision of decisionsOnPath(scenario, team)) {
			const key = decisionKey(decision.injectId, decision.id);
			const d = team.decisions[key];
			const total: DecisionTotal = { earned: 0, reachable: 0 };
			/** Adds points to the team's phases and to this decision's total. */
			const addTeam = (points: Record<string, number>, field: 'earned' | 'reachable') => {
				addTo(teamRaw, points, field);
				for (const n of Object.values(points)) total[field] += n;
				totals[key] = total;
			};
			// Issue 11: a decision closed by dropping its inject has nothing at stake for anyone.
			if (d.status === 'dropped') continue;
			// The options and scores the team was offered (option `when`, `scoresIf`).
			const offered = effectiveDecision(decision, d);
			const max = decisionMaxPoints(offered);
			const optional = scenario.injectById[decision.injectId].optional;
			const releasedAt = team.released[decision.injectId].at;
			// Issue 11: a team text answer counts for the members who may write it (decider role).
			const audience = teamTextWriters(
				state,
				decision,
				d.responseId,
				decisionMembers(scenario, state, teamId, decision.injectId)
			);
			const answered = answeredByTeam(state, decision, d, audience);
			// Issue 18: a decision the team closed or answered reaches the phases it scores, even
			// when no inject of those phases was released (a containment choice on an alert).
			if (d.status !== 'open' || answered) for (const phase in max) unreached.delete(phase);
			// Issue 11: an optional decision left unanswered adds nothing to the reachable points.
			if (!optional || answered) addTeam(max, 'reachable');
			if (decision.team && decision.kind === 'text') {
				// Issue 11: the team's text answer earns the facilitator's mark in full for the team.
				const response = state.responses.find((r) => r.responseId === d.responseId);
				if (d.status === 'locked' && response) {
					addTeam(answerPoints(state, decision, response.participantId) ?? {}, 'earned');
					if (d.closedAt !== null) lockLatencies.push((d.closedAt - releasedAt) / 1000);
				} else if (d.status === 'expired' && !optional) {
					timeouts++;
					addTeam(decision.timeout?.scores ?? {}, 'earned');
				}
			} else if (decision.team) {
				if (d.status === 'locked' && d.optionId) {
					const chosen = effectiveOptions(decision, d).find((o) => o.id === d.optionId);
					// decay: positive points fall with the time from the release to the lock (decay.ts).
					const factor = decayFactor(decision.decay, (d.closedMs ?? d.openedMs) - d.openedMs);
					addTeam(applyDecay(chosen?.scores ?? {}, factor), 'earned');
					if (d.closedAt !== null) lockLatencies.push((d.closedAt - releasedAt) / 1000);
					if (d.rule === 'override') overrides++;
					const proposals = audience.map((m) =>
						proposalOf(state, m.id, decision.injectId, decision.id)
					);
					const withProposal = proposals.filter((p) => p !== null);
					if (withProposal.length > 0) {
						alignments.push(withProposal.filter((p) => p === d.optionId).length / audience.length);
					}
				} else if (d.status === 'expired' && !optional) {
					// An optional decision left to its deadline is no timeout, and (as nothing of it
					// was counted reachable) its timeout scores nothing either way.
					timeouts++;
					addTeam(decision.timeout?.scores ?? {}, 'earned');
				}
			} else if (d.status === 'expired' && d.deadlineMs !== null && !optional) {
				const onTime = audience.some((m) => {
					const i = state.latest[answerKey(m.id, decision.injectId, decision.id)];
					return i !== undefined && !state.responses[i].late;
				});
				if (!onTime) timeouts++;
			}
			// Individual decisions count for the team as the mean of its members' answers.
			const individualEarned: Record<string, number> = {};
			for (const m of audience) {
				const points = answerPoints(state, offered, m.id);
				// Issue 11: an optional decision a member left unanswered is not held against them.
				if (optional && points === null) continue;
				pairs++;
				const stats = memberStats.get(m.id)!;
				stats.addressed++;
				addTo(memberRaw.get(m.id)!, max, 'reachable');
				if (points === null) continue;
				answeredPairs++;
				stats.answered++;
				const response =
					state.responses[state.latest[answerKey(m.id, decision.injectId, decision.id)]];
				if (response.late) stats.late++;
				else stats.latencies.push((response.at - releasedAt) / 1000);
				for (const [phase, n] of Object.entries(points)) {
					memberRaw.get(m.id)![phase] ??= emptyScore();
					memberRaw.get(m.id)![phase].earned += n;
					individualEarned[phase] = (individualEarned[phase] ?? 0) + n;
				}
			}
			if (!decision.team && audience.length > 0) {
				for (const [phase, n] of Object.entries(individualEarned)) {
					addTeam({ [phase]: n / audience.length }, 'earned');
				}
			}
		}

		for (const m of members) {
			const stats = memberStats.get(m.id)!;
			trainees.push({
				participantId: m.id,
				name: m.name,
				teamId,
				role: m.role,
				...finish(memberRaw.get(m.id)!, phaseIds, unreached),
				answered: stats.answered,
				addressed: stats.addressed,
				late: stats.late,
				meanLatencySeconds: mean(stats.latencies)
			});
		}
		const identified = team.milestones.identified;
		const contained = team.milestones.contained;
		teams.push({
			teamId,
			name: team.name,
			members: members.length,
			...finish(teamRaw, phaseIds, unreached),
			endingId: team.ending?.endingId ?? null,
			endedEarly: endedEarly(team),
			milestones: { ...team.milestones },
			timeToIdentifyMs: identified ?? null,
			timeToContainMs: contained ?? null,
			meanDecisionLatencySeconds: mean(lockLatencies),
			alignment:
				alignments.length === 0 ? null : alignments.reduce((a, b) => a + b, 0) / alignments.length,
			participation: pairs === 0 ? null : answeredPairs / pairs,
			timeouts,
			overrides,
			stagesFired: Object.entries(team.stages)
				.filter(([, s]) => s.fired)
				.map(([id]) => id),
			stagesPrevented: Object.entries(team.stages)
				.filter(([, s]) => !s.fired)
				.map(([id]) => id)
		});
	}

	const room: Record<string, number | null> = {};
	for (const id of phaseIds) {
		room[id] = mean(teams.map((t) => t.phases[id].percent).filter((p): p is number => p !== null));
	}
	const scores: SessionScores = {
		version: SCORING_VERSION,
		phases: scenario.phases.map((p) => ({ id: p.id, name: p.name })),
		teams,
		trainees,
		room,
		objectives: rateObjectives(scenario, state)
	};
	return { scores, byDecision };
}

/** The facilitator's P/S/M/U ratings per objective, with their observations as evidence. */
function rateObjectives(scenario: Scenario, state: SessionState): ObjectiveRating[] {
	return scenario.objectives.map((o) => {
		const observations = state.observations.filter((obs) => ratedFor(scenario, obs, o.id));
		const rated = observations.filter((obs) => obs.rating);
		const byTeam: Record<string, Rating> = {};
		let room: Rating | null = null;
		for (const obs of rated) {
			if (obs.teamId) byTeam[obs.teamId] = obs.rating!;
			else room = obs.rating!;
		}
		return {
			objectiveId: o.id,
			title: o.title,
			phases: o.phases,
			rating: room,
			byTeam,
			evidence: observations.map((obs) => ({
				text: obs.text,
				rating: obs.rating,
				teamId: obs.teamId,
				scenarioMs: obs.scenarioMs
			}))
		};
	});
}

/**
 * Whether an observation counts for an objective: it names it, or (a rating tied to an inject
 * but to no objective) one of the inject's decisions names it. Such a rating used to show on the
 * console and vanish from the debrief and the dashboard.
 */
function ratedFor(
	scenario: Scenario,
	obs: SessionState['observations'][number],
	objectiveId: string
): boolean {
	if (obs.objectiveId) return obs.objectiveId === objectiveId;
	if (!obs.rating || !obs.injectId) return false;
	const inject = scenario.injectById[obs.injectId];
	return !!inject?.decisions.some((d) => d.objectives.includes(objectiveId));
}
