import { improvementsCsv } from '#lib/reports/improvements-csv.js';
import { jsonError } from '#lib/server/http.js';
import { exportFormat } from '#lib/server/dashboard/export.js';
import { improvements } from '#lib/server/app.js';
import { sessionOwners, visibleTo } from '#lib/server/improvements/access.js';
import { applyFilter, isoDay, parseFilter } from '#lib/server/improvements/filters.js';
import { itemPayload } from '#lib/server/outbound/webhook.js';
import { staffUser } from '../api';
import type { RequestHandler } from './$types';

/**
 * The improvement items the caller may see, filtered like the /improvements page (review,
 * status, section, owner, session, overdue), as JSON or as a CSV for ticketing tools
 * (`format=csv`, or `Accept: text/csv`). 401 without credentials, 403 for a trainee token.
 */
export const GET: RequestHandler = async (event) => {
	const user = staffUser(event);
	const params = event.url.searchParams;
	const format = exportFormat(params.get('format'), event.request.headers.get('accept'));
	if (!format) return jsonError(400, 'format: expected json or csv');
	const today = isoDay(new Date());
	const visible = visibleTo(user, (await improvements()).list(), await sessionOwners());
	const items = applyFilter(visible, parseFilter(params), today);
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (format === 'csv') {
		headers['content-type'] = 'text/csv; charset=utf-8';
		headers['content-disposition'] = `attachment; filename="sandtable-improvements-${today}.csv"`;
		return new Response(improvementsCsv(items, event.url.origin), { headers });
	}
	headers['content-type'] = 'application/json; charset=utf-8';
	return new Response(JSON.stringify({ items: items.map(itemPayload) }), { headers });
};
