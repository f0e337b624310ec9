import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { resolveTeamId } from '#lib/server/join.js';
import { release } from '#lib/server/sessions/service.js';
import { refusal, releasesIn, staffSessionFor } from '../../../api';
import { releaseBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * Releases an inject now: a chosen one, or the next one due for one team or every team (skipping
 * the clock to it, so what is due on the way happens first).
 */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const body = await readJson(event.request, releaseBody);
	const teamId = body.team === undefined ? undefined : resolveTeamId(session, body.team);
	const result = await release(session, user, { teamId, injectId: body.injectId });
	if (!result.ok) return refusal(result)!;
	return json({ ...releasesIn(result.events), seq: session.state.seq });
};
