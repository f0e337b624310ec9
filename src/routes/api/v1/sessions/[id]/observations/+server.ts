import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { resolveTeamId } from '#lib/server/join.js';
import { observe } from '#lib/server/sessions/service.js';
import { refusal, staffSessionFor } from '../../../api';
import { observationBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/** Adds a facilitator's observation, optionally tied to a team, inject or objective. */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const { team, ...body } = await readJson(event.request, observationBody);
	const teamId = team === undefined ? undefined : resolveTeamId(session, team);
	const result = await observe(session, user, { ...body, teamId });
	if (!result.ok) return refusal(result)!;
	const added = result.events.find((e) => e.type === 'observation.added');
	return json({ observationId: added?.observationId, seq: session.state.seq }, { status: 201 });
};
