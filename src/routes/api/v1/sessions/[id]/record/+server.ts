import { debriefSession } from '#lib/server/debrief.js';
import { recordOf } from '#lib/server/evidence/export.js';
import { serializeRecord } from '#lib/evidence/record.js';
import type { RequestHandler } from './$types';

/**
 * The session's tamper-evident record (issue 16) as a download, for staff who may see its
 * debrief: the frozen scenario, every event with its hash link, the seal and a signature made
 * now. `npm run verify -- <file>` or /verify checks it.
 */
export const GET: RequestHandler = async (event) => {
	const { session, user } = await debriefSession(event, event.params.id, 'view');
	const record = await recordOf(session, user);
	return new Response(serializeRecord(record), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="sandtable-record-${record.sessionId}.json"`,
			'cache-control': 'no-store'
		}
	});
};
