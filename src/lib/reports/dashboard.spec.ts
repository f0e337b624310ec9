import { describe, expect, it } from 'vitest';
import {
	buildDashboard,
	calendarDay,
	itemOverdue,
	itemState,
	MAX_TREND_POINTS,
	NO_FILTERS,
	type DashboardFilters
} from './dashboard';
import { itemOf, PHASES, summaryOf } from './dashboard/fixtures';
import { syntheticItems, syntheticSummaries } from './dashboard-fixtures';
import type { PhaseScore } from '../engine/score/session-score';
import type { SessionSummary, TeamSummary } from '../engine/score/summary';

const DAY = 86_400_000;
const JAN_10 = Date.UTC(2026, 0, 10, 15);
const NOW = Date.UTC(2026, 2, 1, 12);

function ps(earned: number, reachable: number): PhaseScore {
	return { earned, reachable, percent: reachable > 0 ? (100 * earned) / reachable : null };
}

function team(
	id: string,
	name: string,
	identification: PhaseScore,
	containment: PhaseScore,
	times: [number | null, number | null] = [null, null]
): TeamSummary {
	const earned = identification.earned + containment.earned;
	const reachable = identification.reachable + containment.reachable;
	return {
		id,
		name,
		members: 1,
		phases: { identification, containment },
		total: ps(earned, reachable),
		timeToIdentifyMs: times[0],
		timeToContainMs: times[1],
		endingId: null,
		outcome: null,
		timeouts: 0,
		participation: 1,
		stagesFired: []
	};
}

/** An ended session of scenario `phish` with these teams (the section specs' fixture). */
const summary = summaryOf;

/** Three sessions: two of "Phish" (Red and Blue, then Red alone), one of "Cloud" by another facilitator. */
function archive(): SessionSummary[] {
	return [
		summary(
			's1',
			JAN_10,
			[
				team('red', 'Red', ps(8, 10), ps(5, 10), [600_000, 1_800_000]),
				team('blue', 'Blue', ps(4, 10), ps(0, 10), [1_200_000, null])
			],
			{
				objectives: [
					{
						id: 'contain',
						title: 'Contain',
						phases: ['containment'],
						rating: 'U',
						byTeam: { red: 'P', blue: 'U' }
					},
					{ id: 'detect', title: 'Detect', phases: ['identification'], rating: 'S', byTeam: {} },
					{ id: 'report', title: 'Report', phases: ['containment'], rating: null, byTeam: {} }
				],
				techniques: {
					'T1566.001': { red: { earned: 9, reachable: 10 }, blue: { earned: 3, reachable: 10 } },
					'T1021.002': { blue: { earned: 0, reachable: 0 } }
				},
				trainees: [
					{ participantId: 'p1', name: 'Ana', teamId: 'red', role: 'ic', percent: 80 },
					{ participantId: 'p2', name: 'Ben', teamId: 'blue', role: 'ic', percent: 20 }
				]
			}
		),
		summary(
			's2',
			JAN_10 + 20 * DAY,
			[team('red', ' red ', ps(10, 10), ps(9, 10), [300_000, 900_000])],
			{
				objectives: [
					{
						id: 'contain',
						title: 'Contain',
						phases: ['containment'],
						rating: 'S',
						byTeam: { red: 'S' }
					}
				],
				techniques: { 'T1566.001': { red: { earned: 10, reachable: 10 } } },
				trainees: [{ participantId: 'p3', name: 'ana', teamId: 'red', role: 'ic', percent: 100 }]
			}
		),
		summary('s3', JAN_10 + 40 * DAY, [team('sec', 'SecOps', ps(2, 10), ps(3, 10))], {
			scenarioId: 'cloud',
			scenarioTitle: 'Cloud',
			facilitatorId: 'omar',
			techniques: { T1530: { sec: { earned: -2, reachable: 10 } } }
		})
	];
}

function filters(over: Partial<DashboardFilters> = {}): DashboardFilters {
	return { ...NO_FILTERS, ...over };
}

const item = itemOf;

describe('buildDashboard', () => {
	const all = buildDashboard(archive(), NO_FILTERS, [], NOW, {
		trainees: true,
		scenarios: [
			{ id: 'phish', title: 'Phish', techniques: ['T1566.001', 'T1021.002', 'T1078'] },
			{ id: 'cloud', title: 'Cloud', techniques: ['T1530'] }
		]
	});

	it('lists sessions newest first with per-phase scores per team and for the room', () => {
		expect(all.sessions.map((s) => [s.id, s.day, s.link])).toEqual([
			['s3', '2026-02-19', '/sessions/s3/debrief'],
			['s2', '2026-01-30', '/sessions/s2/debrief'],
			['s1', '2026-01-10', '/sessions/s1/debrief']
		]);
		const s1 = all.sessions[2];
		expect(s1.room).toEqual({ identification: 60, containment: 25 });
		expect(s1.roomTotal).toBe(42.5);
		expect(s1.teams.map((t) => [t.name, t.phases.containment, t.total])).toEqual([
			['Red', 50, 65],
			['Blue', 0, 20]
		]);
		expect(s1.teams[0].timeToContainMinutes).toBe(30);
		expect(all.phases).toEqual(PHASES);
	});

	it('builds the rows of one page of sessions only, counting them all', () => {
		const paged = buildDashboard(archive(), NO_FILTERS, [], NOW, {
			sessionPage: { page: 2, size: 2 }
		});
		expect(paged.sessions.map((s) => s.id)).toEqual(['s1']);
		expect(paged.sessionPage).toEqual({ page: 2, pages: 2, size: 2, total: 3 });
		expect(paged.scenarios).toEqual(all.scenarios);
		const clamped = buildDashboard(archive(), NO_FILTERS, [], NOW, {
			sessionPage: { page: 9, size: 2 }
		});
		expect(clamped.sessionPage.page).toBe(2);
		const none = buildDashboard(archive(), NO_FILTERS, [], NOW, {
			sessionPage: { page: 1, size: 0 }
		});
		expect(none.sessions).toEqual([]);
		expect(none.sessionPage).toEqual({ page: 1, pages: 1, size: 0, total: 3 });
		expect(all.sessionPage).toEqual({ page: 1, pages: 1, size: 3, total: 3 });
		expect(all.timeline.map((t) => t.sessionId)).toEqual(['s1', 's2', 's3']);
	});

	it('draws per-phase trends for the organisation and each team (names matched loosely)', () => {
		const containment = all.trends.find((t) => t.phase.id === 'containment')!;
		expect(
			containment.series.map((s) => [s.label, s.points.map((p) => [p.sessionId, p.value])])
		).toEqual([
			[
				'Organisation',
				[
					['s1', 25],
					['s2', 90],
					['s3', 30]
				]
			],
			['Blue', [['s1', 0]]],
			[
				'red',
				[
					['s1', 50],
					['s2', 90]
				]
			],
			['SecOps', [['s3', 30]]]
		]);
	});

	it('draws one point per session up to the limit, else means per day, week or month', () => {
		expect(all.resolution).toBe('session');
		const monthly = buildDashboard(archive(), NO_FILTERS, [], NOW, { resolution: 'month' });
		const org = monthly.trends.find((t) => t.phase.id === 'containment')!.series[0];
		expect(org.points).toEqual([
			{ day: '2026-01-01', sessionId: null, value: 57.5, sessions: 2 },
			{ day: '2026-02-01', sessionId: null, value: 30, sessions: 1 }
		]);
		const weekly = buildDashboard(archive(), NO_FILTERS, [], NOW, { resolution: 'week' });
		// 2026-01-10 is a Saturday: its week starts on Monday 5 January.
		expect(weekly.trends[0].series[0].points.map((p) => p.day)).toEqual([
			'2026-01-05',
			'2026-01-26',
			'2026-02-16'
		]);
		// A thousand sessions over three years: monthly; over one of those years: weekly.
		const many = syntheticSummaries(1000, 2);
		const years = buildDashboard(many, NO_FILTERS, [], NOW);
		expect(years.resolution).toBe('month');
		expect(years.trends[0].series[0].points.length).toBe(36);
		const year = buildDashboard(many, filters({ from: '2024-01-01', to: '2024-12-31' }), [], NOW);
		expect(year.resolution).toBe('week');
		expect(year.trends[0].series[0].points.length).toBeLessThanOrEqual(MAX_TREND_POINTS);
	});

	it('charts time to identify and to contain in scenario minutes, with the room mean', () => {
		const org = (list: typeof all.timings.identify) =>
			list.find((s) => s.kind === 'organisation')!.points.map((p) => [p.sessionId, p.value]);
		expect(org(all.timings.identify)).toEqual([
			['s1', 15],
			['s2', 5]
		]);
		expect(org(all.timings.contain)).toEqual([
			['s1', 30],
			['s2', 15]
		]);
	});

	it('compares scenarios phase by phase, hardest first', () => {
		expect(all.scenarios).toEqual([
			{
				scenarioId: 'cloud',
				title: 'Cloud',
				sessions: 1,
				phases: { identification: 20, containment: 30 },
				total: 25
			},
			{
				scenarioId: 'phish',
				title: 'Phish',
				sessions: 2,
				phases: { identification: 80, containment: 57.5 },
				total: 68.75
			}
		]);
	});

	it('counts objective ratings per team, room-wide ratings once, and unrated objectives', () => {
		expect(all.ratings.total).toEqual({ P: 1, S: 2, M: 0, U: 1, unrated: 1 });
		expect(all.ratings.byMonth).toEqual([
			{ month: '2026-01', P: 1, S: 2, M: 0, U: 1, unrated: 1 },
			{ month: '2026-02', P: 0, S: 0, M: 0, U: 0, unrated: 0 }
		]);
	});

	it('covers every technique: times exercised, last date, mean percent; never exercised first', () => {
		expect(all.coverage.map((c) => [c.id, c.exercised, c.lastExercised, c.meanPercent])).toEqual([
			['T1078', 0, null, null],
			['T1021.002', 1, '2026-01-10', null],
			['T1530', 1, '2026-02-19', 0],
			['T1566.001', 2, '2026-01-30', expect.closeTo(220 / 3, 10)]
		]);
		expect(all.coverage[0]).toMatchObject({ never: true, scenarios: ['Phish'] });
		expect(all.coverage.find((c) => c.id === 'T1566.001')!.scored).toBe(3);
	});

	it('groups trainees by name across sessions for leads, and pseudonymises when asked', () => {
		expect(all.trainees).toEqual([
			{
				name: 'ana',
				sessions: 2,
				meanPercent: 90,
				lastDay: '2026-01-30',
				lastPercent: 100,
				teams: ['red']
			},
			{
				name: 'Ben',
				sessions: 1,
				meanPercent: 20,
				lastDay: '2026-01-10',
				lastPercent: 20,
				teams: ['Blue']
			}
		]);
		const pseudo = buildDashboard(archive(), NO_FILTERS, [], NOW, {
			trainees: true,
			pseudonym: (n) => `Trainee ${n.toLowerCase().length}`
		});
		expect(pseudo.trainees!.map((t) => t.name)).toEqual(['Trainee 3', 'Trainee 3']);
		expect(buildDashboard(archive(), NO_FILTERS, [], NOW).trainees).toBeNull();
	});

	it('filters by scenario, date range and facilitator', () => {
		const phish = buildDashboard(archive(), filters({ scenarios: ['phish'] }), [], NOW);
		expect(phish.sessions.map((s) => s.id)).toEqual(['s2', 's1']);
		const range = buildDashboard(
			archive(),
			filters({ from: '2026-01-11', to: '2026-02-19' }),
			[],
			NOW
		);
		expect(range.sessions.map((s) => s.id)).toEqual(['s3', 's2']);
		const omar = buildDashboard(archive(), filters({ facilitatorId: 'omar' }), [], NOW);
		expect(omar.sessions.map((s) => s.id)).toEqual(['s3']);
		// A facilitator's filter choices hold only their own sessions' scenarios and teams.
		expect(omar.choices).toEqual({
			scenarios: [{ id: 'cloud', title: 'Cloud' }],
			teams: ['SecOps']
		});
	});

	it('narrows to named teams: the room becomes the mean of the selected teams', () => {
		const blue = buildDashboard(archive(), filters({ teams: ['BLUE'] }), [], NOW);
		expect(blue.sessions.map((s) => s.id)).toEqual(['s1']);
		expect(blue.sessions[0].room).toEqual({ identification: 40, containment: 0 });
		expect(blue.sessions[0].teams.map((t) => t.name)).toEqual(['Blue']);
		expect(blue.trends[0].series.map((s) => s.label)).toEqual(['Selected teams', 'Blue']);
		// Coverage counts only the selected team's results.
		expect(blue.coverage.find((c) => c.id === 'T1566.001')!.meanPercent).toBe(30);
	});

	it('merges the phases of scenarios that use parts of one model into its order', () => {
		const prep = { id: 'preparation', name: 'Preparation' };
		const recovery = { id: 'recovery', name: 'Recovery' };
		const wider = summary('s4', JAN_10 + 60 * DAY, [team('red', 'Red', ps(1, 2), ps(1, 2))], {
			phases: [prep, ...PHASES, recovery]
		});
		const d = buildDashboard([...archive(), wider], NO_FILTERS, [], NOW);
		expect(d.phases.map((p) => p.id)).toEqual([
			'preparation',
			'identification',
			'containment',
			'recovery'
		]);
	});

	it('counts calendar days in the given time zone', () => {
		const late = Date.UTC(2026, 0, 10, 23, 30);
		expect(calendarDay(late)).toBe('2026-01-10');
		expect(calendarDay(late, 60)).toBe('2026-01-11');
		expect(calendarDay(late, -600)).toBe('2026-01-10');
	});
});

describe('improvement items on the dashboard', () => {
	const today = '2026-03-01';
	const items = [
		item({
			id: 'a',
			review: 'pending',
			dueDate: '2026-02-01',
			planSection: 'comms',
			owner: 'Dana'
		}),
		item({ id: 'b', status: 'open', dueDate: '2026-02-28', planSection: 'comms', owner: 'dana ' }),
		item({ id: 'c', status: 'in-progress', dueDate: '2026-03-01', owner: 'Jon' }),
		item({ id: 'd', status: 'done', dueDate: '2026-01-01', planSection: 'roles' }),
		item({ id: 'e', status: 'verified', dueDate: '2026-01-01' }),
		item({ id: 'f', review: 'deferred', dueDate: '2026-02-20', planSection: 'roles' }),
		item({ id: 'g', review: 'rejected', dueDate: '2026-01-01', sessionId: 's3' })
	];

	it('tells the state of an item and whether it is overdue', () => {
		expect(items.map((i) => itemState(i))).toEqual([
			'pending',
			'open',
			'in-progress',
			'done',
			'verified',
			'deferred',
			'rejected'
		]);
		expect(items.filter((i) => itemOverdue(i, today)).map((i) => i.id)).toEqual(['a', 'b', 'f']);
	});

	it('counts items by state and overdue, grouped by plan section and by owner', () => {
		const { improvements } = buildDashboard(archive(), NO_FILTERS, items, NOW);
		expect(improvements.total).toBe(7);
		expect(improvements.counts).toEqual({
			pending: 1,
			open: 1,
			'in-progress': 1,
			done: 1,
			verified: 1,
			deferred: 1,
			rejected: 1
		});
		expect(improvements.overdueItems.map((i) => [i.id, i.daysOverdue])).toEqual([
			['a', 28],
			['f', 9],
			['b', 1]
		]);
		expect(improvements.bySection.map((g) => [g.label, g.total, g.overdue])).toEqual([
			['comms', 2, 2],
			['roles', 2, 1],
			['No plan section', 3, 0]
		]);
		expect(improvements.byOwner.map((g) => [g.label, g.total, g.overdue])).toEqual([
			['Dana', 2, 2],
			['Jon', 1, 0],
			['No owner yet', 4, 1]
		]);
	});

	it('counts only the items of the sessions shown once a filter is set', () => {
		const omar = buildDashboard(archive(), filters({ facilitatorId: 'omar' }), items, NOW);
		expect(omar.improvements.total).toBe(1);
		expect(omar.improvements.counts.rejected).toBe(1);
	});
});

describe('synthetic archive', () => {
	it('is deterministic per seed and builds a dashboard over every session', () => {
		const a = syntheticSummaries(200, 3);
		expect(syntheticSummaries(200, 3)).toEqual(a);
		expect(syntheticSummaries(200, 4)).not.toEqual(a);
		const dashboard = buildDashboard(a, NO_FILTERS, syntheticItems(a, 3), NOW, { trainees: true });
		expect(dashboard.sessions).toHaveLength(200);
		expect(dashboard.improvements.total).toBe(200);
		expect(dashboard.scenarios.reduce((n, s) => n + s.sessions, 0)).toBe(200);
	});
});
