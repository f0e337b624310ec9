import { error, redirect } from '@sveltejs/kit';
import { roomOf } from '#lib/engine/session/room.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { traineeToken } from '#lib/server/sessions/access.js';
import { hub } from '#lib/server/sessions/hub.js';
import { traineeResults } from './results';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const session = await hub.get(event.params.id);
	if (!session) error(404, 'No such session.');
	const participant = hub.participant(session, traineeToken(event, event.params.id));
	// Anyone without this session's token starts at the join page, as on the play page.
	if (!participant) redirect(303, '/join');
	// Before the reveal this is only a notice; after it, only this trainee's and their team's data.
	const results = traineeResults(session.scenario, session.state, participant.id, renderMarkdown)!;
	// The participant feedback form (on the room page) is open once play has started.
	const feedback =
		session.state.status === 'lobby'
			? null
			: { sent: roomOf(session.state).feedback[participant.id] !== undefined };
	return { sessionId: session.id, results, feedback };
}) satisfies PageServerLoad;
