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
 * The most an answer to `decision` can earn, per phase. For a single choice that is the best
 * option by total score (one answer cannot take the best of several options in different phases);
 * for multiple choice the sum of the positive scores; for indicators and scored text its points.
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

function computeMax(decision: Decision): Record<string, number> {
	const out: Record<string, number> = {};
	switch (decision.kind) {
		case 'single': {
			const total = (o: Outcome) => Object.values(o.scores).reduce((a, b) => a + b, 0);
			const best = [...decision.options].sort((a, b) => total(b) - total(a))[0];
			return outcomePoints(best);
		}
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

/** Adds `b` into `a`, phase by phase. */
export function addPoints(
	a: Record<string, number>,
	b: Record<string, number>
): Record<string, number> {
	for (const [phase, points] of Object.entries(b)) a[phase] = (a[phase] ?? 0) + points;
	return a;
}
