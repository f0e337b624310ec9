import { error } from '@sveltejs/kit';
import {
	debriefFor,
	debriefSession,
	exportResponse,
	type DebriefFormat
} from '#lib/server/debrief.js';
import type { RequestHandler } from './$types';

const FORMATS: readonly DebriefFormat[] = ['md', 'json', 'csv'];

/** The debrief as a download: `?format=md` (default), `json` or `csv` (the scores). */
export const GET: RequestHandler = async (event) => {
	// Who may look comes first: a bad format from a stranger is still a 401/403.
	const { session } = await debriefSession(event, event.params.id, 'view');
	const format = event.url.searchParams.get('format') ?? 'md';
	if (!(FORMATS as readonly string[]).includes(format)) {
		error(400, `Unknown format '${format.slice(0, 20)}': use md, json or csv.`);
	}
	return exportResponse(await debriefFor(session), format as DebriefFormat, { download: true });
};
