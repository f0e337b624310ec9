import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { resolveTeamId } from '#lib/server/join.js';
import { hold } from '#lib/server/sessions/service.js';
import { refusal, releasesIn, staffSessionFor } from '../../../api';
import { holdBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/** Holds an upcoming inject back, or lets it go (released at once if it came due meanwhile). */
export const POST: RequestHandler = async (event) => {
	const { session } = await staffSessionFor(event, event.params.id, 'control');
	const body = await readJson(event.request, holdBody);
	const teamId = resolveTeamId(session, body.team);
	const result = await hold(session, { teamId, injectId: body.injectId, held: body.held });
	if (!result.ok) return refusal(result)!;
	return json({
		teamId,
		injectId: body.injectId,
		held: body.held,
		...releasesIn(result.events),
		seq: session.state.seq
	});
};
