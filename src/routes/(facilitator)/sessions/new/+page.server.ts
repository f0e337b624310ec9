import { fail, redirect } from '@sveltejs/kit';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { readForm } from '#lib/server/http.js';
import { PlaceholderError } from '#lib/server/organisation.js';
import { getScenario, isPlayable, listScenarios } from '#lib/server/scenarios.js';
import { createSession } from '#lib/server/sessions/service.js';
import { newSessionSchema, SPEEDS } from '#lib/server/sessions/new-session-form.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	const scenarios = (await listScenarios())
		.filter((e) => e.valid && e.scenario)
		.map((e) => ({
			id: e.id,
			title: e.scenario!.title,
			difficulty: e.scenario!.difficulty,
			duration: e.scenario!.duration
		}));
	const wanted = event.url.searchParams.get('scenario');
	return {
		scenarios,
		selected: scenarios.some((s) => s.id === wanted) ? wanted : (scenarios[0]?.id ?? null),
		speeds: SPEEDS
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, newSessionSchema);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const { scenarioId, title, teams, speed, release } = form.data;
		const entry = await getScenario(scenarioId);
		if (!entry || !isPlayable(entry)) {
			return fail(404, {
				errors: { scenarioId: 'that scenario does not exist or has errors' },
				values: { scenarioId, title, teams: teams.join('\n'), speed: String(speed), release }
			});
		}
		let session;
		try {
			session = await createSession(entry, { title, teams, speed, release }, user);
		} catch (e) {
			if (!(e instanceof PlaceholderError)) throw e;
			return fail(422, {
				errors: { scenarioId: e.message },
				values: { scenarioId, title, teams: teams.join('\n'), speed: String(speed), release }
			});
		}

		redirect(303, `/sessions/${session.id}`);
	}
} satisfies Actions;
