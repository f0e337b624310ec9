import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/server/auth/guard.js';
import { auditEntries } from '#lib/server/audit/index.js';
import { auditCsv, matches, parseAuditFilter } from '#lib/server/audit/view.js';
import type { RequestHandler } from './$types';

/** The audit log's entries that match the page's filters, oldest first, as CSV or JSON lines. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireUser(locals, 'admin');
	const format = url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'json') error(400, "format: use 'csv' or 'json'");
	const filter = parseAuditFilter(url.searchParams);
	const entries = (await auditEntries()).filter((e) => matches(e, filter));
	const day = new Date().toISOString().slice(0, 10);
	const body =
		format === 'csv' ? auditCsv(entries) : entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
	return new Response(body, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
			'content-disposition': `attachment; filename="sandtable-audit-${day}.${format === 'csv' ? 'csv' : 'jsonl'}"`,
			'cache-control': 'no-store'
		}
	});
};
