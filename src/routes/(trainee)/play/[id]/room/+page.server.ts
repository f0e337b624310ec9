import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { traineeView } from '#lib/engine/session/trainee-view.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { traineeToken } from '#lib/server/sessions/access.js';
import { hub } from '#lib/server/sessions/hub.js';
import { roomActions } from '../room-actions';
import type { PageServerLoad } from './$types';

/**
 * The team room (issue 13): chat, questions to exercise control, the incident record and the
 * participant feedback form. The same view as the play page (the stream keeps it current), so
 * the same rule: what traineeView gives this trainee, nothing more.
 */
export const load = (async (event) => {
	const { params } = event;
	const session = await hub.get(params.id);
	if (!session) error(404, 'No such session.');
	const participant = hub.participant(session, traineeToken(event, params.id));
	// Anyone without this session's token starts at the join page, as on the play page.
	if (!participant) redirect(303, '/join');
	const view = traineeView(session.scenario, session.state, participant.id, renderMarkdown)!;
	return {
		view,
		// The roles a message can mention as @role-id (names only; roles are no secret).
		roles: session.scenario.roles.map((r) => ({ id: r.id, name: r.name })),
		// A post sent twice (a double click, a retry, a refresh without JavaScript) lands once.
		keys: { chat: randomUUID(), rfi: randomUUID(), timeline: randomUUID(), evidence: randomUUID() }
	};
}) satisfies PageServerLoad;

// Posts without JavaScript come back to this page (the play page has the same actions).
export const actions = roomActions;
