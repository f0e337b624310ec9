/**
 * What a trainee sees of a session. `traineeView` is the only way session data reaches a
 * trainee, so the answer key (scores, correct options, indicator lines, feedback, variables, the
 * attacker track, facilitator notes) is added here only after the reveal. trainee-patch.ts sends
 * the parts of this view that events change.
 */
import { decisionMembers, proposalOf } from './commands';
import { ENDED_EARLY_SUMMARY, ENDED_EARLY_TITLE, endedEarly } from './early-end';
import type { ResponseValue } from './events';
import {
	decisionKey,
	type Artefact,
	type Decision,
	type Inject,
	type Scenario
} from '../scenario/model';
import { decisionBestTotal } from '../score/points';
import { indicatorMatch, scoreAnswer } from '../score/scoring';
import { effectiveDecision } from '../score/effective';
import type { ClockState } from './clock';
import { traineeRoom, type TraineeRoom } from './room-view';
import {
	answerKey,
	type DecisionState,
	teamMembers,
	type SessionState,
	type SessionStatus,
	type TeamState
} from './state';

/** Renders Markdown to safe HTML; the server passes its sanitizing, caching renderer. */
export type RenderMarkdown = (markdown: string) => string;

export type PublicArtefact =
	| {
			type: 'log';
			id: string;
			title: string;
			source?: string;
			format?: string;
			lines: PublicLogLine[];
	  }
	| Exclude<Artefact, { type: 'log' }>;

interface PublicLogLine {
	n: number;
	text: string;
	/** Only after the reveal. */
	indicator?: boolean;
	note?: string;
}

interface TraineeOption {
	id: string;
	label: string;
	detailHtml?: string;
	/** Only after the reveal. */
	correct?: boolean;
	feedbackHtml?: string;
	scores?: Record<string, number>;
	/** Only after the reveal (before it, only the team's own outcome: `outcomeHtml`). */
	outcomeHtml?: string;
}

interface TeamProposal {
	participantId: string;
	name: string;
	role: string;
	optionId: string | null;
}

export interface TraineeDecision {
	id: string;
	kind: Decision['kind'];
	promptHtml: string;
	team: { decider: string; deciderName: string } | null;
	deadlineMs: number | null;
	status: 'open' | 'locked' | 'expired' | 'dropped';
	options: TraineeOption[];
	artefact?: string;
	myAnswer: ResponseValue | null;
	myRationale: string | null;
	myAnswerLate: boolean;
	/** Team decisions: what each member proposes, and the outcome once closed. */
	proposals: TeamProposal[];
	lockedOptionId: string | null;
	lockedBy: string | null;
	lockRule: string | null;
	/**
	 * Team decisions: the story outcome of the option the team locked (or of the timeout), as
	 * soon as the decision closes. Never another option's.
	 */
	outcomeHtml?: string;
	/** Team text decisions: the team's answer, read-only for everyone once written. */
	teamAnswer: { text: string; by: string } | null;
	/** Only after the reveal. */
	reveal?: {
		points: Record<string, number>;
		maxPoints: number;
		indicatorLines?: number[];
		precision?: number;
		recall?: number;
		guidanceHtml?: string;
		timeoutFeedbackHtml?: string;
	};
}

export interface TraineeInject {
	id: string;
	title: string;
	phase: string;
	phaseName: string;
	channel: string;
	from?: string;
	scenarioMs: number;
	bodyHtml: string;
	/** The state-dependent texts the team got at release, after the body, in order. */
	variantsHtml: string[];
	/** Its decisions may be left unanswered. */
	optional: boolean;
	/** The facilitator dropped it for the team: its open decisions are closed. */
	dropped: boolean;
	artefacts: PublicArtefact[];
	decisions: TraineeDecision[];
}

export interface TraineeView {
	sessionId: string;
	title: string;
	scenarioTitle: string;
	/** Story time at scenario time 0 ("2025-03-13T17:00"), when the scenario sets a clock. */
	clockStart?: string;
	status: SessionStatus;
	revealed: boolean;
	clock: ClockState;
	seq: number;
	me: { id: string; name: string; teamId: string; role: string; roleName: string };
	team: {
		id: string;
		name: string;
		members: { id: string; name: string; role: string; roleName: string }[];
		/** `outcome: 'ended-early'` when the session ended before the team reached an outcome. */
		ending: { title: string; summaryHtml: string; outcome: string } | null;
	};
	injects: TraineeInject[];
	/** Chat, RFIs, improvised injects, the incident record, feedback (room-view.ts). */
	room: TraineeRoom;
}

function roleName(scenario: Scenario, roleId: string): string {
	return scenario.roles.find((r) => r.id === roleId)?.name ?? roleId;
}

function publicArtefact(artefact: Artefact, revealed: boolean, md: RenderMarkdown): PublicArtefact {
	if (artefact.type === 'email') return { ...artefact, body: md(artefact.body) };
	if (artefact.type === 'ticket') return { ...artefact, body: artefact.body && md(artefact.body) };
	if (artefact.type !== 'log') return artefact;
	return {
		type: 'log',
		id: artefact.id,
		title: artefact.title,
		source: artefact.source,
		format: artefact.format,
		lines: artefact.lines.map((line, n) => {
			if (typeof line === 'string') return { n, text: line };
			if (!revealed) return { n, text: line.text };
			return { n, text: line.text, indicator: line.indicator === true, note: line.note };
		})
	};
}

/** Whether a participant's role receives an inject. */
export function addressedTo(inject: Inject, role: string): boolean {
	return inject.audience === null || inject.audience.includes(role);
}

function traineeDecision(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	participantId: string,
	decision: Decision,
	md: RenderMarkdown
): TraineeDecision {
	const d = team.decisions[decisionKey(decision.injectId, decision.id)];
	// The options the team was offered, with the scores they were worth to it.
	const offered = effectiveDecision(decision, d);
	const index = state.latest[answerKey(participantId, decision.injectId, decision.id)];
	const answer = index === undefined ? null : state.responses[index];
	const revealed = state.revealed;
	const proposals: TeamProposal[] = decision.team
		? decisionMembers(scenario, state, team.id, decision.injectId).map((m) => ({
				participantId: m.id,
				name: m.name,
				role: m.role,
				optionId: proposalOf(state, m.id, decision.injectId, decision.id)
			}))
		: [];
	const view: TraineeDecision = {
		id: decision.id,
		kind: decision.kind,
		promptHtml: md(decision.prompt),
		team: decision.team
			? {
					decider: decision.team.decider,
					deciderName:
						decision.team.decider === 'majority'
							? 'majority'
							: roleName(scenario, decision.team.decider)
				}
			: null,
		deadlineMs: d?.deadlineMs ?? null,
		status: d?.status ?? 'open',
		options: offered.options.map((o) => {
			const option: TraineeOption = { id: o.id, label: o.label };
			if (o.detail) option.detailHtml = md(o.detail);
			if (revealed) {
				option.correct = o.correct;
				option.scores = o.scores;
				if (o.feedback) option.feedbackHtml = md(o.feedback);
				if (o.outcome) option.outcomeHtml = md(o.outcome);
			}
			return option;
		}),
		artefact: decision.artefact,
		myAnswer: answer?.value ?? null,
		myRationale: answer?.rationale ?? null,
		myAnswerLate: answer?.late ?? false,
		proposals,
		lockedOptionId: decision.team ? (d?.optionId ?? null) : null,
		lockedBy: d?.by
			? (state.participants[d.by]?.name ?? (d.rule === 'override' ? 'facilitator' : d.by))
			: null,
		lockRule: d?.rule ?? null,
		teamAnswer: teamAnswerOf(state, d)
	};
	const outcome = teamOutcome(decision, d?.status, d?.optionId ?? null);
	if (outcome) view.outcomeHtml = md(outcome);
	if (revealed) {
		const points =
			answer && !answer.late
				? scoreAnswer(offered, answer.value, state.textScores[answer.responseId]?.points)
				: {};
		view.reveal = { points, maxPoints: decisionBestTotal(offered) };
		if (decision.kind === 'indicators') {
			view.reveal.indicatorLines = decision.indicatorLines;
			if (answer?.value.kind === 'indicators') {
				const m = indicatorMatch(answer.value.lines, decision.indicatorLines);
				view.reveal.precision = m.precision;
				view.reveal.recall = m.recall;
			}
		}
		if (decision.guidance) view.reveal.guidanceHtml = md(decision.guidance);
		if (decision.timeout?.feedback) view.reveal.timeoutFeedbackHtml = md(decision.timeout.feedback);
	}
	return view;
}

/** The story outcome a team has met for a closed team decision: its locked option's, or the timeout's. */
function teamOutcome(
	decision: Decision,
	status: DecisionState['status'] | undefined,
	optionId: string | null
): string | undefined {
	if (!decision.team) return undefined;
	if (status === 'locked') return decision.options.find((o) => o.id === optionId)?.outcome;
	if (status === 'expired') return decision.timeout?.outcome;
	return undefined;
}

/**
 * The team's answer to a team text decision. Views are built for every trainee on every change, so
 * it is looked up through its writer's latest answer (the decision records who wrote it), not by
 * scanning every response of the session.
 */
function teamAnswerOf(
	state: SessionState,
	d: DecisionState | undefined
): TraineeDecision['teamAnswer'] {
	if (!d?.responseId) return null;
	const i = d.by ? state.latest[answerKey(d.by, d.injectId, d.decisionId)] : undefined;
	const r =
		i !== undefined && state.responses[i].responseId === d.responseId
			? state.responses[i]
			: state.responses.find((x) => x.responseId === d.responseId);
	if (r?.value.kind !== 'text') return null;
	return { text: r.value.text, by: state.participants[r.participantId]?.name ?? r.participantId };
}

/** One released inject as a trainee of `team` sees it (the answer key only after the reveal). */
export function traineeInject(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	participantId: string,
	inject: Inject,
	md: RenderMarkdown
): TraineeInject {
	return {
		id: inject.id,
		title: inject.title,
		phase: inject.phase,
		phaseName: scenario.phases.find((p) => p.id === inject.phase)?.name ?? inject.phase,
		channel: inject.channel,
		from: inject.from,
		scenarioMs: team.released[inject.id].scenarioMs,
		bodyHtml: md(inject.body),
		variantsHtml: (team.released[inject.id].variants ?? []).flatMap((i) =>
			inject.variants[i] ? [md(inject.variants[i].body)] : []
		),
		optional: inject.optional,
		dropped: inject.id in team.dropped,
		artefacts: inject.artefacts.map((a) => publicArtefact(a, state.revealed, md)),
		decisions: inject.decisions.map((d) =>
			traineeDecision(scenario, state, team, participantId, d, md)
		)
	};
}

/** A trainee's team: its members with their role names, and its ending once reached. */
export function teamPart(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	md: RenderMarkdown
): TraineeView['team'] {
	const ending = team.ending?.endingId
		? scenario.endings.find((e) => e.id === team.ending!.endingId)
		: undefined;
	return {
		id: team.id,
		name: team.name,
		members: teamMembers(state, team.id).map((p) => ({
			id: p.id,
			name: p.name,
			role: p.role,
			roleName: roleName(scenario, p.role)
		})),
		ending: ending
			? { title: ending.title, summaryHtml: md(ending.summary), outcome: ending.outcome }
			: endedEarly(team)
				? { title: ENDED_EARLY_TITLE, summaryHtml: md(ENDED_EARLY_SUMMARY), outcome: 'ended-early' }
				: null
	};
}

/** What one trainee may see of a session. */
export function traineeView(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	md: RenderMarkdown
): TraineeView | null {
	const me = state.participants[participantId];
	if (!me) return null;
	const team = state.teams[me.teamId];
	const injects = team.releaseOrder
		.map((id) => scenario.injectById[id])
		.filter((inject) => addressedTo(inject, me.role))
		.map((inject) => traineeInject(scenario, state, team, me.id, inject, md));
	return {
		sessionId: state.sessionId,
		title: state.title,
		scenarioTitle: scenario.title,
		...(scenario.clockStart !== undefined && { clockStart: scenario.clockStart }),
		status: state.status,
		revealed: state.revealed,
		clock: state.clock,
		seq: state.seq,
		me: {
			id: me.id,
			name: me.name,
			teamId: me.teamId,
			role: me.role,
			roleName: roleName(scenario, me.role)
		},
		team: teamPart(scenario, state, team, md),
		injects,
		room: traineeRoom(scenario, state, participantId, md)!
	};
}
