/** Time series for the trend charts: one per team and one for the organisation. */
import type { Slot } from './resolution';

export interface Point {
	/** The session's day, or the first day of the day, week (Monday) or month. */
	day: string;
	/** The session (resolution `session`), else null. */
	sessionId: string | null;
	/** The percent or minutes; the mean of the sessions in the period. */
	value: number;
	/** Sessions the value is over. */
	sessions: number;
}

export interface Series {
	/** `organisation`, or `team:<lower-case name>`. */
	key: string;
	label: string;
	kind: 'organisation' | 'team';
	points: Point[];
}

/** A time series keyed by team (or the organisation), filled in date order. */
export class SeriesSet {
	private readonly byKey = new Map<string, Series & { slot: string; sum: number }>();

	/** Adds a value at `slot` (slots arrive in date order). */
	add(key: string, label: string, kind: Series['kind'], slot: Slot, value: number): void {
		let series = this.byKey.get(key);
		if (!series) {
			series = { key, label, kind, points: [], slot: '', sum: 0 };
			this.byKey.set(key, series);
		}
		// Points arrive oldest first, so the last label seen is the most recent spelling.
		series.label = label;
		const last = series.points[series.points.length - 1];
		if (last && series.slot === slot.key) {
			series.sum += value;
			last.sessions++;
			last.value = series.sum / last.sessions;
		} else {
			series.slot = slot.key;
			series.sum = value;
			series.points.push({ day: slot.day, sessionId: slot.sessionId, value, sessions: 1 });
		}
	}

	/** The organisation first, then teams by name. */
	list(): Series[] {
		return [...this.byKey.values()]
			.sort(
				(a, b) =>
					Number(b.kind === 'organisation') - Number(a.kind === 'organisation') ||
					a.label.localeCompare(b.label)
			)
			.map(({ key, label, kind, points }) => ({ key, label, kind, points }));
	}
}
