/**
 * A compact summary of a session, written when it ends: what the lead's dashboard and the
 * retests read, so that they never replay a log on a page view. Carries the scoring version it
 * was computed with, so summaries are recomputed when the rules change.
 */
import { decisionKey, type Scenario } from '../scenario/model';
import { decisionMaxPoints } from './points';
import { effectiveDecision } from './effective';
import { scoreSession, SCORING_VERSION, type PhaseScore } from './session-score';
import { scoreAnswer } from './scoring';
import type { Rating } from '../session/events';
import { answerKey, type SessionState } from '../session/state';

export interface TeamSummary {
	id: string;
	name: string;
	members: number;
	phases: Record<string, PhaseScore>;
	total: PhaseScore;
	timeToIdentifyMs: number | null;
	timeToContainMs: number | null;
	endingId: string | null;
	outcome: 'good' | 'mixed' | 'bad' | null;
	/** Issue 18: the session ended before the team reached an outcome (absent in older summaries). */
	endedEarly?: boolean;
	timeouts: number;
	participation: number | null;
	stagesFired: string[];
}

export interface SessionSummary {
	scoringVersion: number;
	sessionId: string;
	title: string;
	scenarioId: string;
	scenarioTitle: string;
	scenarioHash: string;
	facilitatorId: string;
	createdAt: number;
	startedAt: number | null;
	endedAt: number | null;
	phases: { id: string; name: string }[];
	teams: TeamSummary[];
	room: Record<string, number | null>;
	objectives: {
		id: string;
		title: string;
		phases: string[];
		rating: Rating | null;
		byTeam: Record<string, Rating>;
	}[];
	/**
	 * ATT&CK technique -> points earned/reachable per team on injects mapped to it. Only the
	 * techniques exercised: of injects released to a team, or of attacker stages that fired for it
	 * (issue 18: a technique of a stage never reached is not exercised).
	 */
	techniques: Record<string, Record<string, { earned: number; reachable: number }>>;
	trainees: {
		participantId: string;
		name: string;
		teamId: string;
		role: string;
		percent: number | null;
	}[];
	/** IR-plan sections the scenario refers to, for retests. */
	planSections: string[];
}

/** Summarises a session for dashboards and retests. */
export function summarise(scenario: Scenario, state: SessionState): SessionSummary {
	const scores = scoreSession(scenario, state);
	const techniques: SessionSummary['techniques'] = {};
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		for (const [stageId, stage] of Object.entries(team.stages)) {
			const technique = scenario.stageById[stageId]?.technique;
			if (stage.fired && technique)
				(techniques[technique] ??= {})[teamId] ??= { earned: 0, reachable: 0 };
		}
		const members = Object.values(state.participants).filter((p) => p.teamId === teamId);
		for (const injectId of team.releaseOrder) {
			const inject = scenario.injectById[injectId];
			for (const technique of inject.attack) {
				const cell = ((techniques[technique] ??= {})[teamId] ??= { earned: 0, reachable: 0 });
				for (const decision of inject.decisions) {
					const d = team.decisions[decisionKey(injectId, decision.id)];
					// Issue 11: dropped decisions, and unanswered optional team decisions, are not at stake.
					if (d.status === 'dropped') continue;
					if (inject.optional && decision.team && d.status !== 'locked') continue;
					const offered = effectiveDecision(decision, d);
					const max = Object.values(decisionMaxPoints(offered)).reduce((a, b) => a + b, 0);
					cell.reachable += max;
					if (decision.team) {
						const chosen = offered.options.find((o) => o.id === d.optionId);
						const scores =
							chosen?.scores ?? (d.status === 'expired' ? (decision.timeout?.scores ?? {}) : {});
						cell.earned += Object.values(scores).reduce((a, b) => a + b, 0);
						// Issue 11: a team text answer earns its mark.
						if (d.responseId) cell.earned += state.textScores[d.responseId]?.points ?? 0;
					} else if (members.length > 0) {
						let sum = 0;
						for (const m of members) {
							const i = state.latest[answerKey(m.id, injectId, decision.id)];
							if (i === undefined || state.responses[i].late) continue;
							const r = state.responses[i];
							sum += Object.values(
								scoreAnswer(offered, r.value, state.textScores[r.responseId]?.points)
							).reduce((a, b) => a + b, 0);
						}
						cell.earned += sum / members.length;
					}
				}
			}
		}
	}
	const planSections = new Set<string>();
	for (const o of scenario.objectives)
		for (const s of o.debrief?.planSections ?? []) planSections.add(s);
	for (const d of Object.values(scenario.decisionByKey)) {
		if (d.plan) planSections.add(d.plan);
		for (const o of d.options) if (o.plan) planSections.add(o.plan);
	}
	return {
		scoringVersion: SCORING_VERSION,
		sessionId: state.sessionId,
		title: state.title,
		scenarioId: scenario.id,
		scenarioTitle: scenario.title,
		scenarioHash: state.scenarioHash,
		facilitatorId: state.facilitatorId,
		createdAt: state.createdAt,
		startedAt: state.startedAt,
		endedAt: state.endedAt,
		phases: scores.phases,
		teams: scores.teams.map((t) => ({
			id: t.teamId,
			name: t.name,
			members: t.members,
			phases: t.phases,
			total: t.total,
			timeToIdentifyMs: t.timeToIdentifyMs,
			timeToContainMs: t.timeToContainMs,
			endingId: t.endingId,
			...(t.endedEarly && { endedEarly: true }),
			outcome: scenario.endings.find((e) => e.id === t.endingId)?.outcome ?? null,
			timeouts: t.timeouts,
			participation: t.participation,
			stagesFired: t.stagesFired
		})),
		room: scores.room,
		objectives: scores.objectives.map((o) => ({
			id: o.objectiveId,
			title: o.title,
			phases: o.phases,
			rating: o.rating,
			byTeam: o.byTeam
		})),
		techniques,
		trainees: scores.trainees.map((t) => ({
			participantId: t.participantId,
			name: t.name,
			teamId: t.teamId,
			role: t.role,
			percent: t.total.percent
		})),
		planSections: [...planSections].sort()
	};
}
