import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { complianceNow } from '#lib/server/evidence/compliance.js';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin', 'lead');
	const view = await complianceNow();
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	// Only what the page shows: no item histories, dates as plain days.
	return {
		defaultIntervalMonths: view.defaultIntervalMonths,
		overdue: view.standards.reduce((n, s) => n + s.overdue, 0),
		standards: view.standards.map((s) => ({
			id: s.id,
			name: s.name,
			overdue: s.overdue,
			requirements: s.requirements.map((r) => ({
				id: r.id,
				reference: r.reference,
				summary: r.summary,
				intervalMonths: r.intervalMonths,
				intervalFrom: r.intervalFrom,
				overdue: r.overdue,
				due: r.dueAt === null ? null : day(r.dueAt),
				exercises: r.exercises,
				last: r.lastTested && {
					sessionId: r.lastTested.sessionId,
					title: r.lastTested.title,
					ended: day(r.lastTested.endedAt),
					score: r.lastTested.score === null ? null : Math.round(r.lastTested.score),
					why: [
						...new Set(r.lastTested.why.csf.map((c) => c.scenario)),
						...r.lastTested.why.phases
					],
					openItems: r.lastTested.openItems.map((i) => ({
						id: i.id,
						issue: i.issue,
						state: i.review === 'accepted' ? i.status : i.review
					}))
				}
			}))
		}))
	};
}) satisfies PageServerLoad;
