/**
 * Wall-clock times as Sandtable prints them: UTC to the minute, `2026-03-01 09:00 UTC`. No locale
 * or time zone goes into the text, so a page rendered on the server hydrates without a mismatch
 * in any browser, an audit trail is unambiguous, and printed pages match the exports. Pure (no
 * framework), for the engine, the reports and the components alike.
 */

/** `ms` since the epoch as `2026-03-01 09:00 UTC`; a RangeError when it is not a valid time. */
export function utcMinute(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `ms` since the epoch as `2026-03-01 09:00 UTC`, or `missing` when absent or not a valid time. */
export function utcMinuteOr(ms: number | null | undefined, missing: string): string {
	if (ms === null || ms === undefined || Number.isNaN(new Date(ms).getTime())) return missing;
	return utcMinute(ms);
}
