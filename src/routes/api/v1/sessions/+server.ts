import { json } from '@sveltejs/kit';
import { jsonError, readJson } from '#lib/server/http.js';
import { PlaceholderError } from '#lib/server/organisation.js';
import { findScenario, isPlayable } from '#lib/server/scenarios.js';
import { staffMay } from '#lib/server/sessions/access.js';
import { formatJoinCode, hub } from '#lib/server/sessions/hub.js';
import { createSession } from '#lib/server/sessions/service.js';
import { staffUser } from '../api';
import { sessionSummary } from '../present';
import { createSessionBody } from '../schemas';
import type { RequestHandler } from './$types';

/** The sessions the caller may look at, newest first (a facilitator sees their own). */
export const GET: RequestHandler = async (event) => {
	const user = staffUser(event);
	const sessions = (await hub.list()).filter((m) => staffMay(user, m.facilitatorId, 'view'));
	return json(sessions.map((m) => sessionSummary(m, event.url.origin)));
};

/** Opens a session in the lobby on a valid scenario, owned by the caller. */
export const POST: RequestHandler = async (event) => {
	const user = staffUser(event, 'facilitator', 'admin');
	const body = await readJson(event.request, createSessionBody);
	const entry = await findScenario(body.scenarioId);
	if (!entry) return jsonError(404, `No scenario '${body.scenarioId}'.`);
	if (!isPlayable(entry)) {
		return jsonError(422, `The scenario '${entry.id}' has errors and cannot be played.`);
	}
	let session;
	try {
		session = await createSession(entry, body, user);
	} catch (e) {
		if (!(e instanceof PlaceholderError)) throw e;
		return jsonError(422, `The scenario '${entry.id}' cannot be played: ${e.message}.`);
	}
	const { origin } = event.url;
	const { id, joinCode, teams } = session.meta;
	return json(
		{
			id,
			joinCode: formatJoinCode(joinCode),
			teams: teams.map((t) => ({ id: t.id, name: t.name })),
			url: `${origin}/sessions/${id}`,
			joinUrl: `${origin}/join?code=${joinCode}`
		},
		{ status: 201 }
	);
};
