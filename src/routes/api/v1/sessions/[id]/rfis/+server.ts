import { error, json } from '@sveltejs/kit';
import { facilitatorRoom } from '#lib/engine/session/room-view.js';
import { readJson } from '#lib/server/http.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { rfiBody } from '#lib/server/room/forms.js';
import { askRfi } from '#lib/server/room/service.js';
import { traineeSession, traineeToken } from '#lib/server/sessions/access.js';
import { refusal, staffSessionFor } from '../../../api';
import type { RequestHandler } from './$types';

/** Every request for information of the session with its answer and response time (staff). */
export const GET: RequestHandler = async (event) => {
	const { session } = await staffSessionFor(event, event.params.id, 'view');
	const room = facilitatorRoom(session.scenario, session.state, renderMarkdown);
	return json({ rfis: room.rfis, open: room.openRfis });
};

/** A trainee asks exercise control a question for their team. */
export const POST: RequestHandler = async (event) => {
	const { id } = event.params;
	if (event.locals.user && !traineeToken(event, id)) {
		error(403, 'Only trainees ask; exercise control answers at /rfis/{rfiId}.');
	}
	const { session, participant } = await traineeSession(event, id);
	const body = await readJson(event.request, rfiBody);
	const result = await askRfi(session, participant, body);
	if (!result.ok) return refusal(result)!;
	return json(
		{ rfiId: result.id, seq: session.state.seq },
		{ status: result.replayed ? 200 : 201 }
	);
};
