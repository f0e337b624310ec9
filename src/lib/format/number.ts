/**
 * Figures for people. The engine and the reports keep full precision (rounding answers, then
 * sums, then percentages compounds the error: the room average showed 70.85 % where the hand
 * computation gives 70.83 %); pages, charts and Markdown round here, once (whole percentages,
 * points to one decimal); CSV keeps two decimals with the engine's `rounded`.
 */
import { rounded, shownPercent, shownPoints } from '../engine/score/display';

export { rounded, shownPercent, shownPoints };

/** Points for display, at most one decimal: `6.7`, `10`. */
export function points(n: number): string {
	return String(shownPoints(n));
}

/** A plural noun with its count: `1 point`, `2 points`, `0.5 points`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
	const shown = shownPoints(n);
	return `${shown} ${shown === 1 ? singular : plural}`;
}

/** A whole percentage for display, or `n/a` when nothing was at stake. */
export function percentText(p: number | null | undefined): string {
	return p === null || p === undefined ? 'n/a' : `${shownPercent(p)}%`;
}
