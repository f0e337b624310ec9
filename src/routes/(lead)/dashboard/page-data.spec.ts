import { describe, expect, it } from 'vitest';
import { buildDashboard, NO_FILTERS, type Series } from '#lib/reports/dashboard.js';
import { syntheticItems, syntheticSummaries } from '#lib/reports/dashboard-fixtures.js';
import { trendTable } from '#lib/components/dashboard/trend-table.js';
import { OVERDUE_LISTED, pageData, SESSIONS_PER_PAGE } from './page-data';

describe('dashboard page data', () => {
	it('puts series on one time axis, in date then session order, with gaps as null', () => {
		const series: Series[] = [
			{
				key: 'organisation',
				label: 'Organisation',
				kind: 'organisation',
				points: [
					{ day: '2026-01-02', sessionId: 'b', value: 50, sessions: 1 },
					{ day: '2026-01-02', sessionId: 'c', value: 70, sessions: 1 },
					{ day: '2026-01-05', sessionId: 'd', value: 60, sessions: 1 }
				]
			},
			{
				key: 'team:red',
				label: 'Red',
				kind: 'team',
				points: [
					{ day: '2026-01-01', sessionId: 'a', value: 10, sessions: 1 },
					{ day: '2026-01-02', sessionId: 'c', value: 70, sessions: 1 }
				]
			}
		];
		const order = new Map([
			['a', { rank: 1, title: 'A' }],
			['b', { rank: 2, title: 'B' }],
			['c', { rank: 3, title: 'C' }],
			['d', { rank: 4, title: 'D' }]
		]);
		expect(trendTable(series, order)).toEqual({
			labels: ['2026-01-01', '2026-01-02', '2026-01-02', '2026-01-05'],
			rows: ['2026-01-01 · A', '2026-01-02 · B', '2026-01-02 · C', '2026-01-05 · D'],
			columns: [
				{ label: 'Organisation', kind: 'organisation', values: [null, 50, 70, 60] },
				{ label: 'Red', kind: 'team', values: [10, null, 70, null] }
			]
		});
	});

	it('keeps a few overdue items and titles the trend rows of session resolution', () => {
		const summaries = syntheticSummaries(120, 9);
		const d = buildDashboard(
			summaries,
			NO_FILTERS,
			syntheticItems(summaries, 9),
			Date.UTC(2027, 0, 1),
			{ sessionPage: { page: 2, size: SESSIONS_PER_PAGE } }
		);
		const page = pageData(d);
		expect(page.sessions).toHaveLength(SESSIONS_PER_PAGE);
		expect(d.improvements.overdueItems.length).toBeGreaterThan(OVERDUE_LISTED);
		expect(page.improvements.overdueItems).toHaveLength(OVERDUE_LISTED);
		expect(page.improvements.overdue).toBe(d.improvements.overdue);
		const org = d.trends[0].series[0];
		expect(page.trends[0].table.rows.length).toBe(org.points.length);
		const first = summaries.find((s) => s.sessionId === org.points[0].sessionId)!;
		expect(page.trends[0].table.rows[0]).toBe(`${org.points[0].day} · ${first.title}`);
		expect('timeline' in page).toBe(false);
	});
});
