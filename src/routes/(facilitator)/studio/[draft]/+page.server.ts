import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { MAX_SCENARIO_BYTES } from '#lib/engine/scenario/load.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { CHECK_TIMEOUT_MS } from '#lib/server/config.js';
import { readForm } from '#lib/server/http.js';
import { formatLocated } from '#lib/server/scenario-library.js';
import * as drafts from '#lib/server/studio/drafts.js';
import { MAX_BOTS_PER_STRATEGY, playtestDraft } from '#lib/server/studio/playtest.js';
import type { Actions, PageServerLoad } from './$types';

/** A draft's form post: the text (up to the upload limit, sent as multipart) and its revision. */
const MAX_FORM_BYTES = 2 * MAX_SCENARIO_BYTES;
const saveForm = z.object({
	yaml: z.string().max(MAX_SCENARIO_BYTES * 2),
	revision: z.coerce.number().int().min(1)
});
const publishForm = z.object({ revision: z.coerce.number().int().min(1) });
const copyForm = z.object({ yaml: z.string().max(MAX_SCENARIO_BYTES * 2) });
const bots = z.coerce.number().int().min(0).max(MAX_BOTS_PER_STRATEGY);
/** A play-test: the editor's text (without it, the saved draft's), the bots and a seed. */
const playtestForm = z.object({
	yaml: z
		.string()
		.max(MAX_SCENARIO_BYTES * 2)
		.optional(),
	best: bots,
	worst: bots,
	random: bots,
	seed: z.string().trim().max(40).optional()
});

const who = (d: drafts.StudioDraft) => ({ name: d.updatedBy.name, at: d.updatedAt });

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	const draft = await drafts.getDraft(event.params.draft);
	if (!draft) error(404, 'There is no such draft.');
	const versions = await drafts.listVersions(draft.scenarioId);
	return {
		draft: {
			id: draft.id,
			scenarioId: draft.scenarioId,
			title: draft.title,
			yaml: draft.yaml,
			revision: draft.revision,
			baseVersion: draft.baseVersion,
			updated: who(draft)
		},
		latestVersion: versions.at(-1)?.version ?? null,
		versions: versions.length,
		checkTimeoutMs: CHECK_TIMEOUT_MS,
		maxBytes: MAX_SCENARIO_BYTES
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Autosave (and the save button without JavaScript): refused, not merged, on a conflict. */
	save: async ({ locals, params, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, saveForm, MAX_FORM_BYTES);
		if ('errors' in form) return fail(400, { message: 'The draft could not be read.' });
		const result = await drafts.save(user, params.draft, form.data.yaml, form.data.revision);
		if (result.ok) {
			return { saved: { revision: result.draft.revision, ...who(result.draft) } };
		}
		if (result.status === 409) {
			const theirs = result.theirs;
			return fail(409, {
				message: result.message,
				conflict: { revision: theirs.revision, yaml: theirs.yaml, ...who(theirs) }
			});
		}
		return fail(result.status, { message: result.message });
	},

	/** Keeps the sender's text as a new draft (what a conflict offers, so no work is lost). */
	copy: async ({ locals, params, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, copyForm, MAX_FORM_BYTES);
		if ('errors' in form) return fail(400, { message: 'The draft could not be read.' });
		const refused = drafts.tooLarge(form.data.yaml);
		if (refused) return fail(413, { message: refused });
		const of = await drafts.getDraft(params.draft);
		if (!of) error(404, 'There is no such draft.');
		const copy = await drafts.copy(user, of, form.data.yaml);
		redirect(303, `/studio/${copy.id}`);
	},

	/** Checks the stored draft again on the server and publishes it as the next version. */
	publish: async ({ locals, params, request }) => {
		const user = requireUser(locals, 'admin', 'facilitator');
		const form = await readForm(request, publishForm);
		if ('errors' in form) return fail(400, { message: 'The draft could not be read.' });
		const result = await drafts.publish(user, params.draft, form.data.revision);
		if (!result.ok) {
			return fail(result.status, {
				message: `Not published: ${result.message}.`.replace(/\.\.$/, '.'),
				errors: result.errors.map(formatLocated)
			});
		}
		return {
			published: {
				version: result.version.version,
				scenarioId: result.version.scenarioId,
				revision: result.revision,
				warnings: result.warnings.length
			}
		};
	},

	/** Checks the text as the CLI does and plays it with bot teams: a preview; nothing is stored. */
	playtest: async ({ locals, params, request }) => {
		requireUser(locals, 'admin', 'facilitator');
		const draft = await drafts.getDraft(params.draft);
		if (!draft) error(404, 'There is no such draft.');
		const form = await readForm(request, playtestForm, MAX_FORM_BYTES);
		if ('errors' in form) {
			return fail(400, { playtest: { message: 'Choose how many bots of each kind.', errors: [] } });
		}
		const { yaml = draft.yaml, seed, ...counts } = form.data;
		const result = await playtestDraft(yaml, `${draft.scenarioId}.yaml`, {
			...counts,
			seed: seed || '1'
		});
		if (!result.ok) {
			return fail(result.status, { playtest: { message: result.message, errors: result.errors } });
		}
		return { playtest: { ...result, errors: [] as string[] } };
	}
} satisfies Actions;
