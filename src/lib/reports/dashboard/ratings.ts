/**
 * Objective ratings (P, S, M, U) in total and per month. An objective rated per team counts once
 * per selected team (unrated when that team has none); one rated only room-wide, or not at all,
 * counts once.
 */
import type { Rating } from '../../engine/session/events';
import { RATING_KEYS } from './compact';
import type { Accumulator, ShownSession } from './shown';

export type RatingCounts = Record<Rating | 'unrated', number>;

export interface RatingSummary {
	total: RatingCounts;
	/** Months (YYYY-MM) in order. */
	byMonth: ({ month: string } & RatingCounts)[];
}

function emptyRatings(): RatingCounts {
	return { P: 0, S: 0, M: 0, U: 0, unrated: 0 };
}

/** The rating counts of the sessions added. */
export class Ratings implements Accumulator {
	private readonly total = emptyRatings();
	private readonly byMonth = new Map<string, RatingCounts>();

	private month = '';
	private monthCounts = emptyRatings();

	add({ record, day, selected }: ShownSession): void {
		// Sessions arrive in date order: a month's run needs one look-up.
		if (day.slice(0, 7) !== this.month) {
			this.month = day.slice(0, 7);
			let counts = this.byMonth.get(this.month);
			if (!counts) this.byMonth.set(this.month, (counts = emptyRatings()));
			this.monthCounts = counts;
		}
		// The counts per team and room-wide were taken once per summary (compact.ts).
		const month = this.monthCounts;
		for (let k = 0; k < RATING_KEYS.length; k++) {
			let n = record.roomRatings[k];
			for (const i of selected) n += record.teams[i].ratings[k];
			this.total[RATING_KEYS[k]] += n;
			month[RATING_KEYS[k]] += n;
		}
	}

	/** The counts in total and per month. */
	result(): RatingSummary {
		return {
			total: this.total,
			byMonth: [...this.byMonth.entries()]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([month, counts]) => ({ month, ...counts }))
		};
	}
}
