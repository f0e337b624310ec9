import { error } from '@sveltejs/kit';
import { debriefSession } from '#lib/server/debrief.js';
import { evidencePack } from '#lib/server/evidence/pack.js';
import type { RequestHandler } from './$types';

/**
 * The exercise's evidence pack (a zip with a signed manifest; docs/evidence.md), for whoever may
 * see the debrief, once the session has ended.
 */
export const GET: RequestHandler = async (event) => {
	const { session, user } = await debriefSession(event, event.params.id, 'view');
	if (session.state.status !== 'ended')
		error(409, 'The evidence pack is made once the exercise has ended.');
	const zip = await evidencePack(session, user, event.url.origin);
	return new Response(new Uint8Array(zip), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="evidence-pack-${session.id}.zip"`,
			'cache-control': 'no-store'
		}
	});
};
