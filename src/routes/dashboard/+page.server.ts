import { requireUserOrRedirect } from '$lib/server/auth/guard';
import { dashboardFor, seesTrainees } from '$lib/server/dashboard/service';
import { dashboardSearch, parseDashboardQuery } from '$lib/server/dashboard/query';
import { pageData } from './page-data';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	// Leads and admins see everything; a facilitator only their own sessions, without trainees.
	const user = requireUserOrRedirect(event, 'admin', 'lead', 'facilitator');
	const query = parseDashboardQuery(event.url.searchParams);
	const dashboard = await dashboardFor(user, query);
	return {
		dashboard: pageData(dashboard, Number(event.url.searchParams.get('page') ?? '1')),
		errors: query.errors,
		search: dashboardSearch(query),
		resolutionAsked: query.resolution,
		scope: user.role === 'facilitator' ? ('own' as const) : ('all' as const),
		trainees: seesTrainees(user)
	};
}) satisfies PageServerLoad;
