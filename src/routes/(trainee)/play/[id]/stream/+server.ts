import { traineeSession } from '#lib/server/sessions/access.js';
import { lastEventId, traineeStream } from '#lib/server/sessions/stream.js';
import type { RequestHandler } from './$types';

/** The trainee's live stream (SSE): a `view`, then `patch` messages; ids are the log position. */
export const GET: RequestHandler = async (event) => {
	const { session, participant } = await traineeSession(event, event.params.id);
	return traineeStream(
		session,
		participant.id,
		lastEventId(event.request, event.url),
		event.request.signal
	);
};
