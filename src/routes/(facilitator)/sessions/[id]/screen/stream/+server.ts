import { staffSession } from '#lib/server/sessions/access.js';
import { lastEventId, screenStream } from '#lib/server/sessions/stream.js';
import type { RequestHandler } from './$types';

/** The big screen's live view (SSE): whoever may watch the console; see stream.ts. */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	const { session } = await staffSession(locals, params.id, 'view');
	return screenStream(session, lastEventId(request, url), request.signal);
};
