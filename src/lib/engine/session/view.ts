/**
 * Projections of a session for the people looking at it. `traineeView` is the only way session
 * data reaches a trainee, so the answer key (scores, correct options, indicator lines, feedback,
 * variables, the attacker track, facilitator notes) is added here only after the reveal.
 */
import { decisionMembers, proposalOf } from './commands';
import type { ResponseValue, SessionEvent } from './events';
import {
	decisionKey,
	type Artefact,
	type Decision,
	type Inject,
	type Scenario
} from '../scenario/model';
import { indicatorMatch, scoreAnswer } from '../score/scoring';
import type { ClockState } from './clock';
import {
	answerKey,
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

export interface PublicLogLine {
	n: number;
	text: string;
	/** Only after the reveal. */
	indicator?: boolean;
	note?: string;
}

export interface TraineeOption {
	id: string;
	label: string;
	detailHtml?: string;
	/** Only after the reveal. */
	correct?: boolean;
	feedbackHtml?: string;
	scores?: Record<string, number>;
}

export interface TeamProposal {
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
	status: 'open' | 'locked' | 'expired';
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
	artefacts: PublicArtefact[];
	decisions: TraineeDecision[];
}

export interface TraineeView {
	sessionId: string;
	title: string;
	scenarioTitle: string;
	status: SessionStatus;
	revealed: boolean;
	clock: ClockState;
	seq: number;
	me: { id: string; name: string; teamId: string; role: string; roleName: string };
	team: {
		id: string;
		name: string;
		members: { id: string; name: string; role: string; roleName: string }[];
		ending: { title: string; summaryHtml: string; outcome: string } | null;
	};
	injects: TraineeInject[];
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
		options: decision.options.map((o) => {
			const option: TraineeOption = { id: o.id, label: o.label };
			if (o.detail) option.detailHtml = md(o.detail);
			if (revealed) {
				option.correct = o.correct;
				option.scores = o.scores;
				if (o.feedback) option.feedbackHtml = md(o.feedback);
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
		lockRule: d?.rule ?? null
	};
	if (revealed) {
		const points =
			answer && !answer.late
				? scoreAnswer(decision, answer.value, state.textScores[answer.responseId]?.points)
				: {};
		view.reveal = { points, maxPoints: decisionMaxTotal(decision) };
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

function decisionMaxTotal(decision: Decision): number {
	if (decision.kind === 'indicators' || decision.kind === 'text')
		return decision.scored ? decision.points : 0;
	const totals = decision.options.map((o) => Object.values(o.scores).reduce((a, b) => a + b, 0));
	if (decision.kind === 'single') return Math.max(0, ...totals);
	return totals.filter((t) => t > 0).reduce((a, b) => a + b, 0);
}

function traineeInject(
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
		artefacts: inject.artefacts.map((a) => publicArtefact(a, state.revealed, md)),
		decisions: inject.decisions.map((d) =>
			traineeDecision(scenario, state, team, participantId, d, md)
		)
	};
}

function teamPart(scenario: Scenario, state: SessionState, team: TeamState, md: RenderMarkdown) {
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
		injects
	};
}

/** A change to a trainee's view: only the parts that `events` touched. */
export interface TraineePatch {
	seq: number;
	status?: SessionStatus;
	revealed?: boolean;
	clock?: ClockState;
	team?: TraineeView['team'];
	/** Injects added or changed, to insert or replace by id (in release order). */
	injects?: TraineeInject[];
	/** The whole view, when too much changed to patch (the reveal). */
	view?: TraineeView;
}

interface PatchScope {
	clock: boolean;
	team: boolean;
	/** Injects the trainee sees whose content changed, in release order. */
	injects: string[];
}

/** Which parts of a trainee's view `events` touched. */
function patchScope(
	scenario: Scenario,
	state: SessionState,
	me: { id: string; teamId: string; role: string },
	events: readonly SessionEvent[]
): PatchScope {
	const team = state.teams[me.teamId];
	const scope: PatchScope = { clock: false, team: false, injects: [] };
	const touched = new Set<string>();
	for (const e of events) {
		if (e.type.startsWith('clock.') || e.type === 'session.ended') {
			scope.clock = true;
			continue;
		}
		if (!('teamId' in e) || e.teamId !== team.id) continue;
		switch (e.type) {
			case 'participant.joined':
				scope.team = true;
				// Team decisions list every member's proposal.
				for (const id of team.releaseOrder) {
					if (scenario.injectById[id].decisions.some((d) => d.team)) touched.add(id);
				}
				break;
			case 'team.completed':
				scope.team = true;
				break;
			case 'inject.released':
			case 'decision.locked':
			case 'decision.overridden':
			case 'deadline.expired':
				touched.add(e.injectId);
				break;
			case 'response.submitted': {
				const decision = scenario.decisionByKey[decisionKey(e.injectId, e.decisionId)];
				if (decision?.team || e.participantId === me.id) touched.add(e.injectId);
				break;
			}
		}
	}
	scope.injects = team.releaseOrder.filter(
		(id) => touched.has(id) && addressedTo(scenario.injectById[id], me.role)
	);
	return scope;
}

/**
 * What a trainee must be told about `events` (already applied to `state`), or null if nothing
 * they can see changed. Events of other teams and other people's individual answers touch
 * nothing; the reveal sends the whole view.
 */
export function traineePatch(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	events: readonly SessionEvent[],
	md: RenderMarkdown
): TraineePatch | null {
	const me = state.participants[participantId];
	if (!me) return null;
	const seq = state.seq;
	if (events.some((e) => e.type === 'answers.revealed')) {
		return { seq, view: traineeView(scenario, state, participantId, md)! };
	}
	const team = state.teams[me.teamId];
	const scope = patchScope(scenario, state, me, events);
	const patch: TraineePatch = { seq };
	if (scope.clock) {
		patch.clock = state.clock;
		patch.status = state.status;
	}
	if (scope.team) patch.team = teamPart(scenario, state, team, md);
	if (scope.injects.length > 0) {
		patch.injects = scope.injects.map((id) =>
			traineeInject(scenario, state, team, me.id, scenario.injectById[id], md)
		);
	}
	return Object.keys(patch).length > 1 ? patch : null;
}

/**
 * A key such that two trainees with the same key get the same patch for `events`: team, role
 * and what changed, plus the trainee's own id only when the patch carries their own answers
 * (or, after the reveal, their own points). Lets the server build one patch per team and role
 * when an inject goes out to a room.
 */
export function traineePatchKey(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	events: readonly SessionEvent[]
): string | null {
	const me = state.participants[participantId];
	if (!me) return null;
	if (events.some((e) => e.type === 'answers.revealed')) return `view|${me.id}`;
	const scope = patchScope(scenario, state, me, events);
	const personal =
		scope.injects.length > 0 &&
		(state.revealed ||
			scope.injects.some((id) =>
				scenario.injectById[id].decisions.some(
					(d) => state.latest[answerKey(me.id, id, d.id)] !== undefined
				)
			));
	return [
		me.teamId,
		me.role,
		scope.clock ? 'clock' : '',
		scope.team ? 'team' : '',
		scope.injects.join(','),
		personal ? me.id : ''
	].join('|');
}
