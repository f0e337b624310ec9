/**
 * Story time: a scenario that sets `clock: { start: "2025-03-13T17:00" }` (a local wall time of
 * the story, no zone) shows each release as the weekday and time it happens in the story,
 * "Thursday 17:12", instead of the offset "+12:00". No time zone is involved at any point (the
 * arithmetic runs in UTC on the wall time as written), so server and browser print the same.
 * Pure, for the engine's views and the components alike.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `start` plus `scenarioMs` as "Thursday 17:12" (seconds cut), or null if `start` is no time. */
export function storyTime(start: string, scenarioMs: number): string | null {
	const m = WALL_TIME.exec(start);
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number);
	const base = Date.UTC(y, mo - 1, d, h, mi);
	const check = new Date(base);
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
	const t = new Date(base + Math.floor(Math.max(0, scenarioMs) / 60_000) * 60_000);
	const hh = String(t.getUTCHours()).padStart(2, '0');
	const mm = String(t.getUTCMinutes()).padStart(2, '0');
	return `${WEEKDAYS[t.getUTCDay()]} ${hh}:${mm}`;
}

/** Story time when the scenario has a clock start, else `offset(scenarioMs)` (e.g. "+12:00"). */
export function releaseTime(
	start: string | undefined,
	scenarioMs: number,
	offset: (ms: number) => string
): string {
	return (start !== undefined && storyTime(start, scenarioMs)) || offset(scenarioMs);
}
