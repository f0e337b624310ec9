/**
 * Calendar days (YYYY-MM-DD) as the dashboard counts them: at a fixed offset from UTC, so the
 * same sessions give the same days on every server.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD, of `ms` at `offsetMinutes` east of UTC. */
export function calendarDay(ms: number, offsetMinutes = 0): string {
	return new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/** Days between two calendar days (YYYY-MM-DD), `to` minus `from`. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** `calendarDay` at one offset, remembered per day: thousands of sessions share few days. */
export function dayCounter(offsetMinutes: number): (ms: number) => string {
	const cache = new Map<number, string>();
	return (ms) => {
		const index = Math.floor((ms + offsetMinutes * MINUTE_MS) / DAY_MS);
		let day = cache.get(index);
		if (day === undefined) cache.set(index, (day = calendarDay(ms, offsetMinutes)));
		return day;
	};
}
