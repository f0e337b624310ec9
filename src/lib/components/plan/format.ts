/**
 * Dates on the plan and improvement pages, the same on the server and in the browser (so the
 * page hydrates without a mismatch) and unambiguous in an audit trail: UTC, to the minute.
 */
import { utcMinute } from '#lib/format/time.js';

/** When a plan revision or item change was made, as `2026-05-04 14:32 UTC`. */
export function formatWhen(ms: number): string {
	return utcMinute(ms);
}

/** The ISO timestamp for a `<time datetime>` attribute. */
export function isoWhen(ms: number): string {
	return new Date(ms).toISOString();
}

/** `2026-06-30` as `30 Jun 2026`; anything else as given. */
export function formatDay(day: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!m) return day;
	const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
	return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}
