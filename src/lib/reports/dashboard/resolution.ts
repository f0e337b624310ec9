/**
 * How finely trends are drawn, and where each session falls on them: its own point, or the
 * day, week (from Monday) or month its calendar day belongs to.
 */
import { DAY_MS } from './calendar';

/** How finely trends are drawn: one point per session, or the mean per day, week or month. */
export const RESOLUTIONS = ['session', 'day', 'week', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Above this many points a trend is drawn one step coarser (`resolution: 'auto'`). */
export const MAX_TREND_POINTS = 120;

/** The first day of the period `day` (YYYY-MM-DD) falls in. */
export function periodStart(day: string, resolution: Exclude<Resolution, 'session'>): string {
	if (resolution === 'day') return day;
	if (resolution === 'month') return `${day.slice(0, 7)}-01`;
	const ms = Date.parse(day);
	const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
	return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** The finest resolution that keeps trends over `days` (in order) under MAX_TREND_POINTS points. */
export function autoResolution(days: readonly string[]): Resolution {
	if (days.length <= MAX_TREND_POINTS) return 'session';
	for (const r of ['day', 'week', 'month'] as const) {
		let count = 0;
		let last = '';
		let lastDay = '';
		for (const day of days) {
			// Days arrive in order; a run of the same day needs one look-up.
			if (day === lastDay) continue;
			lastDay = day;
			const start = periodStart(day, r);
			if (start !== last) {
				count++;
				last = start;
			}
		}
		if (count <= MAX_TREND_POINTS || r === 'month') return r;
	}
	return 'month';
}

/** Where a session falls on a trend: the point it adds to. */
export interface Slot {
	/** What the point is keyed by: the session in `session` resolution, else the period. */
	key: string;
	/** The session's day, or the first day of its period. */
	day: string;
	/** The session (resolution `session`), else null. */
	sessionId: string | null;
}

/**
 * The slot of a session at `resolution`, remembered per day: thousands of sessions share a
 * period, and share its (read-only) slot.
 */
export function slotter(resolution: Resolution): (sessionId: string, day: string) => Slot {
	if (resolution === 'session') return (sessionId, day) => ({ key: sessionId, day, sessionId });
	const slots = new Map<string, Slot>();
	const periods = new Map<string, Slot>();
	return (_sessionId, day) => {
		let slot = slots.get(day);
		if (slot === undefined) {
			const start = periodStart(day, resolution);
			slot = periods.get(start);
			if (slot === undefined)
				periods.set(start, (slot = { key: start, day: start, sessionId: null }));
			slots.set(day, slot);
		}
		return slot;
	};
}
