import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import { listScenarios } from '#lib/server/scenarios.js';
import * as drafts from '#lib/server/studio/drafts.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	const [list, library] = await Promise.all([drafts.listDrafts(), listScenarios()]);
	return {
		drafts: list.map((d) => ({
			id: d.id,
			title: d.title,
			scenarioId: d.scenarioId,
			revision: d.revision,
			baseVersion: d.baseVersion,
			updatedBy: d.updatedBy.name,
			updatedAt: d.updatedAt
		})),
		library: library.map((e) => ({
			id: e.id,
			title: e.scenario?.title ?? e.fileName,
			origin: e.origin,
			valid: e.valid
		}))
	};
}) satisfies PageServerLoad;

const forkForm = z.object({ scenarioId: z.string().min(1).max(100) });

export const actions = {
	create: async ({ locals }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const draft = await drafts.createBlank(user);
		redirect(303, `/studio/${draft.id}`);
	},

	fork: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, forkForm);
		if ('errors' in form) return fail(400, { message: 'Choose a scenario to fork.' });
		const result = await drafts.fork(user, form.data.scenarioId);
		if (!result.ok) return fail(404, { message: result.message });
		redirect(303, `/studio/${result.draft.id}`);
	}
} satisfies Actions;
