import { CSV_SECTIONS, dashboardCsv, type CsvSection } from '#lib/reports/dashboard-export.js';
import { jsonError } from '#lib/server/http.js';
import { exportDashboard, exportFormat } from '#lib/server/dashboard/export.js';
import { parseDashboardQuery, parseSessionPage } from '#lib/server/dashboard/query.js';
import { dashboardFor, seesTrainees } from '#lib/server/dashboard/service.js';
import { staffUser } from '../api';
import type { RequestHandler } from './$types';

/**
 * The dashboard as JSON (everything, or one `section`) or CSV (one `section`, sessions by
 * default), under the page's role rules: 401 without credentials, 403 for a trainee token.
 */
export const GET: RequestHandler = async (event) => {
	const user = staffUser(event);
	const params = event.url.searchParams;
	const query = parseDashboardQuery(params);
	if (query.errors.length > 0) return jsonError(400, query.errors[0]);
	const format = exportFormat(params.get('format'), event.request.headers.get('accept'));
	if (!format) return jsonError(400, 'format: expected json or csv');
	const rawSection = params.get('section')?.trim() || null;
	if (rawSection !== null && !(CSV_SECTIONS as readonly string[]).includes(rawSection)) {
		return jsonError(400, `section: expected one of ${CSV_SECTIONS.join(', ')}`);
	}
	const section = rawSection as CsvSection | null;
	if (section === 'trainees' && !seesTrainees(user)) {
		return jsonError(403, 'Only leads and admins see trainees.');
	}
	const paging = parseSessionPage(params);
	if (paging.error) return jsonError(400, paging.error);
	const pseudonymise = ['1', 'true', 'yes'].includes(params.get('pseudonymise') ?? '');
	// What to answer: one section, or (JSON only) everything. Only the sessions need every
	// session's row; the other sections only count them.
	const part: CsvSection | null = section ?? (format === 'csv' ? 'sessions' : null);
	const dashboard = await dashboardFor(user, query, {
		pseudonymise,
		sessionPage:
			part === null || part === 'sessions' ? (paging.page ?? undefined) : { page: 1, size: 0 }
	});
	const download = params.get('download') === '1';
	const name = `sandtable-dashboard-${part ?? 'all'}-${dashboard.today}`;
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (format === 'csv') {
		const text = dashboardCsv(dashboard, part ?? 'sessions', event.url.origin) ?? '';
		headers['content-type'] = 'text/csv; charset=utf-8';
		headers['content-disposition'] = `attachment; filename="${name}.csv"`;
		return new Response(text, { headers });
	}
	headers['content-type'] = 'application/json; charset=utf-8';
	if (download) headers['content-disposition'] = `attachment; filename="${name}.json"`;
	const body = exportDashboard(dashboard, part);
	const paged = paging.page && (part === null || part === 'sessions');
	return new Response(
		JSON.stringify(paged ? { ...body, sessionPage: dashboard.sessionPage } : body),
		{ headers }
	);
};
