import { error, fail } from '@sveltejs/kit';
import { parsePlan } from '#lib/reports/plan.js';
import { improvements, plans } from '#lib/server/app.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import type { ItemPatch } from '#lib/server/improvements/store.js';
import { itemFor, rightsOn, sessionOwners } from '#lib/server/improvements/access.js';
import { isoDay } from '#lib/server/improvements/filters.js';
import { itemDetail } from '#lib/server/improvements/item-view.js';
import { decide } from '#lib/server/improvements/review.js';
import { authorOf, PLAN_READERS } from '#lib/server/plan/access.js';
import { noteSchema, updateSchema } from './forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, ...PLAN_READERS);
	const owners = await sessionOwners();
	const item = itemFor(user, (await improvements()).get(event.params.id), owners);
	const sections = parsePlan((await plans()).current().markdown).sections.map((s) => ({
		id: s.id,
		title: s.title
	}));
	return {
		item: itemDetail(item, isoDay(new Date())),
		rights: rightsOn(user, item, owners),
		sections,
		sectionExists: sections.some((s) => s.id === item.planSection)
	};
}) satisfies PageServerLoad;

/** The item and what the signed-in user may do with it, for an action. */
async function target(event: RequestEvent) {
	const user = requireUser(event.locals, ...PLAN_READERS);
	const owners = await sessionOwners();
	const item = itemFor(user, (await improvements()).get(event.params.id), owners);
	return { user, item, rights: rightsOn(user, item, owners) };
}

async function review(event: RequestEvent, decision: 'accepted' | 'deferred' | 'rejected') {
	const { user, item, rights } = await target(event);
	if (!rights.review) {
		if (item.review === 'accepted') error(409, 'This item has already been accepted.');
		error(403, 'Only a lead or an admin reviews improvement items.');
	}
	const form = await readForm(event.request, noteSchema);
	if ('errors' in form)
		return fail(400, { action: decision, message: Object.values(form.errors)[0] });
	const result = await decide(item, decision, form.data.note ?? null, user);
	if (!result.ok)
		return fail(result.status, { action: decision, message: result.message, note: form.data.note });
	return { action: decision, done: `Item ${decision}.` };
}

export const actions = {
	update: async (event) => {
		const { user, item, rights } = await target(event);
		const form = await readForm(event.request, updateSchema);
		if ('errors' in form)
			return fail(400, { action: 'update', errors: form.errors, values: form.values });
		const patch: ItemPatch = {};
		for (const [key, value] of Object.entries(form.data) as [keyof ItemPatch, unknown][]) {
			if (value === undefined) continue;
			if (!rights[key as keyof typeof rights])
				error(403, `You cannot change the ${key === 'dueDate' ? 'due date' : key} of this item.`);
			(patch as Record<string, unknown>)[key] = value;
		}
		if (patch.planSection) {
			const ids = parsePlan((await plans()).current().markdown).sections.map((s) => s.id);
			if (!ids.includes(patch.planSection))
				return fail(400, {
					action: 'update',
					errors: { planSection: 'Pick a section of the current plan.' },
					values: { planSection: patch.planSection }
				});
		}
		await (await improvements()).update(item.id, patch, authorOf(user));
		return { action: 'update', done: 'Saved.' };
	},
	accept: (event) => review(event, 'accepted'),
	defer: (event) => review(event, 'deferred'),
	reject: (event) => review(event, 'rejected')
} satisfies Actions;
