import { staffSession } from '#lib/server/sessions/access.js';
import { facilitatorStream, lastEventId } from '#lib/server/sessions/stream.js';
import type { RequestHandler } from './$types';

/** The facilitator's live view (SSE): owner, admins and leads; see stream.ts for the protocol. */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	const { session } = await staffSession(locals, params.id, 'view');
	return facilitatorStream(session, lastEventId(request, url), request.signal);
};
