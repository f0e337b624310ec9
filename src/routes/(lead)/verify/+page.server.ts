import { fail } from '@sveltejs/kit';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { installationKey } from '#lib/server/evidence/installation.js';
import { checkUploadedRecord, MAX_RECORD_BYTES } from '#lib/server/evidence/upload.js';
import type { Actions, PageServerLoad } from './$types';

export const load = ((event) => {
	requireUserOrRedirect(event);
	return {
		maxKiB: MAX_RECORD_BYTES / 1024,
		fingerprint: installationKey().publicKey.fingerprint
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Checks an uploaded record: a failed check is an answer (200), not an error. */
	default: async ({ locals, request }) => {
		requireUser(locals);
		const checked = await checkUploadedRecord(request, installationKey().publicKey.fingerprint);
		if (!checked.ok) return fail(checked.status, { message: checked.message });
		const { verdict } = checked;
		return {
			fileName: checked.fileName,
			signedHere: checked.signedHere,
			verdict: {
				ok: verdict.ok,
				summary: verdict.summary,
				problems: verdict.problems,
				notes: verdict.notes,
				keyFingerprint: verdict.keyFingerprint
			}
		};
	}
} satisfies Actions;
