import { fail } from '@sveltejs/kit';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { listScenarios, uploadScenario } from '#lib/server/scenarios.js';
import { formatLocated, libraryItem } from '#lib/server/scenario-library.js';
import { readScenarioUpload } from './upload';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const entries = await listScenarios();
	return {
		scenarios: entries.map(libraryItem),
		canUpload: user.role !== 'lead',
		canRun: user.role !== 'lead'
	};
}) satisfies PageServerLoad;

export const actions = {
	upload: async ({ locals, request }) => {
		requireUser(locals, 'admin', 'facilitator');
		const read = await readScenarioUpload(request);
		if (!read.ok) return fail(read.status, { message: read.message, errors: [], warnings: [] });
		const result = await uploadScenario(read.bytes, read.fileName);
		if (!result.ok) {
			return fail(result.status, {
				message: `${read.fileName} was not stored: ${result.message}.`,
				errors: result.errors.map(formatLocated),
				warnings: result.warnings.map(formatLocated)
			});
		}
		const { entry, replaced } = result;
		return {
			uploaded: {
				id: entry.id,
				title: entry.scenario?.title ?? entry.id,
				replaced,
				warnings: entry.warnings.map(formatLocated)
			}
		};
	}
} satisfies Actions;
