import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';
import { TeamNames } from './team-names';
import { Timings } from './timings';

const AT = Date.UTC(2026, 2, 2, 12);
const MIN = 60_000;

describe('timings', () => {
	it('charts each team and the mean of the teams that reached the milestone', () => {
		const timings = new Timings('Organisation', new TeamNames());
		timings.add(
			shownOf(
				summaryOf('s1', AT, [
					teamOf('red', 'Red', 1, 1, { timeToIdentifyMs: 10 * MIN, timeToContainMs: 30 * MIN }),
					teamOf('blue', 'Blue', 1, 1, { timeToIdentifyMs: 25 * MIN, timeToContainMs: null })
				])
			)
		);
		const { identify, contain } = timings.result();
		expect(identify.map((s) => [s.label, s.points[0].value])).toEqual([
			['Organisation', 17.5],
			['Blue', 25],
			['Red', 10]
		]);
		expect(contain.map((s) => [s.label, s.points[0].value])).toEqual([
			['Organisation', 30],
			['Red', 30]
		]);
	});

	it('draws nothing for a session where no team reached a milestone', () => {
		const timings = new Timings('Organisation', new TeamNames());
		timings.add(shownOf(summaryOf('s1', AT, [teamOf('red', 'Red', 1, 1)])));
		expect(timings.result()).toEqual({ identify: [], contain: [] });
	});
});
