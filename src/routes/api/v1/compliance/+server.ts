import { json } from '@sveltejs/kit';
import { complianceNow } from '#lib/server/evidence/compliance.js';
import { staffUser } from '../api';
import type { RequestHandler } from './$types';

/**
 * The compliance view as JSON, for leads and admins: per standard and requirement, the last
 * exercise that evidenced it, its score and open items, when the next test is due and whether it
 * is overdue. 401 without credentials, 403 for other roles and trainee tokens.
 */
export const GET: RequestHandler = async (event) => {
	staffUser(event, 'admin', 'lead');
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
