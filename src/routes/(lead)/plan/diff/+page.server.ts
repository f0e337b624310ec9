import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { plans } from '#lib/server/app.js';
import { PLAN_READERS } from '#lib/server/plan/access.js';
import { provenance } from '#lib/server/plan/view.js';
import { diffCost, MAX_DIFF_CELLS, planDiff } from './hunks';
import type { PageServerLoad } from './$types';

function revNumber(value: string | null): number | null {
	return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export const load = (async (event) => {
	requireUserOrRedirect(event, ...PLAN_READERS);
	const store = await plans();
	const current = store.current().rev;
	const params = event.url.searchParams;
	const to = params.has('to') ? revNumber(params.get('to')) : current;
	const from = params.has('from') ? revNumber(params.get('from')) : Math.max(1, (to ?? 1) - 1);
	const choices = store.history().map((r) => ({
		rev: r.rev,
		label: `${r.rev}: ${r.reason.length > 60 ? `${r.reason.slice(0, 59)}…` : r.reason}`
	}));
	const older = from === null ? undefined : store.revision(from);
	const newer = to === null ? undefined : store.revision(to);
	const base = { choices, from, to, saved: params.get('saved') === '1' };
	if (!older || !newer) {
		const missing = !older ? params.get('from') : params.get('to');
		return { ...base, message: `There is no revision "${missing}". Pick two revisions below.` };
	}
	if (diffCost(older.markdown, newer.markdown) > MAX_DIFF_CELLS) {
		return {
			...base,
			provenance: provenance(newer),
			message: 'These revisions differ too much to compare line by line.'
		};
	}
	return { ...base, provenance: provenance(newer), diff: planDiff(older.markdown, newer.markdown) };
}) satisfies PageServerLoad;
