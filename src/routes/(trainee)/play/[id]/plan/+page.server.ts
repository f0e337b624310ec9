import { plans } from '#lib/server/app.js';
import { traineeSession } from '#lib/server/sessions/access.js';
import { renderPlan } from '#lib/server/plan/view.js';
import type { PageServerLoad } from './$types';

/** The current IR plan, read-only, for a trainee of this session (as real responders have it). */
export const load = (async (event) => {
	const { session } = await traineeSession(event, event.params.id);
	const { title, sections, provenance } = renderPlan((await plans()).current());
	// Only what a reader needs: no author ids, no source links into staff pages.
	return {
		sessionTitle: session.meta.title,
		plan: { title, sections, rev: provenance.rev, at: provenance.at }
	};
}) satisfies PageServerLoad;
