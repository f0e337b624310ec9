import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { resolveTeamId } from '#lib/server/join.js';
import { override } from '#lib/server/sessions/service.js';
import { refusal, staffSessionFor } from '../../../api';
import { overrideBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/** Decides an open team decision for the team, with a reason that goes into the log. */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const { team, ...body } = await readJson(event.request, overrideBody);
	const teamId = resolveTeamId(session, team);
	const result = await override(session, user, { ...body, teamId });
	if (!result.ok) return refusal(result)!;
	return json({ teamId, ...body, seq: session.state.seq });
};
