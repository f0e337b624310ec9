/**
 * What the dashboard page needs from a built dashboard: one page of the sessions table, a few
 * overdue items, and each trend as a chart-ready table that the chart and its numbers share.
 * Pure, so that the page data stays small at any archive size.
 */
import type { Dashboard } from '$lib/engine/dashboard';
import { trendTable } from '$lib/components/dashboard/trend-table';

/** Sessions per page of the sessions table. */
export const SESSIONS_PER_PAGE = 25;
/** Overdue items listed on the page (the improvement list has them all). */
export const OVERDUE_LISTED = 10;

/** The page's data: the dashboard with one page of sessions and its trends as tables. */
export function pageData(dashboard: Dashboard, requestedPage: number) {
	const total = dashboard.sessions.length;
	const pages = Math.max(1, Math.ceil(total / SESSIONS_PER_PAGE));
	const page = Number.isInteger(requestedPage) ? Math.min(Math.max(1, requestedPage), pages) : 1;
	const order = new Map<string, { rank: number; title: string }>();
	// Sessions are newest first; rank them oldest first for the time axis.
	dashboard.sessions.forEach((s, i) => order.set(s.id, { rank: total - i, title: s.title }));
	const { sessions, trends, timings, improvements, ...rest } = dashboard;
	return {
		...rest,
		improvements: {
			...improvements,
			overdueItems: improvements.overdueItems.slice(0, OVERDUE_LISTED)
		},
		sessions: sessions.slice((page - 1) * SESSIONS_PER_PAGE, page * SESSIONS_PER_PAGE),
		sessionPages: { page, pages, total, perPage: SESSIONS_PER_PAGE },
		trends: trends.map((t) => ({ phase: t.phase, table: trendTable(t.series, order) })),
		timings: {
			identify: trendTable(timings.identify, order),
			contain: trendTable(timings.contain, order)
		}
	};
}

export type DashboardPage = ReturnType<typeof pageData>;
