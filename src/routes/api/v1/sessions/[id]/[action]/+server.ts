import { error } from '@sveltejs/kit';
import { CONTROL_ACTIONS, control, type ControlAction } from '#lib/server/sessions/service.js';
import { refusal, sessionStatus, staffSessionFor } from '../../../api';
import type { RequestHandler } from './$types';

const ACTIONS: readonly ControlAction[] = CONTROL_ACTIONS;

function isAction(action: string): action is ControlAction {
	return (ACTIONS as readonly string[]).includes(action);
}

/** start, pause, resume, reveal or end: the owner or an admin runs the session. */
export const POST: RequestHandler = async (event) => {
	const { action } = event.params;
	if (!isAction(action)) error(404, `No action '${action}'; use one of ${ACTIONS.join(', ')}.`);
	const { session, user } = await staffSessionFor(event, event.params.id, 'control');
	const result = await control(session, action, user);
	return refusal(result) ?? sessionStatus(session);
};
