import { error, fail, redirect } from '@sveltejs/kit';
import { plain } from '#lib/engine/score/debrief.js';
import { improvements, plans } from '#lib/server/app.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import { MAX_REASON } from '#lib/server/plan/store.js';
import { itemFor, rightsOn, sessionOwners } from '#lib/server/improvements/access.js';
import { isoDay } from '#lib/server/improvements/filters.js';
import { itemDetail } from '#lib/server/improvements/item-view.js';
import { acceptWithEdit } from '#lib/server/improvements/review.js';
import {
	editableSection,
	MAX_EDIT_BODY,
	sectionEditSchema
} from '#lib/server/plan/section-edit.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, 'admin', 'lead');
	const owners = await sessionOwners();
	const item = itemFor(user, (await improvements()).get(event.params.id), owners);
	if (!rightsOn(user, item, owners).review) error(409, 'This item has already been accepted.');
	const section = item.planSection ? editableSection(await plans(), item.planSection) : null;
	const reason = `Improvement from “${item.sessionTitle}”: ${plain(item.issue)}`;
	return {
		item: itemDetail(item, isoDay(new Date())),
		section,
		reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = requireUser(event.locals, 'admin', 'lead');
		const owners = await sessionOwners();
		const item = itemFor(user, (await improvements()).get(event.params.id), owners);
		const form = await readForm(event.request, sectionEditSchema, MAX_EDIT_BODY);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const result = await acceptWithEdit(item, form.data, user);
		if (!result.ok) {
			const { body, reason } = form.data;
			return fail(result.status, { message: result.message, values: { body, reason } });
		}
		redirect(303, `/improvements/${item.id}?accepted=${result.planRevision}`);
	}
} satisfies Actions;
