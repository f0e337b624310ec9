import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { improvements, plans } from '#lib/server/app.js';
import { sessionOwners, visibleTo } from '#lib/server/improvements/access.js';
import { PLAN_READERS } from '#lib/server/plan/access.js';
import { renderPlan } from '#lib/server/plan/view.js';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, ...PLAN_READERS);
	const store = await plans();
	const [items, owners] = [(await improvements()).list(), await sessionOwners()];
	// Per section, the items this user may open that are still in play (not rejected).
	const itemCounts: Record<string, number> = {};
	for (const item of visibleTo(user, items, owners)) {
		if (item.planSection && item.review !== 'rejected')
			itemCounts[item.planSection] = (itemCounts[item.planSection] ?? 0) + 1;
	}
	return {
		plan: renderPlan(store.current()),
		revisions: store.history().length,
		itemCounts,
		canEdit: user.role === 'admin' || user.role === 'lead',
		canUpload: user.role === 'admin'
	};
}) satisfies PageServerLoad;
