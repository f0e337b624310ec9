/**
 * Objective ratings (P, S, M, U) in total and per month. An objective rated per team counts once
 * per selected team (unrated when that team has none); one rated only room-wide, or not at all,
 * counts once.
 */
import type { Rating } from '../../engine/session/events';
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

	add({ summary: s, day, teams }: ShownSession): void {
		const month = day.slice(0, 7);
		let monthCounts = this.byMonth.get(month);
		if (!monthCounts) this.byMonth.set(month, (monthCounts = emptyRatings()));
		for (const o of s.objectives) {
			let perTeam = false;
			for (const _ in o.byTeam) {
				perTeam = true;
				break;
			}
			if (!perTeam) {
				this.total[o.rating ?? 'unrated']++;
				monthCounts[o.rating ?? 'unrated']++;
				continue;
			}
			for (const t of teams) {
				const r = o.byTeam[t.id] ?? 'unrated';
				this.total[r]++;
				monthCounts[r]++;
			}
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
