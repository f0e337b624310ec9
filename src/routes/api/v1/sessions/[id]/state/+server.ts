import { json } from '@sveltejs/kit';
import { facilitatorView } from '#lib/engine/session/facilitator-view.js';
import { facilitatorRoom } from '#lib/engine/session/room-view.js';
import { traineeView } from '#lib/engine/session/trainee-view.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { viewerFor } from '../../../api';
import type { RequestHandler } from './$types';

/** What the caller may see now: a trainee their TraineeView, staff the FacilitatorView and the room. */
export const GET: RequestHandler = async (event) => {
	const viewer = await viewerFor(event, event.params.id);
	const { session } = viewer;
	const now = Date.now();
	const headers = { 'cache-control': 'no-store' };
	if (viewer.participant) {
		const view = traineeView(
			session.scenario,
			session.state,
			viewer.participant.id,
			renderMarkdown
		);
		return json({ ...view, serverNow: now }, { headers });
	}
	const view = facilitatorView(session.scenario, session.state, now, session.expectedMs);
	const room = facilitatorRoom(session.scenario, session.state, renderMarkdown);
	return json({ ...view, room, serverNow: now }, { headers });
};
