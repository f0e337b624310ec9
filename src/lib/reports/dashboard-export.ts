/**
 * The dashboard as CSV, one tidy table per section (`?section=` on the API), so that each opens
 * straight in a spreadsheet. Written by ./csv.ts, which defuses cells a spreadsheet would run as
 * a formula.
 */
import { csvTable, type CsvCell } from './csv';
import { ITEM_STATES, type Dashboard, type ItemCounts, type ItemGroup } from './dashboard';

export const CSV_SECTIONS = [
	'sessions',
	'trends',
	'timings',
	'scenarios',
	'ratings',
	'coverage',
	'improvements',
	'overdue',
	'trainees'
] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

function counts(c: ItemCounts): number[] {
	return ITEM_STATES.map((s) => c[s]);
}

const STATE_COLUMNS = ITEM_STATES.map((s) => s.replace('-', '_'));

/**
 * One section of the dashboard as CSV text; `trainees` is null (the caller may not see them)
 * when the dashboard has none.
 */
export function dashboardCsv(d: Dashboard, section: CsvSection, origin = ''): string | null {
	const phaseIds = d.phases.map((p) => p.id);
	switch (section) {
		case 'sessions':
			return csvTable(
				[
					'session_id',
					'ended',
					'scenario_id',
					'scenario',
					'title',
					'team',
					...phaseIds,
					'total',
					'outcome',
					'time_to_identify_min',
					'time_to_contain_min',
					'debrief'
				],
				d.sessions.flatMap((s) => {
					const head = [s.id, s.day, s.scenarioId, s.scenarioTitle, s.title];
					const link = origin + s.link;
					return [
						[
							...head,
							'(room)',
							...phaseIds.map((p) => s.room[p]),
							s.roomTotal,
							null,
							null,
							null,
							link
						],
						...s.teams.map((t) => [
							...head,
							t.name,
							...phaseIds.map((p) => t.phases[p]),
							t.total,
							t.outcome,
							t.timeToIdentifyMinutes,
							t.timeToContainMinutes,
							link
						])
					];
				})
			);
		case 'trends':
			return csvTable(
				['phase', 'series', 'kind', 'day', 'session_id', 'percent', 'sessions'],
				d.trends.flatMap((t) =>
					t.series.flatMap((s) =>
						s.points.map((p) => [
							t.phase.id,
							s.label,
							s.kind,
							p.day,
							p.sessionId,
							p.value,
							p.sessions
						])
					)
				)
			);
		case 'timings':
			return csvTable(
				['metric', 'series', 'kind', 'day', 'session_id', 'minutes', 'sessions'],
				(['identify', 'contain'] as const).flatMap((metric) =>
					d.timings[metric].flatMap((s) =>
						s.points.map((p) => [metric, s.label, s.kind, p.day, p.sessionId, p.value, p.sessions])
					)
				)
			);
		case 'scenarios':
			return csvTable(
				['scenario_id', 'scenario', 'sessions', ...phaseIds, 'total'],
				d.scenarios.map((s) => [
					s.scenarioId,
					s.title,
					s.sessions,
					...phaseIds.map((p) => s.phases[p] ?? null),
					s.total
				])
			);
		case 'ratings':
			return csvTable(
				['month', 'P', 'S', 'M', 'U', 'unrated'],
				[
					...d.ratings.byMonth.map((m) => [m.month, m.P, m.S, m.M, m.U, m.unrated]),
					[
						'total',
						d.ratings.total.P,
						d.ratings.total.S,
						d.ratings.total.M,
						d.ratings.total.U,
						d.ratings.total.unrated
					]
				]
			);
		case 'coverage':
			return csvTable(
				[
					'technique',
					'sessions_exercised',
					'last_exercised',
					'mean_percent',
					'team_results',
					'never_exercised',
					'scenarios'
				],
				d.coverage.map((c) => [
					c.id,
					c.exercised,
					c.lastExercised,
					c.meanPercent,
					c.scored,
					c.never,
					c.scenarios.join('; ')
				])
			);
		case 'improvements': {
			const group = (by: string, g: ItemGroup): CsvCell[] => [
				by,
				g.key,
				g.label,
				g.total,
				...counts(g.counts),
				g.overdue
			];
			return csvTable(
				['group', 'key', 'label', 'total', ...STATE_COLUMNS, 'overdue'],
				[
					[
						'all',
						null,
						'All items',
						d.improvements.total,
						...counts(d.improvements.counts),
						d.improvements.overdue
					],
					...d.improvements.bySection.map((g) => group('section', g)),
					...d.improvements.byOwner.map((g) => group('owner', g))
				]
			);
		}
		case 'overdue':
			return csvTable(
				[
					'item_id',
					'session_id',
					'issue',
					'owner',
					'due_date',
					'days_overdue',
					'plan_section',
					'state'
				],
				d.improvements.overdueItems.map((i) => [
					i.id,
					i.sessionId,
					i.issue,
					i.owner,
					i.dueDate,
					i.daysOverdue,
					i.planSection,
					i.state
				])
			);
		case 'trainees':
			if (d.trainees === null) return null;
			return csvTable(
				['trainee', 'sessions', 'mean_percent', 'last_day', 'last_percent', 'teams'],
				d.trainees.map((t) => [
					t.name,
					t.sessions,
					t.meanPercent,
					t.lastDay,
					t.lastPercent,
					t.teams.join('; ')
				])
			);
	}
}
