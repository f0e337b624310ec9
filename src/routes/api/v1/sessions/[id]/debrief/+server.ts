import { error } from '@sveltejs/kit';
import {
	aarDocxResponse,
	debriefFor,
	debriefSession,
	exportResponse,
	type DebriefFormat
} from '#lib/server/debrief.js';
import type { RequestHandler } from './$types';

const FORMATS: readonly string[] = ['json', 'md', 'csv', 'docx'];

/**
 * The debrief of a session for staff who may view it: `?format=json` (default: the Debrief and
 * its improvement plan rows), `md` (the after-action report), `csv` (the scores) or `docx`
 * (the HSEEP AAR/IP as a Word document).
 */
export const GET: RequestHandler = async (event) => {
	// Who may look comes first: a bad format from a stranger is still a 401/403.
	const { session } = await debriefSession(event, event.params.id, 'view');
	const format = event.url.searchParams.get('format') ?? 'json';
	if (!FORMATS.includes(format)) {
		error(400, `format: use json, md, csv or docx (not '${format.slice(0, 20)}')`);
	}
	const bundle = await debriefFor(session);
	if (format === 'docx') return aarDocxResponse(session, bundle);
	return exportResponse(bundle, format as DebriefFormat, {
		download: format !== 'json'
	});
};
