import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { auditEntries } from '#lib/server/audit/index.js';
import { auditPage, parseAuditFilter } from '#lib/server/audit/view.js';
import type { PageServerLoad } from './$types';

/** The audit log for admins: filtered, newest first, with the chain's check. */
export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin');
	const params = event.url.searchParams;
	const filter = parseAuditFilter(params);
	// The filters as a query, for the export links and the pages.
	const query = new URLSearchParams(
		Object.entries(filter).filter(([, v]) => v !== '') as [string, string][]
	).toString();
	try {
		const view = auditPage(await auditEntries(), filter, Number(params.get('page') ?? 1));
		return { filter, query, ...view, problem: null };
	} catch (e) {
		// A line changed on disk so that it no longer parses: say so rather than fail the page.
		return {
			filter,
			problem: (e as Error).message,
			entries: [],
			total: 0,
			matching: 0,
			page: 1,
			pages: 1,
			chain: null
		};
	}
}) satisfies PageServerLoad;
