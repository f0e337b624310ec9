import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { rfiAnswerBody } from '#lib/server/room/forms.js';
import { answerRfi } from '#lib/server/room/service.js';
import { refusal, staffSessionFor } from '../../../../api';
import type { RequestHandler } from './$types';

/** Exercise control answers a request for information: in words, with an inject, or both. */
export const POST: RequestHandler = async (event) => {
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const body = await readJson(event.request, rfiAnswerBody);
	const result = await answerRfi(session, user, { ...body, rfiId: event.params.rfiId });
	return refusal(result) ?? json({ rfiId: event.params.rfiId, seq: session.state.seq });
};
