import { error, json } from '@sveltejs/kit';
import { parseScenarioTime } from '#lib/engine/session/clock.js';
import { readJson } from '#lib/server/http.js';
import { skipClock } from '#lib/server/sessions/service.js';
import { refusal, releasesIn, staffSessionFor } from '../../../api';
import { skipBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * Skips the scenario clock forward to `to`: every release, deadline and attacker stage due on
 * the way happens, in order; says what was released and skipped.
 */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const { to } = await readJson(event.request, skipBody);
	const toMs = typeof to === 'number' ? Math.round(to * 60_000) : parseScenarioTime(to);
	if (toMs === null)
		error(400, 'to: write the time as "+1:30:00", "45:00", "90m" or a number of minutes.');
	const result = await skipClock(session, user, toMs);
	if (!result.ok) return refusal(result)!;
	return json({ ...releasesIn(result.events), scenarioMs: toMs, seq: session.state.seq });
};
