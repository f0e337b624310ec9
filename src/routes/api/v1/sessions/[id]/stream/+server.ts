import { facilitatorStream, lastEventId, traineeStream } from '#lib/server/sessions/stream.js';
import { viewerFor } from '../../../api';
import type { RequestHandler } from './$types';

/** Server-Sent Events: a trainee's view and patches, or the facilitator's view, by caller. */
export const GET: RequestHandler = async (event) => {
	const viewer = await viewerFor(event, event.params.id);
	const since = lastEventId(event.request, event.url);
	const { signal } = event.request;
	return viewer.participant
		? traineeStream(viewer.session, viewer.participant.id, since, signal)
		: facilitatorStream(viewer.session, since, signal);
};
