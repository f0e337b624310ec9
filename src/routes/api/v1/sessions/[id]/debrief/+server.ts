import { error } from '@sveltejs/kit';
import {
	debriefFor,
	debriefSession,
	exportResponse,
	type DebriefFormat
} from '#lib/server/debrief.js';
import type { RequestHandler } from './$types';

const FORMATS: readonly DebriefFormat[] = ['json', 'md', 'csv'];

/**
 * The debrief of a session for staff who may view it: `?format=json` (default: the Debrief and
 * its improvement plan rows), `md` (the after-action report) or `csv` (the scores).
 */
export const GET: RequestHandler = async (event) => {
	// Who may look comes first: a bad format from a stranger is still a 401/403.
	const { session } = await debriefSession(event, event.params.id, 'view');
	const format = event.url.searchParams.get('format') ?? 'json';
	if (!(FORMATS as readonly string[]).includes(format)) {
		error(400, `format: use json, md or csv (not '${format.slice(0, 20)}')`);
	}
	return exportResponse(await debriefFor(session), format as DebriefFormat, {
		download: format !== 'json'
	});
};
