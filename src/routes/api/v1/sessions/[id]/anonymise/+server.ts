import { json } from '@sveltejs/kit';
import { anonymiseSession } from '#lib/server/retention/erasure.js';
import { refusal, staffUser } from '../../../api';
import type { RequestHandler } from './$types';

/**
 * An admin replaces an ended session's trainee names by pseudonyms (issue 17); 409 while it has
 * not ended or when it was anonymised before.
 */
export const POST: RequestHandler = async (event) => {
	const user = staffUser(event, 'admin');
	const result = await anonymiseSession(
		event.params.id,
		{
			by: { id: user.id, name: user.name },
			actor: { id: user.id, email: user.email, role: user.role }
		},
		'manual'
	);
	if (!result.ok) return refusal(result)!;
	return json({ id: result.sessionId, title: result.title, done: 'anonymised' });
};
