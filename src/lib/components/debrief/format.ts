/**
 * Formatting for the debrief and the results pages, the same on the server and in the browser
 * (no locale or time zone in the output), so the printed report matches the exports.
 */
import { formatScenarioTime } from '#lib/engine/session/clock.js';
import { percentText, shownPoints } from '#lib/format/number.js';
import { utcMinuteOr } from '#lib/format/time.js';

/** A percentage, or `n/a` when nothing was at stake. */
export const pct = percentText;

/** A phase score: its percentage, `not reached` (issue 18), or `n/a` when nothing was at stake. */
export function phasePct(s: { percent: number | null; reason?: string }): string {
	return s.reason === 'not-reached' ? 'not reached' : pct(s.percent);
}

/** An ending's outcome in words: `ended-early` reads "ended early". */
export function outcomeText(outcome: string): string {
	return outcome === 'ended-early' ? 'ended early' : outcome;
}

/** Earned over reachable points: `6.7/10`. */
export function fraction(earned: number, reachable: number): string {
	return `${shownPoints(earned)}/${shownPoints(reachable)}`;
}

/** A share 0..1 as a whole percentage, or `n/a`. */
export function share(x: number | null): string {
	return x === null ? 'n/a' : `${Math.round(x * 100)}%`;
}

/** Scenario ms as `+12:05`, or `n/a`. */
export function clock(ms: number | null | undefined): string {
	return ms === null || ms === undefined ? 'n/a' : formatScenarioTime(ms);
}

/** Real seconds as `45 s` or `3 min 5 s`, or `n/a`. */
export function seconds(s: number | null): string {
	if (s === null) return 'n/a';
	const total = Math.round(s);
	if (total < 60) return `${total} s`;
	const m = Math.floor(total / 60);
	const rest = total % 60;
	return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}

/** Real milliseconds as whole minutes, or `n/a`. */
export function minutes(ms: number | null): string {
	return ms === null ? 'n/a' : `${Math.round(ms / 60_000)} min`;
}

/** A wall-clock time as `2026-03-01 09:00 UTC`, or `n/a`. */
export function date(ms: number | null): string {
	return utcMinuteOr(ms, 'n/a');
}

export const RATING_TEXT: Record<string, string> = {
	P: 'P: performed without challenges',
	S: 'S: performed with some challenges',
	M: 'M: performed with major challenges',
	U: 'U: unable to be performed'
};

export const RATING_CSS: Record<string, string> = {
	P: 'badge-good',
	S: 'badge-info',
	M: 'badge-warn',
	U: 'badge-bad'
};

export const OUTCOME_CSS: Record<string, string> = {
	good: 'badge-good',
	mixed: 'badge-warn',
	bad: 'badge-bad',
	'ended-early': 'badge-info'
};
