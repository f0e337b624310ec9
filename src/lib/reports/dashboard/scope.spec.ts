import { describe, expect, it } from 'vitest';
import { summaryOf, teamOf } from './fixtures';
import { anyFilter, scopeSessions, type DashboardFilters } from './scope';
import { TeamNames } from './team-names';

const JAN_10 = Date.UTC(2026, 0, 10, 23, 30);
const DAY = 86_400_000;
const NONE: DashboardFilters = {
	scenarios: [],
	teams: [],
	from: null,
	to: null,
	facilitatorId: null
};
const archive = [
	summaryOf('s2', JAN_10 + DAY, [teamOf('red', ' red ', 1, 1)]),
	summaryOf('s1', JAN_10, [teamOf('red', 'Red', 1, 1), teamOf('blue', 'Blue', 1, 1)]),
	summaryOf('s3', JAN_10, [teamOf('sec', 'SecOps', 1, 1)], {
		scenarioId: 'cloud',
		scenarioTitle: 'Cloud',
		facilitatorId: 'omar'
	})
];

function scope(filters: Partial<DashboardFilters>, offset = 0) {
	return scopeSessions(archive, { ...NONE, ...filters }, new TeamNames(), offset);
}

describe('the dashboard’s scope', () => {
	it('keeps every session, oldest first, and offers every scenario and team', () => {
		const { shown, choices } = scope({});
		expect(shown.map((s) => [s.summary.sessionId, s.day])).toEqual([
			['s1', '2026-01-10'],
			['s3', '2026-01-10'],
			['s2', '2026-01-11']
		]);
		expect(choices).toEqual({
			scenarios: [
				{ id: 'cloud', title: 'Cloud' },
				{ id: 'phish', title: 'Phish' }
			],
			// The spelling of the last summary given (s1's), not the newest session's.
			teams: ['Blue', 'Red', 'SecOps']
		});
	});

	it('narrows by scenario, day (at the offset) and team, offering the choices still', () => {
		expect(scope({ scenarios: ['cloud'] }).choices.scenarios).toHaveLength(2);
		expect(scope({ from: '2026-01-11' }).shown.map((s) => s.summary.sessionId)).toEqual(['s2']);
		expect(scope({ from: '2026-01-11' }, 60).shown).toHaveLength(3);
		const red = scope({ teams: ['RED'] }).shown;
		expect(red.map((s) => [s.summary.sessionId, s.teams.map((t) => t.id)])).toEqual([
			['s1', ['red']],
			['s2', ['red']]
		]);
	});

	it('offers a facilitator only their own sessions’ choices', () => {
		const { shown, choices } = scope({ facilitatorId: 'omar' });
		expect(shown.map((s) => s.summary.sessionId)).toEqual(['s3']);
		expect(choices).toEqual({ scenarios: [{ id: 'cloud', title: 'Cloud' }], teams: ['SecOps'] });
	});

	it('tells whether any filter is set', () => {
		expect(anyFilter(NONE)).toBe(false);
		expect(anyFilter({ ...NONE, to: '2026-01-01' })).toBe(true);
		expect(anyFilter({ ...NONE, facilitatorId: 'fran' })).toBe(true);
	});
});
