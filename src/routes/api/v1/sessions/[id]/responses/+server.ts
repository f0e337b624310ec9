import { error, json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { traineeSession, traineeToken } from '#lib/server/sessions/access.js';
import { respond } from '#lib/server/sessions/service.js';
import { refusal } from '../../../api';
import { responseBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * A trainee's answer, acknowledged (201) only once it is on disk; the same idempotencyKey again
 * answers 200 with the answer already recorded instead of recording it twice.
 */
export const POST: RequestHandler = async (event) => {
	const { id } = event.params;
	if (event.locals.user && !traineeToken(event, id)) {
		error(403, 'Only trainees answer; join the session to get a trainee token.');
	}
	const { session, participant } = await traineeSession(event, id);
	const body = await readJson(event.request, responseBody);
	const result = await respond(session, participant, body);
	if (!result.ok) return refusal(result)!;
	const { response, replayed } = result;
	return json(
		{
			responseId: response.responseId,
			injectId: response.injectId,
			decisionId: response.decisionId,
			seq: response.seq,
			late: response.late
		},
		{ status: replayed ? 200 : 201 }
	);
};
