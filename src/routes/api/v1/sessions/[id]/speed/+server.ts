import { readJson } from '#lib/server/http.js';
import { setSpeed } from '#lib/server/sessions/service.js';
import { refusal, sessionStatus, staffSessionFor } from '../../../api';
import { speedBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/** Changes how many scenario minutes pass per real minute. */
export const POST: RequestHandler = async (event) => {
	const { session } = await staffSessionFor(event, event.params.id, 'control');
	const { speed } = await readJson(event.request, speedBody);
	const result = await setSpeed(session, speed);
	return refusal(result) ?? sessionStatus(session);
};
