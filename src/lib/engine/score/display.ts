/**
 * The one rounding of a figure shown to people. Scores are kept at full precision (rounding
 * answers, then sums, then percentages compounds the error); what people read, pages, exports
 * and the debrief's drafted sentences, is rounded here, once. `#lib/format/number` builds the
 * page formatters on it; it lives in the engine because the debrief drafts sentences too.
 */

/** `n` rounded to `decimals` places (two by default), without `-0`. */
export function rounded(n: number, decimals = 2): number {
	const f = 10 ** decimals;
	const r = Math.round(n * f) / f;
	return Object.is(r, -0) ? 0 : r;
}
