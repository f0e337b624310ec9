import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';
import { ScenarioComparisons } from './scenarios';

const AT = Date.UTC(2026, 2, 2, 12);

describe('scenario comparison', () => {
	it('means the room per phase over each scenario’s sessions, hardest first', () => {
		const acc = new ScenarioComparisons();
		acc.add(shownOf(summaryOf('s1', AT, [teamOf('red', 'Red', 80, 60)])));
		acc.add(
			shownOf(summaryOf('s2', AT + 1, [teamOf('red', 'Red', 40, null)]), {
				teams: ['red']
			})
		);
		acc.add(
			shownOf(
				summaryOf('s3', AT + 2, [teamOf('sec', 'SecOps', 20, 30)], {
					scenarioId: 'cloud',
					scenarioTitle: 'Cloud v2'
				})
			)
		);
		acc.add(
			shownOf(
				summaryOf('s4', AT + 3, [teamOf('sec', 'SecOps', null, null)], {
					scenarioId: 'empty',
					scenarioTitle: 'Empty'
				})
			)
		);
		expect(acc.result()).toEqual([
			{
				scenarioId: 'cloud',
				title: 'Cloud v2',
				sessions: 1,
				phases: { identification: 20, containment: 30 },
				total: 25
			},
			{
				scenarioId: 'phish',
				title: 'Phish',
				sessions: 2,
				phases: { identification: 60, containment: 60 },
				total: 55
			},
			{
				scenarioId: 'empty',
				title: 'Empty',
				sessions: 1,
				phases: { identification: null, containment: null },
				total: null
			}
		]);
	});
});
