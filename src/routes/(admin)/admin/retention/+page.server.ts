import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import type { User } from '#lib/server/auth/types.js';
import { RETENTION_DAYS, RETENTION_SWEEP_MS } from '#lib/server/config.js';
import { readForm } from '#lib/server/http.js';
import { anonymiseSession, deleteSession } from '#lib/server/retention/erasure.js';
import { describeRetention } from '#lib/server/retention/policy.js';
import { hub } from '#lib/server/sessions/hub.js';
import type { Actions, PageServerLoad } from './$types';

/** The retention setting and every ended session, for an admin to anonymise or delete. */
export const load = (async (event) => {
	requireUserOrRedirect(event, 'admin');
	const sessions = (await hub.list()).filter((m) => m.status === 'ended');
	return {
		retention: describeRetention(RETENTION_DAYS),
		days: RETENTION_DAYS,
		sweepMinutes: Math.round(RETENTION_SWEEP_MS / 60_000),
		sessions: sessions.map((m) => ({
			id: m.id,
			title: m.title,
			scenarioTitle: m.scenarioTitle,
			participants: m.participants ?? 0,
			endedAt: m.endedAt,
			anonymisedAt: m.anonymisedAt ?? null
		}))
	};
}) satisfies PageServerLoad;

/** The session and the title typed to confirm: it must match the session's title exactly. */
const erasureForm = z.object({
	id: z.string().min(1).max(64),
	confirm: z.string().max(200)
});

async function erase(request: Request, user: User, action: 'anonymise' | 'delete') {
	const form = await readForm(request, erasureForm);
	if ('errors' in form) return fail(400, { action, message: 'Choose a session.' });
	const { id, confirm } = form.data;
	const meta = (await hub.list()).find((m) => m.id === id);
	if (!meta) return fail(404, { action, id, message: 'No such session.' });
	if (confirm.trim() !== meta.title.trim())
		return fail(400, {
			action,
			id,
			message: `Type the session's title, “${meta.title}”, to confirm.`
		});
	const who = {
		by: { id: user.id, name: user.name },
		actor: { id: user.id, email: user.email, role: user.role }
	};
	const result =
		action === 'anonymise'
			? await anonymiseSession(id, who, 'manual')
			: await deleteSession(id, who);
	if (!result.ok) return fail(result.status, { action, id, message: result.message });
	return {
		action,
		saved:
			action === 'anonymise'
				? `Anonymised “${result.title}”: its trainees are named by pseudonyms now.`
				: `Deleted “${result.title}” and everything derived from it.`
	};
}

export const actions = {
	anonymise: async ({ locals, request }) =>
		erase(request, requireUser(locals, 'admin'), 'anonymise'),
	delete: async ({ locals, request }) => erase(request, requireUser(locals, 'admin'), 'delete')
} satisfies Actions;
