import { json } from '@sveltejs/kit';
import { deleteSession } from '#lib/server/retention/erasure.js';
import { refusal, staffUser } from '../../api';
import type { RequestHandler } from './$types';

/** An admin deletes an ended session from every store (issue 17); 409 while it has not ended. */
export const DELETE: RequestHandler = async (event) => {
	const user = staffUser(event, 'admin');
	const result = await deleteSession(event.params.id, {
		by: { id: user.id, name: user.name },
		actor: { id: user.id, email: user.email, role: user.role }
	});
	if (!result.ok) return refusal(result)!;
	return json({ id: result.sessionId, title: result.title, done: 'deleted' });
};
