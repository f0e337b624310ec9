/**
 * The one rounding of a figure shown to people. The engine and the reports keep full precision
 * (rounding answers, then sums, then percentages compounds the error: a team could show 66.66 %
 * where the hand computation gives 66.67 %); pages, CSV and Markdown round here, once.
 */

/** `n` rounded to `decimals` places (two by default), without `-0`. */
export function rounded(n: number, decimals = 2): number {
	const f = 10 ** decimals;
	const r = Math.round(n * f) / f;
	return Object.is(r, -0) ? 0 : r;
}

/** Points for display: `6.67`, `10`. */
export function points(n: number): string {
	return String(rounded(n));
}

/** A plural noun with its count: `1 point`, `2 points`, `0.5 points`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
	const shown = rounded(n);
	return `${shown} ${shown === 1 ? singular : plural}`;
}

/** A percentage for display, or `n/a` when nothing was at stake. */
export function percentText(p: number | null | undefined): string {
	return p === null || p === undefined ? 'n/a' : `${rounded(p)}%`;
}
