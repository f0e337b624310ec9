import { error } from '@sveltejs/kit';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { findScenario } from '#lib/server/scenarios.js';
import { formatLocated } from '#lib/server/scenario-library.js';
import { scenarioDetail } from './detail';
import type { PageServerLoad } from './$types';

// A read-only page with native disclosure widgets: no client JS, so the outline and the drawing
// are not sent twice (as HTML and again as hydration data).
export const csr = false;

export const load = (async (event) => {
	// The outline carries the answer key: staff only.
	const user = requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const entry = await findScenario(event.params.id);
	if (!entry) error(404, 'No such scenario.');
	const canRun = user.role !== 'lead';
	if (!entry.valid || !entry.scenario) {
		return {
			valid: false as const,
			id: entry.id,
			fileName: entry.fileName,
			origin: entry.origin,
			errors: entry.errors.map(formatLocated),
			warnings: entry.warnings.map(formatLocated),
			canRun
		};
	}
	return {
		valid: true as const,
		detail: scenarioDetail(entry),
		canRun
	};
}) satisfies PageServerLoad;
