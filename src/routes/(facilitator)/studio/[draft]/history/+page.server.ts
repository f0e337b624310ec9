import { error } from '@sveltejs/kit';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import * as drafts from '#lib/server/studio/drafts.js';
import { diffVersions } from '#lib/server/studio/history.js';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'facilitator');
	const draft = await drafts.getDraft(event.params.draft);
	if (!draft) error(404, 'There is no such draft.');
	const versions = await drafts.listVersions(draft.scenarioId);
	const pick = (name: string, fallback: number | undefined) => {
		const n = Number(event.url.searchParams.get(name));
		return versions.find((v) => v.version === n) ?? versions.find((v) => v.version === fallback);
	};
	// By default the latest version against the one before it.
	const to = pick('to', versions.at(-1)?.version);
	const from = pick('from', to ? to.version - 1 : undefined);
	return {
		draft: { id: draft.id, title: draft.title, scenarioId: draft.scenarioId },
		versions: versions
			.map((v) => ({ version: v.version, by: v.by.name, at: v.at, hash: v.hash.slice(0, 12) }))
			.reverse(),
		diff: from && to && from.version !== to.version ? diffVersions(from, to) : null,
		from: from?.version ?? null,
		to: to?.version ?? null
	};
}) satisfies PageServerLoad;
