/** The two roundings every dashboard figure goes through. */
import { round } from '../../engine/score/scoring';
import { MINUTE_MS } from './calendar';

/** The mean of `n` values adding up to `sum`, rounded to hundredths; null over nothing. */
export function meanOf(sum: number, n: number): number | null {
	return n === 0 ? null : round(sum / n);
}

/** Milliseconds as minutes, rounded to hundredths; null stays null. */
export function minutesOf(ms: number | null): number | null {
	return ms === null ? null : round(ms / MINUTE_MS);
}
