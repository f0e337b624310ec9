/** How `GET /api/v1/dashboard` picks its format and shapes its JSON. Pure. */
import type { Dashboard } from '#lib/reports/dashboard.js';
import type { CsvSection } from '#lib/reports/dashboard-export.js';

/** `format` when given (json or csv, else null: a 400), else CSV if the client accepts only it. */
export function exportFormat(format: string | null, accept: string | null): 'json' | 'csv' | null {
	const f = format?.trim().toLowerCase();
	if (f) return f === 'json' || f === 'csv' ? f : null;
	const types = (accept ?? '').split(',').map((t) => t.split(';')[0].trim().toLowerCase());
	return types.includes('text/csv') && !types.includes('application/json') ? 'csv' : 'json';
}

/**
 * The JSON export: the whole dashboard (every session; without the form's choices and the page's
 * paging), or one section of it.
 */
export function exportDashboard(d: Dashboard, section: CsvSection | null) {
	const head = {
		generatedAt: new Date(d.generatedAt).toISOString(),
		today: d.today,
		filters: {
			scenarios: d.filters.scenarios,
			teams: d.filters.teams,
			from: d.filters.from,
			to: d.filters.to
		},
		resolution: d.resolution,
		phases: d.phases
	};
	const parts = {
		sessions: d.sessions,
		trends: d.trends,
		timings: d.timings,
		scenarios: d.scenarios,
		ratings: d.ratings,
		coverage: d.coverage,
		improvements: d.improvements,
		overdue: d.improvements.overdueItems,
		trainees: d.trainees
	} satisfies Record<CsvSection, unknown>;
	if (section !== null) return { ...head, [section]: parts[section] };
	// `overdue` is inside `improvements` already.
	const { overdue: _overdue, ...all } = parts;
	return { ...head, ...all };
}
