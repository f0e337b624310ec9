/**
 * A trainee's results: their own per-phase scores and their team's, their answers marked against
 * the answer key with its feedback, and their team's ending. Built from `traineeView` (the only
 * way session data reaches a trainee) and from their own and their team's lines of the session
 * scores, so nothing about other trainees or other teams is in it; and before the reveal it
 * holds nothing but the fact that the results are not out yet.
 */
import type { ResponseValue } from '#lib/engine/session/events.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import { scoreSession, type PhaseScore } from '#lib/engine/score/session-score.js';
import type { SessionState, SessionStatus } from '#lib/engine/session/state.js';
import {
	traineeView,
	type PublicArtefact,
	type RenderMarkdown,
	type TraineeDecision
} from '#lib/engine/session/trainee-view.js';

export type Verdict = 'full' | 'partial' | 'none' | 'unscored' | 'unanswered';

export interface ResultOption {
	label: string;
	correct: boolean;
	chosen: boolean;
	feedbackHtml?: string;
}

export interface ResultAnswer {
	key: string;
	injectTitle: string;
	phaseName: string;
	promptHtml: string;
	kind: TraineeDecision['kind'];
	/** The team decision's outcome (what the team decided), for team decisions. */
	team: { decided: string; correct: boolean | null } | null;
	/** What this trainee answered (their own proposal on a team decision), in words. */
	mine: string | null;
	late: boolean;
	verdict: Verdict;
	earned: number;
	max: number;
	options: ResultOption[];
	/** Indicator decisions: the lines that were indicators, and how this trainee did. */
	indicators?: {
		precision: number | null;
		recall: number | null;
		lines: { n: number; text: string; note?: string; flagged: boolean }[];
	};
	guidanceHtml?: string;
	timeoutFeedbackHtml?: string;
}

export interface ScoreLine {
	phases: Record<string, PhaseScore>;
	total: PhaseScore;
}

export type TraineeResults =
	| { revealed: false; sessionTitle: string; status: SessionStatus }
	| {
			revealed: true;
			sessionTitle: string;
			scenarioTitle: string;
			status: SessionStatus;
			me: { name: string; roleName: string; teamName: string };
			/** Phases with points at stake for this trainee or their team. */
			phases: { id: string; name: string }[];
			mine: ScoreLine & { answered: number; addressed: number; late: number };
			team: ScoreLine;
			ending: { title: string; outcome: string; summaryHtml: string } | null;
			answers: ResultAnswer[];
	  };

function describe(d: TraineeDecision, value: ResponseValue | null): string | null {
	if (!value) return null;
	const label = (id: string) => d.options.find((o) => o.id === id)?.label ?? id;
	switch (value.kind) {
		case 'single':
			return label(value.optionId);
		case 'multiple':
			return value.optionIds.length ? value.optionIds.map(label).join('; ') : 'none of these';
		case 'indicators':
			return value.lines.length
				? `line${value.lines.length === 1 ? '' : 's'} ${[...value.lines]
						.sort((a, b) => a - b)
						.map((n) => n + 1)
						.join(', ')}`
				: 'no lines';
		case 'text':
			return value.text;
	}
}

function chosen(value: ResponseValue | null, optionId: string): boolean {
	if (value?.kind === 'single') return value.optionId === optionId;
	if (value?.kind === 'multiple') return value.optionIds.includes(optionId);
	return false;
}

function verdictOf(d: TraineeDecision, earned: number, max: number): Verdict {
	if (!d.myAnswer) return 'unanswered';
	if (d.myAnswerLate) return 'none';
	if (max <= 0) return 'unscored';
	// A free-text answer the facilitator has not marked yet earns nothing so far.
	if (d.kind === 'text' && earned === 0) return 'unscored';
	return earned >= max ? 'full' : earned > 0 ? 'partial' : 'none';
}

function indicatorLines(d: TraineeDecision, artefacts: PublicArtefact[]) {
	const log = artefacts.find((a) => a.id === d.artefact);
	if (log?.type !== 'log') return undefined;
	const flagged = d.myAnswer?.kind === 'indicators' ? d.myAnswer.lines : [];
	return {
		precision: d.reveal?.precision ?? null,
		recall: d.reveal?.recall ?? null,
		lines: log.lines
			.filter((l) => l.indicator || flagged.includes(l.n))
			.map((l) => ({
				n: l.n,
				text: l.text,
				note: l.indicator ? l.note : 'not an indicator',
				flagged: flagged.includes(l.n)
			}))
	};
}

/** What a trainee may see of their results now: nothing but a notice before the reveal. */
export function traineeResults(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	md: RenderMarkdown
): TraineeResults | null {
	const me = state.participants[participantId];
	if (!me) return null;
	if (!state.revealed) return { revealed: false, sessionTitle: state.title, status: state.status };
	const view = traineeView(scenario, state, participantId, md)!;
	const scores = scoreSession(scenario, state);
	const mine = scores.trainees.find((t) => t.participantId === participantId)!;
	const team = scores.teams.find((t) => t.teamId === me.teamId)!;
	const phases = scores.phases.filter(
		(p) => mine.phases[p.id].reachable > 0 || team.phases[p.id].reachable > 0
	);
	const answers: ResultAnswer[] = view.injects.flatMap((inject) =>
		inject.decisions.map((d) => {
			const earned = Object.values(d.reveal?.points ?? {}).reduce((a, b) => a + b, 0);
			const max = d.reveal?.maxPoints ?? 0;
			const locked = d.options.find((o) => o.id === d.lockedOptionId);
			return {
				key: `${inject.id}/${d.id}`,
				injectTitle: inject.title,
				phaseName: inject.phaseName,
				promptHtml: d.promptHtml,
				kind: d.kind,
				team: d.team
					? d.status === 'expired'
						? { decided: 'No decision: the deadline passed', correct: false }
						: locked
							? { decided: locked.label, correct: locked.correct ?? null }
							: { decided: 'Not decided', correct: null }
					: null,
				mine: describe(d, d.myAnswer),
				late: d.myAnswerLate,
				verdict: verdictOf(d, earned, max),
				earned,
				max,
				options: d.options.map((o) => ({
					label: o.label,
					correct: o.correct === true,
					chosen: chosen(d.myAnswer, o.id),
					feedbackHtml: o.feedbackHtml
				})),
				indicators: d.kind === 'indicators' ? indicatorLines(d, inject.artefacts) : undefined,
				guidanceHtml: d.reveal?.guidanceHtml,
				timeoutFeedbackHtml: d.status === 'expired' ? d.reveal?.timeoutFeedbackHtml : undefined
			};
		})
	);
	return {
		revealed: true,
		sessionTitle: state.title,
		scenarioTitle: scenario.title,
		status: state.status,
		me: { name: me.name, roleName: view.me.roleName, teamName: view.team.name },
		phases: phases.map((p) => ({ id: p.id, name: p.name })),
		mine: {
			phases: mine.phases,
			total: mine.total,
			answered: mine.answered,
			addressed: mine.addressed,
			late: mine.late
		},
		team: { phases: team.phases, total: team.total },
		ending: view.team.ending,
		answers
	};
}
