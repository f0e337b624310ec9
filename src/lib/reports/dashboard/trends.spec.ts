import { describe, expect, it } from 'vitest';
import { PHASES, shownOf, summaryOf, teamOf } from './fixtures';
import { TeamNames } from './team-names';
import { Trends } from './trends';

const DAY = 86_400_000;
const MON = Date.UTC(2026, 2, 2, 12);
const s1 = summaryOf('s1', MON, [teamOf('red', 'Red', 80, 40), teamOf('blue', 'Blue', 40, null)]);
const s2 = summaryOf('s2', MON + 2 * DAY, [teamOf('red', ' RED ', 60, 20)]);

describe('per-phase trends', () => {
	it('draws the room and each team per phase, one point per session, with a timeline', () => {
		const trends = new Trends('session', 'Organisation', new TeamNames());
		trends.add(shownOf(s1));
		trends.add(shownOf(s2));
		const { trends: list, timeline } = trends.result(PHASES);
		expect(list.map((t) => t.phase.id)).toEqual(['identification', 'containment']);
		const identification = list[0].series;
		expect(identification.map((s) => [s.key, s.label])).toEqual([
			['organisation', 'Organisation'],
			['team:blue', 'Blue'],
			['team:red', 'RED']
		]);
		expect(identification[2].points).toEqual([
			{ day: '2026-03-02', sessionId: 's1', value: 80, sessions: 1 },
			{ day: '2026-03-04', sessionId: 's2', value: 60, sessions: 1 }
		]);
		// Blue had nothing at stake in containment: no point for it there.
		expect(list[1].series.map((s) => s.key)).toEqual(['organisation', 'team:red']);
		expect(timeline).toEqual([
			{ sessionId: 's1', day: '2026-03-02', title: 'Drill s1' },
			{ sessionId: 's2', day: '2026-03-04', title: 'Drill s2' }
		]);
	});

	it('means the sessions of a period and has no timeline then', () => {
		const trends = new Trends('week', 'Selected teams', new TeamNames());
		trends.add(shownOf(s1, { teams: ['red'], resolution: 'week' }));
		trends.add(shownOf(s2, { teams: ['red'], resolution: 'week' }));
		const { trends: list, timeline } = trends.result(PHASES);
		expect(list[0].series[0]).toEqual({
			key: 'organisation',
			label: 'Selected teams',
			kind: 'organisation',
			points: [{ day: '2026-03-02', sessionId: null, value: 70, sessions: 2 }]
		});
		expect(timeline).toEqual([]);
	});

	it('lists a phase nobody scored with no series, in the order asked for', () => {
		const trends = new Trends('session', 'Organisation', new TeamNames());
		const extra = [{ id: 'recovery', name: 'Recovery' }, ...PHASES];
		expect(trends.result(extra).trends.map((t) => [t.phase.id, t.series.length])).toEqual([
			['recovery', 0],
			['identification', 0],
			['containment', 0]
		]);
	});
});
