import { fail } from '@sveltejs/kit';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { listScenarios, type UploadResult } from '#lib/server/scenarios.js';
import { formatLocated, libraryItem } from '#lib/server/scenario-library.js';
import { holdForConfirmation, takeConfirmed, uploadChecked } from '#lib/server/scenario-replace.js';
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

/** The form's answer to a stored or refused upload. */
function answer(result: UploadResult & { ok: true }) {
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

function refused(result: UploadResult & { ok: false }, fileName: string) {
	return fail(result.status, {
		message: `${fileName} was not stored: ${result.message}.`,
		errors: result.errors.map(formatLocated),
		warnings: result.warnings.map(formatLocated)
	});
}

export const actions = {
	upload: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const read = await readScenarioUpload(request);
		if (!read.ok) return fail(read.status, { message: read.message, errors: [], warnings: [] });
		const result = await uploadChecked(read.bytes, read.fileName);
		if (result.ok) return answer(result);
		if (!result.existing) return refused(result, read.fileName);
		// The id exists: ask, holding the file until the answer (nothing is stored yet).
		const { existing } = result;
		return fail(409, {
			message: `A scenario with this id exists (version ${existing.version ?? 'unknown'}, used by ${existing.sessions} session${existing.sessions === 1 ? '' : 's'}); replace it?`,
			errors: [],
			warnings: result.warnings.map(formatLocated),
			confirm: {
				token: holdForConfirmation(user.id, read.bytes, read.fileName),
				fileName: read.fileName,
				...existing
			}
		});
	},

	replace: async ({ locals, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await request.formData();
		const token = String(form.get('token') ?? '');
		if (form.get('confirm') !== 'yes') {
			return fail(400, {
				message: 'Nothing was replaced: tick the confirmation to replace the scenario.',
				errors: [],
				warnings: []
			});
		}
		const held = takeConfirmed(user.id, token);
		if (!held) {
			return fail(410, {
				message: 'Nothing was replaced: that upload is no longer waiting. Upload the file again.',
				errors: [],
				warnings: []
			});
		}
		const result = await uploadChecked(held.bytes, held.fileName, true);
		return result.ok ? answer(result) : refused(result, held.fileName);
	}
} satisfies Actions;
