import { fail } from '@sveltejs/kit';
import { parsePlan } from '#lib/reports/plan.js';
import { improvements, plans } from '#lib/server/app.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { MAX_PLAN_BYTES, PlanError } from '#lib/server/plan/store.js';
import { authorOf, PLAN_UPLOADERS } from '#lib/server/plan/access.js';
import { scenarioPlanRefs } from './scenario-refs';
import { readPlanUpload } from './read';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, ...PLAN_UPLOADERS);
	return { rev: (await plans()).current().rev, maxKiB: MAX_PLAN_BYTES / 1024 };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals, ...PLAN_UPLOADERS);
		const read = await readPlanUpload(request);
		if (!read.ok)
			return fail(read.status, { field: read.field, message: read.message, problems: [] });
		const values = { reason: read.reason, markdown: read.fileName ? '' : read.markdown };
		let rev: number;
		try {
			rev = (await (await plans()).replace(read.markdown, authorOf(user), read.reason)).rev;
		} catch (e) {
			if (!(e instanceof PlanError)) throw e;
			return fail(422, {
				field: 'file',
				message: `${read.fileName ?? 'The pasted plan'} was not stored: fix these lines and upload it again.`,
				problems: e.problems,
				values
			});
		}
		// Stored; say which references the new plan no longer satisfies, so they can be fixed.
		const ids = new Set(parsePlan(read.markdown).sections.map((s) => s.id));
		const warnings: string[] = [];
		for (const [id, titles] of await scenarioPlanRefs()) {
			if (!ids.has(id)) warnings.push(`“${id}” is named by ${titles.join(', ')}`);
		}
		const items = (await improvements()).list();
		const orphaned = new Set(
			items
				.filter((i) => i.planSection && !ids.has(i.planSection) && i.review !== 'rejected')
				.map((i) => i.planSection!)
		);
		for (const id of orphaned) warnings.push(`“${id}” is named by improvement items`);
		return { stored: { rev, sections: ids.size }, warnings };
	}
} satisfies Actions;
