import { json } from '@sveltejs/kit';
import { readJson } from '#lib/server/http.js';
import { signOff } from '#lib/server/sessions/service.js';
import { refusal, staffSessionFor, staffUser } from '../../../api';
import { signOffBody } from '../../../schemas';
import type { RequestHandler } from './$types';

/**
 * A security lead or admin signs off the ended session's after-action report with an optional
 * comment (issue 16): 403 for other roles, 409 before the end or when this account has signed.
 */
export const POST: RequestHandler = async (event) => {
	// The role comes first: a facilitator's sign-off is a 403 whatever its body says.
	staffUser(event, 'lead', 'admin');
	const { session, user } = await staffSessionFor(event, event.params.id, 'view');
	const { comment } = await readJson(event.request, signOffBody);
	const result = await signOff(session, user, comment);
	if (!result.ok) return refusal(result)!;
	const signed = session.state.signOffs?.find((s) => s.accountId === user.id);
	return json({ signOff: signed, seq: session.state.seq }, { status: 201 });
};
