import { improvements } from '#lib/server/app.js';
import { listScenarios } from '#lib/server/scenarios.js';
import { staffMay } from '#lib/server/sessions/access.js';
import { formatJoinCode, hub } from '#lib/server/sessions/hub.js';
import { sessionOwners, visibleTo } from '#lib/server/improvements/access.js';
import { isOverdue, isoDay } from '#lib/server/improvements/filters.js';
import type { PageServerLoad } from './$types';

/**
 * The start page. Trainees (and anyone signed out) get the way in to an exercise; staff get what
 * needs them now: sessions in progress, the latest debriefs, items waiting for review.
 */
export const load = (async ({ locals }) => {
	const user = locals.user;
	if (!user) return { staff: null };
	const visible = (await hub.list()).filter((m) => staffMay(user, m.facilitatorId, 'view'));
	const row = (m: (typeof visible)[number]) => ({
		id: m.id,
		title: m.title,
		scenarioTitle: m.scenarioTitle,
		status: m.status,
		teams: m.teams.length,
		participants: m.participants ?? null,
		joinCode: m.status === 'ended' ? null : formatJoinCode(m.joinCode),
		at: m.endedAt ?? m.startedAt ?? m.createdAt
	});
	const items = visibleTo(user, (await improvements()).list(), await sessionOwners());
	const today = isoDay(new Date());
	const scenarios = await listScenarios();
	return {
		staff: {
			name: user.name,
			canRun: user.role !== 'lead',
			active: visible
				.filter((m) => m.status !== 'ended')
				.slice(0, 8)
				.map(row),
			recent: visible
				.filter((m) => m.status === 'ended')
				.slice(0, 5)
				.map(row),
			items: {
				pending: items.filter((i) => i.review === 'pending').length,
				overdue: items.filter((i) => isOverdue(i, today)).length,
				open: items.filter((i) => i.review === 'accepted' && i.status !== 'verified').length
			},
			scenarios: {
				playable: scenarios.filter((s) => s.valid).length,
				broken: scenarios.filter((s) => !s.valid).length
			}
		}
	};
}) satisfies PageServerLoad;
