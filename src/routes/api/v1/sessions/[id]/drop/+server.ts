import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { resolveTeamId } from '#lib/server/join.js';
import { drop } from '#lib/server/sessions/service.js';
import { refusal, staffSessionFor } from '../../../api';
import { dropBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * Drops an inject for one team: a pending one is never released, a released one has its open
 * decisions closed as dropped (nothing at stake), so the team can reach its ending.
 */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const { team, ...body } = await readJson(event.request, dropBody);
	const teamId = resolveTeamId(session, team);
	const result = await drop(session, user, { ...body, teamId });
	if (!result.ok) return refusal(result)!;
	const dropped = session.state.teams[teamId].dropped[body.injectId];
	return json({
		teamId,
		injectId: body.injectId,
		released: dropped?.released ?? false,
		...(body.reason ? { reason: body.reason } : {}),
		seq: session.state.seq
	});
};
