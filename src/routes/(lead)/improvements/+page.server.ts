import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { improvements } from '#lib/server/app.js';
import { ITEM_STATUSES, REVIEW_STATES } from '#lib/server/improvements/store.js';
import { canReview, sessionOwners, visibleTo } from '#lib/server/improvements/access.js';
import {
	applyFilter,
	distinct,
	groupItems,
	isOverdue,
	isoDay,
	parseFilter
} from '#lib/server/improvements/filters.js';
import { itemRow } from '#lib/server/improvements/item-view.js';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, 'admin', 'lead', 'facilitator');
	const today = isoDay(new Date());
	const visible = visibleTo(user, (await improvements()).list(), await sessionOwners());
	const filter = parseFilter(event.url.searchParams);
	// Overdue items first, then by due date (undated last), then newest.
	const shown = applyFilter(visible, filter, today).sort(
		(a, b) =>
			Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
			(a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
			b.createdAt - a.createdAt
	);
	const sessions = new Map(visible.map((i) => [i.sessionId, i.sessionTitle]));
	return {
		filter,
		groups: groupItems(
			shown.map((i) => itemRow(i, today)),
			filter.group
		),
		shown: shown.length,
		counts: {
			total: visible.length,
			pending: visible.filter((i) => i.review === 'pending').length,
			overdue: visible.filter((i) => isOverdue(i, today)).length
		},
		options: {
			reviews: REVIEW_STATES,
			statuses: ITEM_STATUSES,
			sections: distinct(visible.map((i) => i.planSection)),
			owners: distinct(visible.map((i) => i.owner)),
			sessions: [...sessions].map(([id, title]) => ({ id, title }))
		},
		canReview: canReview(user)
	};
}) satisfies PageServerLoad;
