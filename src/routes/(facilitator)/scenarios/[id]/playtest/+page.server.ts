import { error } from '@sveltejs/kit';
import { playtest, type BotTeam } from '#lib/engine/session/playtest.js';
import { playtestReport } from '#lib/reports/playtest.js';
import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { findScenario, isPlayable } from '#lib/server/scenarios.js';
import type { PageServerLoad } from './$types';

// Read-only, no client JS needed.
export const csr = false;

const BOTS: BotTeam[] = [
	{ name: 'Best bot', strategy: 'best' },
	{ name: 'Worst bot', strategy: 'worst' },
	{ name: 'Random bot', strategy: 'random' }
];

export const load = (async (event) => {
	// The preview shows every option's worth: staff only, as the answer key is.
	requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const entry = await findScenario(event.params.id);
	if (!entry) error(404, 'No such scenario.');
	if (!isPlayable(entry)) error(409, 'This scenario has errors: fix them before play-testing it.');
	const seed = (event.url.searchParams.get('seed') ?? '1').slice(0, 40) || '1';
	const run = playtest(entry.scenario, BOTS, seed);
	return {
		id: entry.id,
		title: entry.scenario.title,
		seed,
		teams: playtestReport(entry.scenario, run)
	};
}) satisfies PageServerLoad;
