import { json } from '@sveltejs/kit';
import { complianceNow, controlMappingFor } from '#lib/server/evidence/compliance.js';
import { jsonError } from '#lib/server/http.js';
import { staffUser } from '../api';
import type { RequestHandler } from './$types';

/**
 * The compliance view as JSON, for leads and admins: per standard and requirement, the last
 * exercise that evidenced it, its score and open items, when the next test is due and whether it
 * is overdue. With `session=<id>`, the requirements that one ended exercise evidences and why
 * (404 for an unknown or unfinished session). 401 without credentials, 403 for other roles and
 * trainee tokens.
 */
export const GET: RequestHandler = async (event) => {
	staffUser(event, 'admin', 'lead');
	const sessionId = event.url.searchParams.get('session');
	if (sessionId !== null) {
		const evidences = await controlMappingFor(sessionId);
		if (!evidences) return jsonError(404, 'No ended session with this id.');
		return json({ sessionId, evidences }, { headers: { 'cache-control': 'no-store' } });
	}
	const view = await complianceNow();
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	return json(
		{
			defaultIntervalMonths: view.defaultIntervalMonths,
			standards: view.standards.map((s) => ({
				...s,
				requirements: s.requirements.map((r) => ({
					...r,
					dueAt: iso(r.dueAt),
					lastTested: r.lastTested && {
						...r.lastTested,
						endedAt: iso(r.lastTested.endedAt),
						openItems: r.lastTested.openItems.map((i) => ({
							id: i.id,
							issue: i.issue,
							owner: i.owner,
							dueDate: i.dueDate,
							review: i.review,
							status: i.status
						}))
					}
				}))
			}))
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
