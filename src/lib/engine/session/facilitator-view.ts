/**
 * The facilitator's view of a running session: per team, where it is, what comes next, who has
 * answered, the team decisions, the attacker track, and a progress figure. The facilitator sees
 * the answer key; this never goes to trainees.
 */
import { describedRolls } from './roll-source';
import type { RollRecord } from './chance';
import { pendingFor } from './advance';
import { ENDED_EARLY_TITLE, endedEarly, teamProgress } from './early-end';
import { decisionMembers, proposalOf } from './commands';
import { scenarioTime, type ClockState } from './clock';
import type { Rating, ResponseValue } from './events';
import { decisionKey, type Scenario } from '../scenario/model';
import { optionAvailable } from '../score/effective';
import { answerKey, teamMembers, type SessionState, type SessionStatus } from './state';

export interface FacilitatorDecision {
	injectId: string;
	decisionId: string;
	prompt: string;
	kind: string;
	isTeam: boolean;
	decider: string | null;
	status: 'open' | 'locked' | 'expired' | 'dropped';
	deadlineMs: number | null;
	/** Its inject is optional: it may be left unanswered. */
	optional: boolean;
	/** Team text decisions: the team's answer once written. */
	teamAnswer: string | null;
	/**
	 * Who answered, with the answer that counts: `optionId` for a single choice (a proposal while a
	 * team decision is open), `choice` the option ids of a single or multiple choice (the answer
	 * bars), the rationale, when (scenario and wall-clock ms), whether after the deadline, and for
	 * indicators the number of lines flagged.
	 */
	answered: {
		id: string;
		name: string;
		optionId: string | null;
		choice?: string[];
		flagged?: number;
		rationale?: string | null;
		scenarioMs?: number;
		at?: number;
		late?: boolean;
	}[];
	waitingFor: { id: string; name: string }[];
	/** When the decision's inject was released to the team (scenario ms and wall-clock ms). */
	openedMs?: number;
	openedAt?: number;
	lockedOptionId: string | null;
	lockedBy: string | null;
	rule: string | null;
	overrideReason: string | null;
	/** The options the team is offered (those whose `when` held when the decision opened). */
	options: { id: string; label: string; correct: boolean }[];
	/** Labels of options not offered to this team because their `when` did not hold. */
	notOffered: string[];
}

export interface FacilitatorTeam {
	id: string;
	name: string;
	members: {
		id: string;
		name: string;
		role: string;
		roleName: string;
		/** Wall-clock ms of the member's latest answer, or when they joined; null if unknown. */
		lastActiveAt?: number | null;
	}[];
	ending: { id: string | null; title: string; outcome: string; scenarioMs: number } | null;
	milestones: Record<string, number>;
	vars: Record<string, boolean | number | string>;
	/** Every roll() of the team's play, in order (die, value, time, what rolled it). */
	rolls: (RollRecord & { about: string })[];
	current: { injectId: string; title: string } | null;
	released: {
		injectId: string;
		title: string;
		phase: string;
		scenarioMs: number;
		cause: string;
		optional: boolean;
		/** Indexes of the inject's variants shown to the team (1-based in the console). */
		variants: number[];
		/** The inject still has an open decision: it can be dropped. */
		droppable: boolean;
	}[];
	/** Injects dropped for this team, by whom (a user id) and why. */
	dropped: {
		injectId: string;
		title: string;
		by: string;
		reason: string | null;
		released: boolean;
	}[];
	upcoming: {
		injectId: string;
		title: string;
		dueMs: number;
		cause: string;
		held: boolean;
		optional: boolean;
		/** Came due and waits for the facilitator (manual mode or held). */
		waiting: boolean;
	}[];
	decisions: FacilitatorDecision[];
	stages: {
		id: string;
		title: string;
		technique?: string;
		/** Scenario time it is (or was) due; null for a stage `after` something not yet reached. */
		atMs: number | null;
		status: 'pending' | 'fired' | 'prevented';
	}[];
	/** What the team played over all that is known of its exercise, 0..1 (`teamProgress`). */
	progress: number;
}

export interface FacilitatorView {
	sessionId: string;
	title: string;
	scenarioId: string;
	scenarioTitle: string;
	/** Story time at scenario time 0 ("2025-03-13T17:00"), when the scenario sets a clock. */
	clockStart?: string;
	status: SessionStatus;
	revealed: boolean;
	release: 'auto' | 'manual';
	clock: ClockState;
	scenarioMs: number;
	seq: number;
	/** Mean of the teams' progress, 0..1 (below 1 while a team was ended early). */
	progress: number;
	teams: FacilitatorTeam[];
	observations: {
		id: string;
		teamId?: string;
		injectId?: string;
		objectiveId?: string;
		rating?: Rating;
		/** 'record': the observation rates the team's incident record. */
		about?: 'record';
		text: string;
		scenarioMs: number;
	}[];
	textAnswers: {
		responseId: string;
		participant: string;
		teamId: string;
		injectId: string;
		decisionId: string;
		text: string;
		maxPoints: number;
		points: number | null;
	}[];
}

/** The option ids a response chose (single or multiple choice), else an empty list. */
function choiceOf(value: ResponseValue): string[] {
	if (value.kind === 'single') return [value.optionId];
	if (value.kind === 'multiple') return [...value.optionIds];
	return [];
}

/**
 * The text of each team answer written as text, by response id, in one pass over the responses:
 * looking each decision's up with `find` went through the whole log once per decision on every
 * console update (the largest part of the view's own time in a bench profile of 200 busy rooms).
 */
function teamAnswerTexts(state: SessionState): (responseId: string | undefined) => string | null {
	const texts = new Map<string, string>();
	// The first response with an id, as a search from the start would find it.
	for (const r of state.responses) {
		if (r.value.kind === 'text' && !texts.has(r.responseId)) texts.set(r.responseId, r.value.text);
	}
	return (responseId) => (responseId ? (texts.get(responseId) ?? null) : null);
}

/**
 * The facilitator's view at wall-clock `now`. The longest path's duration (last argument) no
 * longer sets the progress (issue 18: progress counts what was played), kept for the callers.
 */
export function facilitatorView(
	scenario: Scenario,
	state: SessionState,
	now: number,
	_expectedMs: number
): FacilitatorView {
	const scenarioMs = scenarioTime(state.clock, now);
	const roleName = (id: string) => scenario.roles.find((r) => r.id === id)?.name ?? id;
	// Each trainee's latest answer (wall clock), for the console's "who is idle".
	const teamAnswerText = teamAnswerTexts(state);
	const lastActive = new Map<string, number>();
	for (const r of state.responses)
		lastActive.set(r.participantId, Math.max(r.at, lastActive.get(r.participantId) ?? 0));
	const teams = state.teamOrder.map<FacilitatorTeam>((teamId) => {
		const team = state.teams[teamId];
		const pending = pendingFor(scenario, team);
		const ending = team.ending
			? scenario.endings.find((e) => e.id === team.ending!.endingId)
			: undefined;
		const lastId = team.releaseOrder[team.releaseOrder.length - 1];
		const decisions = Object.values(team.decisions).map<FacilitatorDecision>((d) => {
			const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
			const members = decisionMembers(scenario, state, teamId, d.injectId);
			const answered = members.filter(
				(m) => state.latest[answerKey(m.id, d.injectId, d.decisionId)] !== undefined
			);
			return {
				injectId: d.injectId,
				decisionId: d.decisionId,
				prompt: decision.prompt,
				kind: decision.kind,
				isTeam: Boolean(decision.team),
				decider: decision.team?.decider ?? null,
				status: d.status,
				deadlineMs: d.deadlineMs,
				optional: scenario.injectById[d.injectId].optional,
				teamAnswer: teamAnswerText(d.responseId),
				answered: answered.map((m) => {
					const r = state.responses[state.latest[answerKey(m.id, d.injectId, d.decisionId)]];
					return {
						id: m.id,
						name: m.name,
						optionId: proposalOf(state, m.id, d.injectId, d.decisionId),
						choice: choiceOf(r.value),
						...(r.value.kind === 'indicators' && { flagged: r.value.lines.length }),
						rationale: r.rationale ?? null,
						scenarioMs: r.scenarioMs,
						at: r.at,
						late: r.late
					};
				}),
				openedMs: team.released[d.injectId]?.scenarioMs,
				openedAt: team.released[d.injectId]?.at,
				waitingFor: members
					.filter((m) => !answered.includes(m))
					.map((m) => ({ id: m.id, name: m.name })),
				lockedOptionId: d.optionId,
				lockedBy: d.by ? (state.participants[d.by]?.name ?? d.by) : null,
				rule: d.rule,
				overrideReason: d.overrideReason,
				options: decision.options
					.filter((o) => optionAvailable(d, o.id))
					.map((o) => ({ id: o.id, label: o.label, correct: o.correct })),
				notOffered: decision.options.filter((o) => !optionAvailable(d, o.id)).map((o) => o.label)
			};
		});
		return {
			id: team.id,
			name: team.name,
			members: teamMembers(state, teamId).map((p) => ({
				id: p.id,
				name: p.name,
				role: p.role,
				roleName: roleName(p.role),
				lastActiveAt: lastActive.get(p.id) ?? p.joinedAt ?? null
			})),
			ending: team.ending && {
				id: team.ending.endingId,
				title: ending?.title ?? (endedEarly(team) ? ENDED_EARLY_TITLE : 'No ending'),
				outcome: ending?.outcome ?? (endedEarly(team) ? 'ended-early' : 'mixed'),
				scenarioMs: team.ending.scenarioMs
			},
			milestones: { ...team.milestones },
			rolls: describedRolls(scenario, team.rolls),
			vars: { ...team.vars },
			current: lastId ? { injectId: lastId, title: scenario.injectById[lastId].title } : null,
			released: team.releaseOrder.map((id) => ({
				injectId: id,
				title: scenario.injectById[id].title,
				phase: scenario.injectById[id].phase,
				scenarioMs: team.released[id].scenarioMs,
				cause: team.released[id].cause,
				optional: scenario.injectById[id].optional,
				variants: team.released[id].variants ?? [],
				droppable:
					!team.ending &&
					!(id in team.dropped) &&
					scenario.injectById[id].decisions.some(
						(dec) => team.decisions[decisionKey(id, dec.id)]?.status === 'open'
					)
			})),
			dropped: Object.entries(team.dropped).map(([id, x]) => ({
				injectId: id,
				title: scenario.injectById[id]?.title ?? id,
				by: x.by,
				reason: x.reason ?? null,
				released: x.released
			})),
			upcoming: pending
				.filter((p) => p.kind === 'release')
				.map((p) => {
					const held = team.held.includes(p.id);
					return {
						injectId: p.id,
						title: scenario.injectById[p.id].title,
						dueMs: p.dueMs,
						cause: p.cause ?? 'schedule',
						held,
						optional: scenario.injectById[p.id].optional,
						waiting: p.dueMs <= scenarioMs && (held || state.release === 'manual')
					};
				}),
			decisions,
			stages: scenario.stages.map((s) => ({
				id: s.id,
				title: s.title,
				technique: s.technique,
				atMs:
					s.atMs ??
					team.stages[s.id]?.scenarioMs ??
					team.stagesDue.find((due) => due.stageId === s.id)?.dueMs ??
					null,
				status: team.stages[s.id] ? (team.stages[s.id].fired ? 'fired' : 'prevented') : 'pending'
			})),
			// Issue 18: what the team played, not the time that passed.
			progress: teamProgress(scenario, state, team)
		};
	});
	return {
		sessionId: state.sessionId,
		title: state.title,
		scenarioId: scenario.id,
		scenarioTitle: scenario.title,
		...(scenario.clockStart !== undefined && { clockStart: scenario.clockStart }),
		status: state.status,
		revealed: state.revealed,
		release: state.release,
		clock: state.clock,
		scenarioMs,
		seq: state.seq,
		progress: teams.length === 0 ? 0 : teams.reduce((a, t) => a + t.progress, 0) / teams.length,
		teams,
		observations: state.observations.map((o) => ({
			id: o.id,
			teamId: o.teamId,
			injectId: o.injectId,
			objectiveId: o.objectiveId,
			rating: o.rating,
			...(o.about && { about: o.about }),
			text: o.text,
			scenarioMs: o.scenarioMs
		})),
		textAnswers: state.responses
			// Only the answer that counts for each trainee and decision.
			.filter((r, i) => state.latest[answerKey(r.participantId, r.injectId, r.decisionId)] === i)
			.flatMap((r) => {
				const decision = scenario.decisionByKey[decisionKey(r.injectId, r.decisionId)];
				if (!decision.scored || r.value.kind !== 'text') return [];
				return [
					{
						responseId: r.responseId,
						participant: state.participants[r.participantId]?.name ?? r.participantId,
						teamId: r.teamId,
						injectId: r.injectId,
						decisionId: r.decisionId,
						text: r.value.text,
						maxPoints: decision.points,
						points: state.textScores[r.responseId]?.points ?? null
					}
				];
			})
	};
}
