import { json } from '@sveltejs/kit';
import { jsonError, readJson } from '#lib/server/http.js';
import { joinWithCode } from '#lib/server/join.js';
import { joinBody } from '../schemas';
import type { RequestHandler } from './$types';

/** Joins a session as a trainee with its code; the token in the answer is shown only here. */
export const POST: RequestHandler = async (event) => {
	const body = await readJson(event.request, joinBody);
	const result = await joinWithCode(body, event.getClientAddress());
	if (!result.ok) {
		const headers: Record<string, string> = {};
		if (result.retryAfterSeconds) headers['retry-after'] = String(result.retryAfterSeconds);
		return jsonError(result.status, result.message, headers);
	}
	const team = result.session.meta.teams.find((t) => t.id === result.teamId);
	return json(
		{
			participantId: result.participantId,
			token: result.token,
			sessionId: result.session.id,
			team: result.teamId,
			teamName: team?.name ?? result.teamId,
			role: result.role
		},
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
};
