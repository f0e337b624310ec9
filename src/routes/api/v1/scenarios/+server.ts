import { json } from '@sveltejs/kit';
import { MAX_SCENARIO_BYTES } from '#lib/engine/scenario/load.js';
import { listScenarios } from '#lib/server/scenarios.js';
import { uploadChecked } from '#lib/server/scenario-replace.js';
import { readTextBody, staffUser, uploadFileName } from '../api';
import { scenarioSummary } from '../present';
import type { RequestHandler } from './$types';

/** The scenario library, valid or not, with each file's check results. */
export const GET: RequestHandler = async (event) => {
	staffUser(event);
	return json((await listScenarios()).map(scenarioSummary));
};

/**
 * Uploads a scenario file (the YAML text as the body); stored only when it checks clean. An id
 * that exists among the uploads is replaced only with `?replace=true` (else 409 naming it).
 */
export const POST: RequestHandler = async (event) => {
	staffUser(event, 'facilitator', 'admin');
	const bytes = await readTextBody(event.request, MAX_SCENARIO_BYTES);
	const replace = event.url.searchParams.get('replace');
	if (replace !== null && replace !== 'true' && replace !== 'false') {
		return json({ error: "replace: expected 'true' or 'false'" }, { status: 400 });
	}
	const result = await uploadChecked(
		bytes,
		uploadFileName(event.url.searchParams.get('file')),
		replace === 'true'
	);
	if (!result.ok) {
		const { status, message, errors, warnings, existing } = result;
		if (existing) return json({ error: message, existing, warnings }, { status });
		return json(status === 422 ? { error: message, errors, warnings } : { error: message }, {
			status
		});
	}
	const { entry, replaced } = result;
	return json(
		{ id: entry.id, hash: entry.hash, replaced, warnings: entry.warnings },
		{ status: 201 }
	);
};
