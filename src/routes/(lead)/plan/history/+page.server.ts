import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { plans } from '#lib/server/app.js';
import { PLAN_READERS } from '#lib/server/plan/access.js';
import { provenance } from '#lib/server/plan/view.js';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, ...PLAN_READERS);
	const store = await plans();
	return { revisions: store.history().map(provenance) };
}) satisfies PageServerLoad;
