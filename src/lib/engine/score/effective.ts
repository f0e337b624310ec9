/**
 * A decision as a team met it: the options it was offered (an option's `when` may have made
 * some unavailable) with the scores they were worth then (`scoresIf` may have replaced an
 * option's `scores`). Both are fixed in the team's `DecisionState` by the fold (apply.ts), so
 * scoring stays a pure function of the scenario and the state: read options through these
 * helpers wherever points are earned or counted as reachable, never `decision.options` directly.
 */
import type { Decision, Option } from '../scenario/model';
import type { DecisionState } from '../session/state';

/** Whether the team was offered `optionId` (every option is, when none has a `when`). */
export function optionAvailable(d: DecisionState | undefined, optionId: string): boolean {
	return !d?.available || d.available.includes(optionId);
}

/**
 * The options of `decision` the team was offered, in file order, each with its effective scores.
 * Without a state (the decision was never released to the team) or when no option has `when` or
 * `scoresIf`, the decision's own options (the same array).
 */
export function effectiveOptions(decision: Decision, d: DecisionState | undefined): Option[] {
	if (!d || (!d.available && !d.optionScores)) return decision.options;
	const scores = d.optionScores;
	return decision.options
		.filter((o) => optionAvailable(d, o.id))
		.map((o) => (scores?.[o.id] ? { ...o, scores: scores[o.id] } : o));
}

/**
 * `decision` with its options replaced by `effectiveOptions`, for functions that take a decision
 * (scoreAnswer, decisionMaxPoints). The same object when nothing changes, so caches keyed by the
 * decision keep working for scenarios without `when`/`scoresIf` on options.
 */
export function effectiveDecision(decision: Decision, d: DecisionState | undefined): Decision {
	const options = effectiveOptions(decision, d);
	return options === decision.options ? decision : { ...decision, options };
}
