import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { dashboardFor, seesTrainees } from '#lib/server/dashboard/service.js';
import { dashboardSearch, parseDashboardQuery } from '#lib/server/dashboard/query.js';
import { pageData, SESSIONS_PER_PAGE } from './page-data';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	// Leads and admins see everything; a facilitator only their own sessions, without trainees.
	const user = requireUserOrRedirect(event, 'admin', 'lead', 'facilitator');
	const query = parseDashboardQuery(event.url.searchParams);
	const page = Number(event.url.searchParams.get('page') ?? '1');
	const dashboard = await dashboardFor(user, query, {
		sessionPage: { page: Number.isFinite(page) ? page : 1, size: SESSIONS_PER_PAGE }
	});
	return {
		dashboard: pageData(dashboard),
		errors: query.errors,
		search: dashboardSearch(query),
		resolutionAsked: query.resolution,
		scope: user.role === 'facilitator' ? ('own' as const) : ('all' as const),
		trainees: seesTrainees(user)
	};
}) satisfies PageServerLoad;
