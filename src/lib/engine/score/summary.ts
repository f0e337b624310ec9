/**
 * A compact summary of a session, written when it ends: what the lead's dashboard and the
 * retests read, so that they never replay a log on a page view. Carries the scoring version it
 * was computed with, so summaries are recomputed when the rules change.
 */
import { decisionKey, type Scenario } from '../scenario/model';
import { scoreSessionInDetail, SCORING_VERSION, type PhaseScore } from './session-score';
import type { Rating } from '../session/events';
import type { SessionState } from '../session/state';

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
	const { scores, byDecision } = scoreSessionInDetail(scenario, state);
	const techniques: SessionSummary['techniques'] = {};
	const cellOf = (technique: string, teamId: string) =>
		((techniques[technique] ??= {})[teamId] ??= { earned: 0, reachable: 0 });
	// Techniques the scenario names that no inject or stage carries: exercised by playing at all.
	const carried = new Set([
		...scenario.injects.flatMap((i) => i.attack),
		...scenario.stages.flatMap((s) => (s.technique ? [s.technique] : []))
	]);
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		if (team.releaseOrder.length > 0)
			for (const technique of scenario.attack)
				if (!carried.has(technique)) cellOf(technique, teamId);
		for (const [stageId, stage] of Object.entries(team.stages)) {
			const technique = scenario.stageById[stageId]?.technique;
			if (stage.fired && technique) cellOf(technique, teamId);
		}
		// The points of the injects mapped to a technique, as scoring counted them for the phases.
		for (const injectId of team.releaseOrder) {
			const inject = scenario.injectById[injectId];
			for (const technique of inject.attack) {
				const cell = cellOf(technique, teamId);
				for (const decision of inject.decisions) {
					const total = byDecision[teamId]?.[decisionKey(injectId, decision.id)];
					if (!total) continue;
					cell.earned += total.earned;
					cell.reachable += total.reachable;
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
