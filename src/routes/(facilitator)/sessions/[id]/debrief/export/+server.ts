import { error } from '@sveltejs/kit';
import {
	aarDocxResponse,
	debriefFor,
	debriefSession,
	exportResponse,
	type DebriefFormat
} from '#lib/server/debrief.js';
import type { RequestHandler } from './$types';

const FORMATS: readonly string[] = ['md', 'json', 'csv', 'docx'];

/** The debrief as a download: `?format=md` (default), `json`, `csv` (the scores) or `docx` (the AAR/IP). */
export const GET: RequestHandler = async (event) => {
	// Who may look comes first: a bad format from a stranger is still a 401/403.
	const { session } = await debriefSession(event, event.params.id, 'view');
	const format = event.url.searchParams.get('format') ?? 'md';
	if (!FORMATS.includes(format)) {
		error(400, `Unknown format '${format.slice(0, 20)}': use md, json, csv or docx.`);
	}
	const bundle = await debriefFor(session);
	if (format === 'docx') return aarDocxResponse(session, bundle);
	return exportResponse(bundle, format as DebriefFormat, { download: true });
};
