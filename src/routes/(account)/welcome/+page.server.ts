import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { listScenarios } from '#lib/server/scenarios.js';
import type { PageServerLoad } from './$types';

/**
 * Next steps after set-up (issue 18): where set-up lands the first admin, and a page any staff
 * member can come back to. The bundled scenarios are listed so the first exercise is one click.
 */
export const load = (async (event) => {
	const user = requireUserOrRedirect(event);
	const scenarios = (await listScenarios())
		.filter((e) => e.origin === 'bundled' && e.valid && e.scenario)
		.map((e) => ({
			id: e.id,
			title: e.scenario!.title,
			difficulty: e.scenario!.difficulty,
			duration: e.scenario!.duration
		}));
	return {
		name: user.name,
		isAdmin: user.role === 'admin',
		canRun: user.role === 'admin' || user.role === 'facilitator',
		scenarios
	};
}) satisfies PageServerLoad;
