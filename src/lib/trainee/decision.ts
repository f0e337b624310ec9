/**
 * What the trainee page says about a decision: whether an answer can be given now and with
 * which words, who decides a team decision, and a recorded answer in plain words. Mirrors the
 * rules of engine/session/commands.ts so the page does not offer what the server would refuse.
 */
import type { ResponseValue } from '#lib/engine/session/events.js';
import type { TraineeDecision, TraineeView } from '#lib/engine/session/trainee-view.js';

interface AnswerState {
	/** The form is offered. */
	open: boolean;
	/** Why the form is closed, or a warning about answering now. */
	note: string | null;
	submitLabel: string;
}

type ViewPart = Pick<TraineeView, 'status' | 'revealed'> & { me: { role: string } };

/** Whether (and how) the trainee can answer `decision` now. */
export function answerState(view: ViewPart, decision: TraineeDecision): AnswerState {
	const closed = (note: string): AnswerState => ({ open: false, note, submitLabel: '' });
	if (view.status === 'ended') return closed('The exercise has ended.');
	if (view.status === 'lobby') return closed('The exercise has not started yet.');
	if (decision.status === 'dropped') return closed('The facilitator dropped this inject.');
	if (decision.team && decision.kind === 'text') {
		if (decision.status === 'locked') return closed("The team's answer is in.");
		if (decision.status === 'expired')
			return closed("The deadline passed before the team's answer was written.");
		if (decidedByRole(decision) && decision.team.decider !== view.me.role)
			return closed(`The ${decision.team.deciderName} writes the team's answer.`);
		return { open: true, note: null, submitLabel: "Submit the team's answer" };
	}
	if (decision.team) {
		if (decision.status === 'locked') return closed('The team has decided.');
		if (decision.status === 'expired')
			return closed('The deadline passed before the team decided.');
		const label = decidesAlone(view.me.role, decision)
			? 'Decide for the team'
			: decision.myAnswer
				? 'Change my proposal'
				: 'Propose';
		return { open: true, note: null, submitLabel: label };
	}
	if (view.revealed) return closed('The answers have been revealed.');
	const submitLabel = decision.myAnswer ? 'Update my answer' : 'Submit answer';
	if (decision.status === 'expired') {
		return {
			open: true,
			note: 'The deadline has passed: an answer now is recorded but scores nothing.',
			submitLabel
		};
	}
	return { open: true, note: null, submitLabel };
}

/** True when a member with the deciding role takes part, so that role locks the decision. */
function decidedByRole(decision: TraineeDecision): boolean {
	const decider = decision.team?.decider;
	return !!decider && decider !== 'majority' && decision.proposals.some((p) => p.role === decider);
}

/** True when this trainee's choice locks the team decision by itself. */
function decidesAlone(role: string, decision: TraineeDecision): boolean {
	return decidedByRole(decision) && decision.team?.decider === role;
}

/** Who decides a team decision, in one sentence for this trainee. */
export function deciderSentence(role: string, decision: TraineeDecision): string {
	if (!decision.team) return '';
	if (decision.kind === 'text') {
		if (!decidedByRole(decision))
			return `Anyone of you may write the team's answer (nobody in the team is ${decision.team.deciderName}); it is final once submitted.`;
		return decidesAlone(role, decision)
			? "You write the team's answer; it is final once submitted."
			: `The ${decision.team.deciderName} writes the team's answer; you see it here once submitted.`;
	}
	if (decidesAlone(role, decision)) return 'You decide: your choice locks the team decision.';
	if (decidedByRole(decision))
		return `The ${decision.team.deciderName} decides; your proposal is shown to the team.`;
	const n = decision.proposals.length;
	const why =
		decision.team.decider === 'majority'
			? ''
			: ` (nobody in the team is ${decision.team.deciderName})`;
	return `The majority decides${why}: the decision locks when more than half of the ${n} member${n === 1 ? '' : 's'} choose the same option.`;
}

/** An answer in words: option labels, 1-based line numbers, or the text. */
export function describeAnswer(decision: TraineeDecision, value: ResponseValue): string {
	const label = (id: string) => decision.options.find((o) => o.id === id)?.label ?? id;
	switch (value.kind) {
		case 'single':
			return label(value.optionId);
		case 'multiple':
			return value.optionIds.length === 0
				? 'nothing chosen'
				: value.optionIds.map(label).join('; ');
		case 'indicators':
			return value.lines.length === 0
				? 'no lines flagged'
				: `line${value.lines.length === 1 ? '' : 's'} ${value.lines.map((n) => n + 1).join(', ')} flagged`;
		case 'text':
			return value.text;
	}
}

/** Total of per-phase points. */
export function totalPoints(points: Record<string, number>): number {
	return Object.values(points).reduce((a, b) => a + b, 0);
}

/** A phase id for people: `lessons-learned` -> `Lessons learned`. */
export function phaseLabel(id: string): string {
	const words = id.replace(/-/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A refused answer as the respond action returns it: the message and the values sent. */
export interface FormProblem {
	injectId?: string;
	decisionId?: string;
	message: string;
	values: Record<string, string>;
}
