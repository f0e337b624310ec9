/**
 * Points at stake in a decision, per phase: what a perfect answer earns. Shared by the path
 * explorer (best score reachable) and scoring (points reachable on the path a team played).
 */
import type { Decision, Outcome } from '../scenario/model';

function add(into: Record<string, number>, phase: string | undefined, points: number) {
	if (!phase || points <= 0) return;
	into[phase] = (into[phase] ?? 0) + points;
}

/** Positive points of an outcome (an option or a timeout), per phase. */
export function outcomePoints(
	outcome: Pick<Outcome, 'scores'> | undefined
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [phase, points] of Object.entries(outcome?.scores ?? {})) add(out, phase, points);
	return out;
}

/**
 * The points reachable in a decision, per phase: for each phase, the most that phase could get
 * from this decision. For a single choice that is, per phase, the best option *for that phase*
 * (and, for a team decision with a deadline, the timeout's outcome too): an option that scores in
 * a phase the best-total option does not touch must have points behind it there, or that phase
 * shows more than 100 %. For multiple choice the sum of the positive scores; for indicators and
 * scored text its points. Earned points in a phase can therefore never exceed its reachable
 * points; the total is the sum of the phases, so a decision that trades one phase against another
 * caps the total below 100 % (documented in docs/scenario-format.md, "How scores are computed").
 */
export function decisionMaxPoints(decision: Decision): Record<string, number> {
	let cached = maxCache.get(decision);
	if (!cached) {
		cached = computeMax(decision);
		maxCache.set(decision, cached);
	}
	return cached;
}

const maxCache = new WeakMap<Decision, Record<string, number>>();

/** Per phase, the best of several outcomes' positive points in that phase. */
export function bestPerPhase(
	outcomes: readonly (Pick<Outcome, 'scores'> | undefined)[]
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const outcome of outcomes) {
		for (const [phase, points] of Object.entries(outcomePoints(outcome))) {
			out[phase] = Math.max(out[phase] ?? 0, points);
		}
	}
	return out;
}

function computeMax(decision: Decision): Record<string, number> {
	const out: Record<string, number> = {};
	switch (decision.kind) {
		case 'single':
			return bestPerPhase(
				decision.team && decision.timeout
					? [...decision.options, decision.timeout]
					: decision.options
			);
		case 'multiple':
			for (const o of decision.options) {
				for (const [phase, points] of Object.entries(o.scores)) add(out, phase, points);
			}
			return out;
		case 'indicators':
			add(out, decision.phase, decision.points);
			return out;
		case 'text':
			if (decision.scored) add(out, decision.phase, decision.points);
			return out;
	}
}

/**
 * The most one answer to `decision` can earn in total: for a single choice the best option's
 * total (one answer cannot take the best of several options in different phases), otherwise the
 * sum of the reachable points. Used for a "full marks" verdict on one answer.
 */
export function decisionBestTotal(decision: Decision): number {
	if (decision.kind === 'single') {
		const totals = decision.options.map((o) => Object.values(o.scores).reduce((a, b) => a + b, 0));
		return Math.max(0, ...totals);
	}
	return Object.values(decisionMaxPoints(decision)).reduce((a, b) => a + b, 0);
}

/** Adds `b` into `a`, phase by phase. */
export function addPoints(
	a: Record<string, number>,
	b: Record<string, number>
): Record<string, number> {
	for (const [phase, points] of Object.entries(b)) a[phase] = (a[phase] ?? 0) + points;
	return a;
}
