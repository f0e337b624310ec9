import { describe, expect, it } from 'vitest';
import { buildDashboard, NO_FILTERS } from '../dashboard';
import { compactSummary, dayOf } from './compact';
import { summaryOf, teamOf } from './fixtures';

const AT = Date.UTC(2026, 0, 10, 23, 30);

const summary = summaryOf(
	's1',
	AT,
	[
		teamOf('red', ' Red  Team ', 80, null, { timeToIdentifyMs: 90_000, timeToContainMs: null }),
		teamOf('blue', 'Blue', 40, 20)
	],
	{
		objectives: [
			{ id: 'o1', title: 'Room', phases: [], rating: 'S', byTeam: {} },
			{ id: 'o2', title: 'Per team', phases: [], rating: null, byTeam: { red: 'P' } }
		],
		techniques: {
			T1486: { red: { earned: 3, reachable: 4 }, blue: { earned: -1, reachable: 0 } },
			T1490: {}
		},
		trainees: [
			{ participantId: 'p1', name: ' ana ', teamId: 'blue', role: 'ic', percent: 50 },
			{ participantId: 'p2', name: 'Ben', teamId: 'gone', role: 'ic', percent: null }
		]
	}
);

describe('a compact summary', () => {
	it('holds what the sections read, by phase and team index', () => {
		const r = compactSummary(summary);
		expect(r.at).toBe(AT);
		expect(r.phases.ids).toEqual(['identification', 'containment']);
		expect(r.room).toEqual([60, 20]);
		expect(r.teams.map((t) => [t.name.key, t.name.label, t.percents, t.total])).toEqual([
			// NaN, not null, for nothing at stake: the arrays stay unboxed doubles.
			['red team', 'Red  Team', [80, NaN], 80],
			['blue', 'Blue', [40, 20], 30]
		]);
		expect(r.teams[0].identifyMinutes).toBe(1.5);
		expect(r.teams[0].containMinutes).toBeNull();
		// P S M U unrated: the room-wide S once; the per-team objective P for red, unrated for blue.
		expect(r.roomRatings).toEqual([0, 1, 0, 0, 0]);
		expect(r.teams.map((t) => t.ratings)).toEqual([
			[1, 0, 0, 0, 0],
			[0, 0, 0, 0, 1]
		]);
		// T1490 no team reached: it is not kept (no selection of teams would count it).
		expect(r.techniques).toEqual([{ id: 'T1486', exercised: [0, 1], percent: [75, NaN] }]);
		expect(r.techniques[0].exercised).toBe(r.allTeams);
		expect(r.trainees.map((p) => [p.name.label, p.team])).toEqual([
			['ana', 1],
			['Ben', -1]
		]);
	});

	it('is derived once per summary object, and summaries of one scenario share their phases', () => {
		const r = compactSummary(summary);
		expect(compactSummary(summary)).toBe(r);
		const other = compactSummary(summaryOf('s2', AT, [teamOf('red', 'Red', 1, 1)]));
		expect(other.phases).toBe(r.phases);
	});

	it('counts calendar days at the offset asked last', () => {
		const r = compactSummary(summary);
		expect(dayOf(r, 0)).toBe('2026-01-10');
		expect(dayOf(r, 60)).toBe('2026-01-11');
		expect(dayOf(r, 0)).toBe('2026-01-10');
	});

	it('is not served stale when the store replaces a summary with a rewritten one', () => {
		const before = buildDashboard([summary], NO_FILTERS, [], AT);
		expect(before.sessions[0].room).toEqual({ identification: 60, containment: 20 });
		// The stores never change a summary in place: a rewrite is a new object.
		const rewritten = {
			...summary,
			room: { identification: 10, containment: 90 },
			teams: [teamOf('red', 'Red', 10, 90)]
		};
		expect(compactSummary(rewritten)).not.toBe(compactSummary(summary));
		const after = buildDashboard([rewritten], NO_FILTERS, [], AT);
		expect(after.sessions[0].room).toEqual({ identification: 10, containment: 90 });
		expect(after.sessions[0].teams.map((t) => t.name)).toEqual(['Red']);
		expect(after.trends[0].series.map((s) => s.label)).toEqual(['Organisation', 'Red']);
	});
});
