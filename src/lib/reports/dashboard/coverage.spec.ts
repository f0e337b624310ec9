import { describe, expect, it } from 'vitest';
import { Coverage } from './coverage';
import { shownOf, summaryOf, teamOf } from './fixtures';

const LATE = Date.UTC(2026, 0, 10, 23, 30);
const teams = [teamOf('red', 'Red', 1, 1), teamOf('blue', 'Blue', 1, 1)];

describe('ATT&CK coverage', () => {
	it('counts sessions, the latest day at the offset and the mean percent of the selected teams', () => {
		const coverage = new Coverage(60, [
			{ id: 'phish', title: 'Phish', techniques: ['T1566', 'T1078'] },
			{ id: 'cloud', title: 'Cloud', techniques: ['T1566'] }
		]);
		coverage.add(
			shownOf(
				summaryOf('s1', LATE, teams, {
					techniques: {
						T1566: { red: { earned: 9, reachable: 10 }, blue: { earned: -2, reachable: 10 } },
						T1021: { red: { earned: 0, reachable: 0 } }
					}
				})
			)
		);
		coverage.add(
			shownOf(
				summaryOf('s2', LATE - 86_400_000, teams, {
					techniques: {
						T1566: { red: { earned: 3, reachable: 10 }, blue: { earned: 5, reachable: 5 } }
					}
				}),
				{ teams: ['red'] }
			)
		);
		expect(coverage.result()).toEqual([
			{
				id: 'T1078',
				exercised: 0,
				lastExercised: null,
				lastExercisedAt: null,
				meanPercent: null,
				scored: 0,
				never: true,
				scenarios: ['Phish']
			},
			{
				id: 'T1021',
				exercised: 1,
				lastExercised: '2026-01-11',
				lastExercisedAt: LATE,
				meanPercent: null,
				scored: 0,
				never: false,
				scenarios: ['Phish']
			},
			{
				// A negative score counts as 0: (90 + 0 + 30) / 3.
				id: 'T1566',
				exercised: 2,
				lastExercised: '2026-01-11',
				lastExercisedAt: LATE,
				meanPercent: 40,
				scored: 3,
				never: false,
				scenarios: ['Cloud', 'Phish']
			}
		]);
	});

	it('does not count a technique no shown team reached as exercised (issue 18)', () => {
		const coverage = new Coverage(0, [{ id: 'phish', title: 'Phish', techniques: ['T1486'] }]);
		coverage.add(
			shownOf(
				summaryOf('s1', LATE, teams, {
					// Summaries before scoring version 3 listed every technique of the scenario.
					techniques: { T1486: {}, T1566: { blue: { earned: 1, reachable: 2 } } }
				}),
				{ teams: ['red'] }
			)
		);
		// Blue's technique is not listed either: Blue is not shown.
		expect(coverage.result().map((t) => [t.id, t.exercised, t.never])).toEqual([
			['T1486', 0, true]
		]);
	});
});
