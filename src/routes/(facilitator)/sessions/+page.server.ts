import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { staffMay } from '#lib/server/sessions/access.js';
import { formatJoinCode, hub } from '#lib/server/sessions/hub.js';
import type { PageServerLoad } from './$types';

/** Sessions per page. */
const PAGE_SIZE = 25;

export const load = (async (event) => {
	const user = requireUserOrRedirect(event, 'admin', 'facilitator', 'lead');
	const visible = (await hub.list()).filter((m) => staffMay(user, m.facilitatorId, 'view'));
	const pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
	const requested = Number(event.url.searchParams.get('page') ?? '1');
	const page = Number.isInteger(requested) ? Math.min(Math.max(1, requested), pages) : 1;
	const slice = visible.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	const sessions = await Promise.all(
		slice.map(async (m) => {
			// Sessions written before the index counted participants are opened once to count them.
			const count = m.participants ?? (await hub.get(m.id))?.meta.participants ?? null;
			return {
				id: m.id,
				title: m.title,
				scenarioTitle: m.scenarioTitle,
				scenarioId: m.scenarioId,
				status: m.status,
				joinCode: m.status === 'ended' ? null : formatJoinCode(m.joinCode),
				teams: m.teams.map((t) => t.name),
				participants: count,
				createdAt: m.createdAt,
				startedAt: m.startedAt,
				endedAt: m.endedAt,
				mine: m.facilitatorId === user.id
			};
		})
	);
	return {
		sessions,
		page,
		pages,
		total: visible.length,
		canCreate: user.role !== 'lead'
	};
}) satisfies PageServerLoad;
