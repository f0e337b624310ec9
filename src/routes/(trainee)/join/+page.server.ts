import { fail, redirect } from '@sveltejs/kit';
import { readForm } from '#lib/server/http.js';
import { setParticipantCookie } from '#lib/server/sessions/access.js';
import { hub } from '#lib/server/sessions/hub.js';
import { choices, joinedSessions, lookUpCode, rejoining } from './lookup.server';
import { joinForm } from './schema';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url, cookies, getClientAddress, setHeaders }) => {
	const joined = await joinedSessions(cookies);
	const code = url.searchParams.get('code')?.trim();
	if (!code) return { joined, code: '', problem: null, session: null };
	const found = await lookUpCode(code, getClientAddress());
	if (!found.ok) {
		if (found.retryAfterSeconds) setHeaders({ 'retry-after': String(found.retryAfterSeconds) });
		return { joined, code, problem: found.message, session: null };
	}
	// Identity is kept in this browser: back to the exercise rather than joining twice.
	if (rejoining(found.session, cookies)) redirect(303, `/play/${found.session.id}`);
	return { joined, code, problem: null, session: choices(found.session) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { request, cookies } = event;
		const form = await readForm(request, joinForm);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const { code, name, team, role } = form.data;
		const values = { name, team, role };
		const found = await lookUpCode(code, event.getClientAddress());
		if (!found.ok) {
			if (found.retryAfterSeconds)
				event.setHeaders({ 'retry-after': String(found.retryAfterSeconds) });
			return fail(found.status, { errors: { code: found.message }, values });
		}
		const { session } = found;
		if (rejoining(session, cookies)) redirect(303, `/play/${session.id}`);
		const errors: Record<string, string> = {};
		if (!session.meta.teams.some((t) => t.id === team))
			errors.team = 'That team is not in this session; choose one from the list.';
		if (!session.scenario.roles.some((r) => r.id === role))
			errors.role = 'That role is not in this scenario; choose one from the list.';
		if (Object.keys(errors).length > 0) return fail(400, { errors, values });
		const joined = await hub.join(session, { name, teamId: team, role });
		if (!joined.ok) return fail(joined.status, { errors: { form: joined.message }, values });
		setParticipantCookie(cookies, session.id, joined.token);
		redirect(303, `/play/${session.id}`);
	}
} satisfies Actions;
