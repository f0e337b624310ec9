import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';
import { Ratings } from './ratings';

const JAN = Date.UTC(2026, 0, 10, 12);
const FEB = Date.UTC(2026, 1, 10, 12);
const teams = [teamOf('red', 'Red', 1, 1), teamOf('blue', 'Blue', 1, 1)];

describe('objective ratings', () => {
	it('counts per-team ratings per selected team, room-wide ones once, per month', () => {
		const ratings = new Ratings();
		ratings.add(
			shownOf(
				summaryOf('s1', JAN, teams, {
					objectives: [
						{ id: 'a', title: 'A', phases: [], rating: 'M', byTeam: { red: 'P' } },
						{ id: 'b', title: 'B', phases: [], rating: 'S', byTeam: {} },
						{ id: 'c', title: 'C', phases: [], rating: null, byTeam: {} }
					]
				})
			)
		);
		ratings.add(
			shownOf(
				summaryOf('s2', FEB, teams, {
					objectives: [{ id: 'a', title: 'A', phases: [], rating: 'U', byTeam: { blue: 'U' } }]
				}),
				{ teams: ['blue'] }
			)
		);
		expect(ratings.result()).toEqual({
			total: { P: 1, S: 1, M: 0, U: 1, unrated: 2 },
			byMonth: [
				{ month: '2026-01', P: 1, S: 1, M: 0, U: 0, unrated: 2 },
				{ month: '2026-02', P: 0, S: 0, M: 0, U: 1, unrated: 0 }
			]
		});
	});
});
