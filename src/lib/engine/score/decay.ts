/**
 * Points that fall with response time. A decision with `decay: { full, zero, floor }` pays its
 * positive points in full for a response within `full` of the inject's release, then linearly
 * less until `zero`, from where it pays `floor` (a share, default 0). Negative points are never
 * reduced (a slow wrong answer is not better than a quick one). What is reachable stays the full
 * points, so a slow team's percentage shows the time it took.
 *
 * Response time: from the release to the lock (team decisions: locked or overridden) or to the
 * trainee's answer that counts (individual decisions), in scenario ms.
 */
import type { Decay } from '../scenario/model';

/** The share (floor..1) of its positive points a response after `responseMs` earns. */
export function decayFactor(decay: Decay | undefined, responseMs: number): number {
	if (!decay || responseMs <= decay.fullMs) return 1;
	if (responseMs >= decay.zeroMs) return decay.floor;
	const through = (responseMs - decay.fullMs) / (decay.zeroMs - decay.fullMs);
	return 1 - through * (1 - decay.floor);
}

/** `points` with every positive phase multiplied by `factor`; the input is not modified. */
export function applyDecay(points: Record<string, number>, factor: number): Record<string, number> {
	if (factor === 1) return points;
	const out: Record<string, number> = {};
	for (const [phase, n] of Object.entries(points)) out[phase] = n > 0 ? n * factor : n;
	return out;
}
