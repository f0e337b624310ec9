import { redirect } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { clearSessionCookie, SESSION_COOKIE } from '#lib/server/auth/cookie.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	// POST only: a link or an image on another site must not be able to sign people out.
	default: async ({ cookies }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await (await getAuth()).endSession(token);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
} satisfies Actions;
