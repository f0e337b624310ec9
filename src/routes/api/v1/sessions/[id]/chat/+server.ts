import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { chatBody } from '#lib/server/room/forms.js';
import { chat } from '#lib/server/room/service.js';
import { refusal, staffSessionFor, viewerFor } from '../../../api';
import type { RequestHandler } from './$types';

/**
 * A chat message (issue 13): a trainee writes in their team's channel or the room's; the
 * facilitator who runs the session (or an admin) anywhere, as exercise control. 201 once it is
 * on disk; the same `key` again answers 200 without recording it twice.
 */
export const POST: RequestHandler = async (event) => {
	const { id } = event.params;
	const viewer = await viewerFor(event, id);
	// Who may write is settled before the body is read: staff who may only look get 403, not 400.
	const author = viewer.participant
		? { participant: viewer.participant }
		: { user: (await staffSessionFor(event, id, 'control')).user };
	const body = await readJson(event.request, chatBody);
	const { session } = viewer;
	const result = await chat(session, author, body);
	if (!result.ok) return refusal(result)!;
	return json(
		{ messageId: result.id, seq: session.state.seq },
		{ status: result.replayed ? 200 : 201 }
	);
};
