import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { readForm } from '#lib/server/http.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
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
import { decideMany, MAX_BATCH } from '#lib/server/improvements/review.js';
import { webhookStatus } from '#lib/server/outbound/app-webhook.js';
import type { Actions, PageServerLoad } from './$types';

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
		canReview: canReview(user),
		// The CSV download keeps the filters in view (and drops the grouping, which it has no use for).
		csvQuery: csvQuery(event.url.searchParams),
		webhook: canReview(user) ? webhookStatus() : null
	};
}) satisfies PageServerLoad;

function csvQuery(params: URLSearchParams): string {
	const query = new URLSearchParams(params);
	query.delete('group');
	query.set('format', 'csv');
	return query.toString();
}

const DECISIONS = { accepted: 'Accepted', deferred: 'Deferred', rejected: 'Rejected' } as const;

const batchSchema = z.object({
	decision: z.enum(['accepted', 'deferred', 'rejected'], 'Choose accept, defer or reject.'),
	// One ticked box arrives as a string, several as an array, none as nothing.
	ids: z
		.union([z.string(), z.array(z.string())])
		.optional()
		.transform((v) => [...new Set(v === undefined ? [] : typeof v === 'string' ? [v] : v)]),
	note: z
		.string()
		.trim()
		.max(1000, 'Keep the note under 1,000 characters.')
		.optional()
		.transform((v) => (v ? v : null))
});

export const actions = {
	/** Accept, defer or reject the ticked items at once; nothing changes when one is refused. */
	review: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'lead');
		const form = await readForm(request, batchSchema);
		if ('errors' in form)
			return fail(400, { message: `${Object.values(form.errors)[0]} Nothing was changed.` });
		const { decision, ids, note } = form.data;
		if (ids.length > MAX_BATCH)
			return fail(400, { message: `Review at most ${MAX_BATCH} items at once.` });
		const store = await improvements();
		const owners = await sessionOwners();
		const unknown = ids.filter((id) => {
			const item = store.get(id);
			return !item || visibleTo(user, [item], owners).length === 0;
		});
		if (unknown.length > 0) {
			const shown = unknown.slice(0, 5).map((id) => `“${id.slice(0, 40)}”`);
			return fail(404, {
				message: `No improvement item ${shown.join(', ')}${unknown.length > 5 ? '…' : ''}. Nothing was changed.`
			});
		}
		const result = await decideMany(
			ids.map((id) => store.get(id)!),
			decision,
			note,
			user
		);
		if (!result.ok) return fail(result.status, { message: result.message });
		const n = result.items.length;
		return { done: `${DECISIONS[decision]} ${n} item${n === 1 ? '' : 's'}.` };
	}
} satisfies Actions;
