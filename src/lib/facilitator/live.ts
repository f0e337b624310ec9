/**
 * What the console computes between two server views: the scenario time now (from the view's
 * clock and the offset between the server's clock and ours), the progress figures and which
 * upcoming injects wait for the facilitator at that time. Pure, so it is tested without a browser.
 */
import { scenarioTime } from '#lib/engine/session/clock.js';
import type { FacilitatorView } from '#lib/engine/session/facilitator-view.js';

/** Milliseconds to add to this machine's clock to get the server's. */
export function clockOffset(serverNow: number, clientNow: number): number {
	return serverNow - clientNow;
}

/** Scenario time of `view` at this machine's `clientNow`. */
export function scenarioNow(view: FacilitatorView, clientNow: number, offset: number): number {
	return scenarioTime(view.clock, clientNow + offset);
}

/**
 * Progress of each team and of the exercise, as the server computes it (issue 18): what each
 * team played (released injects, resolved stages, closed decisions) over all that is known of
 * its exercise, so it never shows 100 % while decisions are open or stages and releases are to
 * come, unless the team has an ending. Time alone moves nothing, so the view's figures hold
 * between two server views; the time arguments are kept for the callers.
 */
export function progressAt(
	view: FacilitatorView,
	_scenarioMs?: number,
	_expectedMs?: number
): { overall: number; teams: Record<string, number> } {
	const teams: Record<string, number> = {};
	for (const t of view.teams) teams[t.id] = t.progress;
	const values = Object.values(teams);
	const overall = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
	return { overall, teams };
}

/** Whether an upcoming inject has come due and waits for the facilitator at `scenarioMs`. */
export function isWaiting(
	view: Pick<FacilitatorView, 'release'>,
	item: { dueMs: number; held: boolean },
	scenarioMs: number
): boolean {
	return item.dueMs <= scenarioMs && (item.held || view.release === 'manual');
}

/** A share 0..1 as a whole percentage; below 1 it never rounds up to 100. */
export function percent(share: number): number {
	const p = Math.round(Math.min(1, Math.max(0, share)) * 100);
	return share < 1 ? Math.min(p, 99) : p;
}
