import { error, fail, redirect } from '@sveltejs/kit';
import { plans } from '#lib/server/app.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import {
	editableSection,
	MAX_EDIT_BODY,
	saveSection,
	sectionEditSchema
} from '#lib/server/plan/section-edit.js';
import { authorOf, PLAN_EDITORS } from '#lib/server/plan/access.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, ...PLAN_EDITORS);
	const section = editableSection(await plans(), event.params.id);
	if (!section) error(404, `The plan has no section "${event.params.id}".`);
	return { section };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, params, request }) => {
		const user = requireUser(locals, ...PLAN_EDITORS);
		const form = await readForm(request, sectionEditSchema, MAX_EDIT_BODY);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const result = await saveSection(await plans(), params.id, form.data, authorOf(user));
		if (!result.ok) {
			const { body, reason } = form.data;
			return fail(result.status, { message: result.message, values: { body, reason } });
		}
		redirect(303, `/plan/diff?from=${result.revision.rev - 1}&to=${result.revision.rev}&saved=1`);
	}
} satisfies Actions;
