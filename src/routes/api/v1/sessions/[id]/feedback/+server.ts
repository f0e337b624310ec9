import { error, json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { feedbackBody } from '#lib/server/room/forms.js';
import { submitFeedback } from '#lib/server/room/service.js';
import { traineeSession, traineeToken } from '#lib/server/sessions/access.js';
import { refusal } from '../../../api';
import type { RequestHandler } from './$types';

/** A trainee's participant feedback form; sending it again replaces the earlier one. */
export const POST: RequestHandler = async (event) => {
	const { id } = event.params;
	if (event.locals.user && !traineeToken(event, id)) {
		error(403, 'Only trainees fill the participant feedback form.');
	}
	const { session, participant } = await traineeSession(event, id);
	const body = await readJson(event.request, feedbackBody);
	const result = await submitFeedback(session, participant, body);
	return refusal(result) ?? json({ seq: session.state.seq }, { status: 201 });
};
