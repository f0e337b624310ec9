/** The two derived figures every dashboard figure goes through, at full precision (pages and CSV round at display). */
import { MINUTE_MS } from './calendar';

/** The mean of `n` values adding up to `sum`; null over nothing. */
export function meanOf(sum: number, n: number): number | null {
	return n === 0 ? null : sum / n;
}

/** Milliseconds as minutes; null stays null. */
export function minutesOf(ms: number | null): number | null {
	return ms === null ? null : ms / MINUTE_MS;
}
