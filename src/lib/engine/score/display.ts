/**
 * The one rounding of a figure shown to people. Scores are kept at full precision (rounding
 * answers, then sums, then percentages compounds the error); what people read, pages, exports
 * and the debrief's drafted sentences, is rounded here, once. `#lib/format/number` builds the
 * page formatters on it; it lives in the engine because the debrief drafts sentences too.
 *
 * Display precision (issue 18: "11.08 of 12" and "28.38 %" claimed a precision no exercise has):
 * percentages are whole numbers, points carry at most one decimal. CSV exports keep two
 * decimals (`rounded` with its default) for people who compute further (docs/api.md, CSV).
 */

/** Decimals of a percentage people read: whole numbers. */
export const PERCENT_DECIMALS = 0;
/** Decimals of points people read: at most one (`6.7`, `10`). */
export const POINT_DECIMALS = 1;

/** `n` rounded to `decimals` places (two by default), without `-0`. */
export function rounded(n: number, decimals = 2): number {
	const f = 10 ** decimals;
	const r = Math.round(n * f) / f;
	return Object.is(r, -0) ? 0 : r;
}

/** A percentage as people read it: `28.38` -> `28`. */
export function shownPercent(p: number): number {
	return rounded(p, PERCENT_DECIMALS);
}

/** Points as people read them: `11.08` -> `11.1`. */
export function shownPoints(n: number): number {
	return rounded(n, POINT_DECIMALS);
}
