/**
 * What the dashboard page needs from a dashboard built with one page of sessions: a few overdue
 * items, and each trend as a chart-ready table that the chart and its numbers share. Pure, so
 * that the page data stays small at any archive size.
 */
import type { Dashboard } from '#lib/reports/dashboard.js';
import { trendTable } from '#lib/components/dashboard/trend-table.js';

/** Sessions per page of the sessions table. */
export const SESSIONS_PER_PAGE = 25;
/** Overdue items listed on the page (the improvement list has them all). */
export const OVERDUE_LISTED = 10;

/** The page's data: the dashboard (one page of sessions), a few overdue items, trend tables. */
export function pageData(dashboard: Dashboard) {
	const order = new Map<string, { rank: number; title: string }>();
	dashboard.timeline.forEach((t, rank) => order.set(t.sessionId, { rank, title: t.title }));
	const { trends, timings, improvements, timeline: _timeline, ...rest } = dashboard;
	return {
		...rest,
		improvements: {
			...improvements,
			overdueItems: improvements.overdueItems.slice(0, OVERDUE_LISTED)
		},
		trends: trends.map((t) => ({ phase: t.phase, table: trendTable(t.series, order) })),
		timings: {
			identify: trendTable(timings.identify, order),
			contain: trendTable(timings.contain, order)
		}
	};
}

export type DashboardPage = ReturnType<typeof pageData>;
